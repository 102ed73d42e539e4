package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/user"
)

// HabitExcuses returns the excuses the scope's customers gave from from
// to to with what habit 5 reads of what followed each — the days to the
// next call (0: none yet) against the customer's cadence, and whether a
// dispute of its invoices was opened within excuse.FollowDays — so that
// excuse.Observed.Accepted says of each what it says of
// ExcuseObservations' (Paid, Promised and Kept are not read and stay
// false). The next call is found through the calls' index by customer and
// the disputes of the span are read once: the scorecard reads every
// excuse of the company's month.
func (s *Store) HabitExcuses(ctx context.Context, sc user.Scope, from, to civil.Date) (out []excuse.Observed, err error) {
	defer wrap(&err, "store.HabitExcuses")
	err = s.readTx(ctx, func(q querier) error {
		p, _, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		opened := map[int64][]civil.Date{}
		var cust int64
		var on civil.Date
		args := []any{from, to.AddDays(excuse.FollowDays)}
		if err := scanEach(ctx, q, `SELECT i.customer_id, d.opened_on FROM disputes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id
			WHERE d.opened_on >= $1 AND d.opened_on <= $2 AND `+scopeClause(sc, &args), args, []any{&cust, &on}, func() { opened[cust] = append(opened[cust], on) }); err != nil {
			return err
		}
		var o excuse.Observed
		var tier string
		var days int
		var next civil.Date
		args = []any{from, to}
		return scanEach(ctx, q, `SELECT k.id, k.customer_id, c.code, r.code, k.call_date, k.excuse, k.excuse_amount, c.credit_tier, c.followup_days,
				CASE WHEN EXISTS (SELECT 1 FROM calls n WHERE n.customer_id = k.customer_id AND n.call_date = k.call_date AND n.id > k.id) THEN k.call_date
				ELSE (SELECT MIN(n.call_date) FROM calls n WHERE n.customer_id = k.customer_id AND n.call_date > k.call_date) END
			FROM calls k JOIN customers c ON c.id = k.customer_id JOIN reps r ON r.id = c.rep_id
			WHERE k.disposition = 'reached-excuse' AND k.call_date >= $1 AND k.call_date <= $2 AND `+scopeClause(sc, &args)+` ORDER BY k.call_date, k.id`,
			args, []any{&o.CallID, &cust, &o.Customer, &o.Rep, &o.Date, &o.Category, &o.Amount, &tier, &days, &nullDate{&next}}, func() {
				x := o
				x.Cadence = p.DaysBetween(followup.Customer{Tier: ledger.Tier(tier), IntervalDays: days})
				if next != 0 {
					x.NextCall = max(next.Sub(x.Date), 1) // a second call the same day counts as the next day's
				}
				for _, d := range opened[cust] {
					x.Disputed = x.Disputed || d >= x.Date && d.Sub(x.Date) <= excuse.FollowDays
				}
				next = 0
				out = append(out, x)
			})
	})
	return out, err
}
