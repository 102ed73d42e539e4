package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/user"
)

// ExcuseObservations returns the excuses the scope's customers gave from
// from to to, each with what followed it: a payment, a promise (kept or
// not) and a dispute within excuse.FollowDays, and the days to the next
// call, against the customer's cadence. What followed is read up to
// excuse.FollowDays after to (or the cadence's longest, for the next call).
func (s *Store) ExcuseObservations(ctx context.Context, sc user.Scope, from, to civil.Date) (_ []excuse.Observed, err error) {
	defer wrap(&err, "store.ExcuseObservations")
	p, err := s.FollowupPolicy(ctx)
	if err != nil {
		return nil, err
	}
	var out []excuse.Observed
	err = s.readTx(ctx, func(q querier) error {
		args := []any{from, to}
		cond := scopeClause(sc, &args)
		rows, err := q.QueryContext(ctx, `SELECT k.id, k.customer_id, c.code, r.code, k.call_date, k.excuse, k.excuse_amount, k.notes, c.credit_tier, c.followup_days
			FROM calls k JOIN customers c ON c.id = k.customer_id JOIN reps r ON r.id = c.rep_id
			WHERE k.disposition = 'reached-excuse' AND k.call_date >= $1 AND k.call_date <= $2 AND `+cond+` ORDER BY k.call_date, k.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var custOf []int64
		for rows.Next() {
			var o excuse.Observed
			var cid int64
			var tier string
			var days int
			if err := rows.Scan(&o.CallID, &cid, &o.Customer, &o.Rep, &o.Date, &o.Category, &o.Amount, &o.Notes, &tier, &days); err != nil {
				return err
			}
			o.Cadence = p.DaysBetween(followup.Customer{Tier: ledger.Tier(tier), IntervalDays: days})
			out = append(out, o)
			custOf = append(custOf, cid)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return followedBy(ctx, q, out, custOf, to)
	})
	return out, err
}

// followedBy fills in what followed each excuse, from the customers'
// payments, promises, disputes and calls after the first excuse.
func followedBy(ctx context.Context, q querier, obs []excuse.Observed, custOf []int64, to civil.Date) error {
	if len(obs) == 0 {
		return nil
	}
	since, until := obs[0].Date, to.AddDays(excuse.FollowDays+90)
	ids := map[int64]bool{}
	for _, id := range custOf {
		ids[id] = true
	}
	var list []int64
	for id := range ids {
		list = append(list, id)
	}
	type event struct {
		date   civil.Date
		callID int64
		kept   bool
	}
	pays, promises, disputes, calls := map[int64][]event{}, map[int64][]event{}, map[int64][]event{}, map[int64][]event{}
	load := func(query string, into map[int64][]event, withFlag bool) error {
		return inChunks(list, 500, func(chunk []int64) error {
			args := []any{since, until}
			rows, err := q.QueryContext(ctx, query+` AND customer_id IN (`+placeholders(3, len(chunk))+`)`, append(args, anys(chunk)...)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var cid int64
				var e event
				dst := []any{&cid, &e.date, &e.callID}
				if withFlag {
					dst = append(dst, &e.kept)
				}
				if err := rows.Scan(dst...); err != nil {
					return err
				}
				into[cid] = append(into[cid], e)
			}
			return rows.Err()
		})
	}
	if err := load(`SELECT customer_id, date, 0 FROM payments WHERE date >= $1 AND date <= $2`, pays, false); err != nil {
		return err
	}
	if err := load(`SELECT customer_id, made_on, COALESCE(call_id, 0), status = 'kept' FROM commitments WHERE made_on >= $1 AND made_on <= $2 AND cancelled = 0`, promises, true); err != nil {
		return err
	}
	if err := load(`SELECT customer_id, opened_on, 0 FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE d.opened_on >= $1 AND d.opened_on <= $2`, disputes, false); err != nil {
		return err
	}
	if err := load(`SELECT customer_id, call_date, id FROM calls WHERE call_date >= $1 AND call_date <= $2`, calls, false); err != nil {
		return err
	}
	within := func(e event, o excuse.Observed) bool {
		return e.date >= o.Date && e.date.Sub(o.Date) <= excuse.FollowDays
	}
	for i := range obs {
		o, cid := &obs[i], custOf[i]
		for _, e := range pays[cid] {
			o.Paid = o.Paid || within(e, *o)
		}
		for _, e := range promises[cid] {
			if within(e, *o) || e.callID == o.CallID {
				o.Promised = true
				o.Kept = o.Kept || e.kept
			}
		}
		for _, e := range disputes[cid] {
			o.Disputed = o.Disputed || within(e, *o)
		}
		for _, e := range calls[cid] {
			if (e.date > o.Date || e.date == o.Date && e.callID > o.CallID) && (o.NextCall == 0 || e.date.Sub(o.Date) < o.NextCall) {
				o.NextCall = max(e.date.Sub(o.Date), 1) // a second call the same day counts as the next day's
			}
		}
	}
	return nil
}
