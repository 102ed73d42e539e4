package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// CommitmentHistories loads, for every customer with commitments, what the
// credibility model learns from: its commitments with their outcomes, its
// payments and its credit tier.
func (s *Store) CommitmentHistories(ctx context.Context) (_ []commitment.History, err error) {
	defer wrap(&err, "store.CommitmentHistories")
	return s.ScopedHistories(ctx, user.Scope{All: true})
}

// ScopedHistories is CommitmentHistories for the customers a scope sees.
func (s *Store) ScopedHistories(ctx context.Context, sc user.Scope) (_ []commitment.History, err error) {
	defer wrap(&err, "store.ScopedHistories")
	var args []any
	cond := scopeClause(sc, &args)
	whole := ""
	if sc.All {
		whole = `SELECT customer_id FROM commitments`
	}
	return s.histories(ctx, cond, args, whole)
}

// OpenDueHistories is ScopedHistories for only the customers with a
// promise open (as stored) and due after from and by to: the ones whose
// open promises the month's committed part can count
// (commitment.CommittedWeighted as of from gives the same sum from them as
// from all). A rep's attainment needs a few histories, not fifty.
func (s *Store) OpenDueHistories(ctx context.Context, sc user.Scope, from, to civil.Date) (_ []commitment.History, err error) {
	defer wrap(&err, "store.OpenDueHistories")
	args := []any{from, to}
	cond := `c.id IN (SELECT customer_id FROM commitments WHERE status = 'open' AND due_date > $1 AND due_date <= $2) AND ` + scopeClause(sc, &args)
	return s.histories(ctx, cond, args, "")
}

// histories loads the histories of the customers with commitments that
// cond (over customers c and commitments m) selects. When whole is a query
// of those customers' ids, their documents are read in one pass, which
// beats a lookup per customer when they are most of the company.
func (s *Store) histories(ctx context.Context, cond string, args []any, whole string) ([]commitment.History, error) {
	var out []commitment.History
	err := s.readTx(ctx, func(q querier) error {
		byID := map[int64]*commitment.History{}
		var order []int64
		rows, err := q.QueryContext(ctx, `SELECT m.customer_id, c.code, c.credit_tier, m.id, m.amount, m.due_date, m.made_on, m.cancelled, m.support_kind, m.status, m.fulfilled, m.decided_on, m.plan_id IS NOT NULL
			FROM commitments m JOIN customers c ON c.id = m.customer_id WHERE `+cond+` ORDER BY m.customer_id, m.id`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var cid, amount, fulfilled int64
			var code, tier, kind, status string
			var cancelled int
			var planned bool // a plan's milestone: the plan is its support
			var c commitment.Commitment
			var o commitment.Outcome
			if err := rows.Scan(&cid, &code, &tier, &c.ID, &amount, &c.Due, &c.Made, &cancelled, &kind, &status, &fulfilled, &nullDate{&o.DecidedOn}, &planned); err != nil {
				rows.Close()
				return err
			}
			h := byID[cid]
			if h == nil {
				h = &commitment.History{Customer: code, Tier: int(tier[0] - 'A')}
				byID[cid] = h
				order = append(order, cid)
			}
			c.Amount, c.Cancelled, c.Supported = money.Amount(amount), cancelled != 0, kind != "" || planned
			o.Status, o.Fulfilled = commitment.Status(status), money.Amount(fulfilled)
			h.Commitments = append(h.Commitments, c)
			h.Outcomes = append(h.Outcomes, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		pays := map[int64][]commitment.Payment{}
		invs := map[int64][]commitment.Invoice{}
		excuses := map[int64][]civil.Date{}
		load := func(in string, args ...any) error {
			if err := byCustomer(ctx, q, pays, paymentFields, `SELECT customer_id, date, amount FROM payments WHERE customer_id IN (`+in+`)`, args...); err != nil {
				return err
			}
			if err := byCustomer(ctx, q, excuses, dateFields, `SELECT customer_id, call_date FROM calls WHERE disposition = 'reached-excuse' AND customer_id IN (`+in+`)`, args...); err != nil {
				return err
			}
			return byCustomer(ctx, q, invs, invoiceFields, `SELECT customer_id, issue_date, due_date, amount FROM invoices WHERE customer_id IN (`+in+`)`, args...)
		}
		if whole != "" {
			err = load(whole)
		} else {
			err = inChunks(order, 500, func(chunk []int64) error { return load(placeholders(1, len(chunk)), anys(chunk)...) })
		}
		if err != nil {
			return err
		}
		for id, h := range byID {
			h.Payments, h.Invoices, h.Excuses = pays[id], byDue(invs[id]), excuses[id]
		}
		for _, id := range order {
			out = append(out, *byID[id])
		}
		return nil
	})
	return out, err
}

// DailyReceipts returns the money received on each day from the customers
// a scope sees, and the first day with a payment.
func (s *Store) DailyReceipts(ctx context.Context, sc user.Scope) (_ commitment.Daily, _ civil.Date, err error) {
	defer wrap(&err, "store.DailyReceipts")
	var args []any
	cond := scopeClause(sc, &args)
	rows, err := s.r.QueryContext(ctx, `SELECT p.date, CAST(SUM(p.amount) AS BIGINT) FROM payments p JOIN customers c ON c.id = p.customer_id WHERE `+cond+` GROUP BY p.date`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	daily := commitment.Daily{}
	var first civil.Date
	for rows.Next() {
		var d civil.Date
		var amt int64
		if err := rows.Scan(&d, &amt); err != nil {
			return nil, 0, err
		}
		daily[d] = money.Amount(amt)
		if first == 0 || d < first {
			first = d
		}
	}
	return daily, first, rows.Err()
}
