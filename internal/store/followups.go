package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// SettingFollowup keeps the installation's follow-up cadence.
const SettingFollowup = "followup_policy"

// FollowupPolicy returns the installation's cadence, or the defaults.
func (s *Store) FollowupPolicy(ctx context.Context) (_ followup.Policy, err error) {
	defer wrap(&err, "store.FollowupPolicy")
	p, _, err := followupRules(ctx, s.r)
	return p, err
}

// SetFollowupPolicy changes the cadence.
func (s *Store) SetFollowupPolicy(ctx context.Context, actor Actor, p followup.Policy) (err error) {
	defer wrap(&err, "store.SetFollowupPolicy")
	var bad errs.Invalid
	for _, t := range []string{"A", "B", "C", "D"} {
		if v := p.Interval[ledger.Tier(t)]; v < 1 || v > 90 {
			bad.Add(0, "interval_days."+t, "the days between calls for tier %s must be 1 to 90, not %d", t, v)
		}
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"reminder_days", p.ReminderDays}, {"after_broken_days", p.AfterBrokenDays}, {"retry_days", p.RetryDays}, {"soon_days", p.SoonDays}} {
		if f.v < 0 || f.v > 30 {
			bad.Add(0, f.name, "%s must be 0 to 30, not %d", f.name, f.v)
		}
	}
	if p.Capacity < 1 || p.Capacity > 500 {
		bad.Add(0, "capacity", "calls a day must be 1 to 500, not %d", p.Capacity)
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.putSetting(ctx, actor, SettingFollowup, p)
}

// followupRules reads the cadence and the working-day calendar.
func followupRules(ctx context.Context, q querier) (followup.Policy, civil.Calendar, error) {
	p := followup.DefaultPolicy()
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, SettingFollowup).Scan(&v)
	if err == nil {
		err = jsonUnmarshal(v, &p)
	} else if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return p, civil.Calendar{}, err
	}
	r, err := commitmentRules(ctx, q)
	return p, r.Calendar, err
}

// loadFollowupCustomers loads what the cadence needs of the customers cond
// (over customers c) selects, as of today: their follow-up state (last
// calls, the next call set) and their history (open items, receipts,
// promises), summarised by p.Summarize. Receipts are summed in SQL over
// the summary's window, and only the promises it keeps are loaded.
func loadFollowupCustomers(ctx context.Context, q querier, cond string, args []any, today civil.Date, p followup.Policy) ([]followup.Customer, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.code, c.name, c.phone, r.code, c.credit_tier, c.followup_days, c.open_items,
		c.last_call_on, c.last_contact_on, c.last_disposition, c.next_set_on
		FROM customers c JOIN reps r ON r.id = c.rep_id WHERE `+cond+` ORDER BY c.code`, args...)
	if err != nil {
		return nil, err
	}
	var out []followup.Customer
	var hist []followup.History
	var ids []int64
	byID := map[int64]int{}
	for rows.Next() {
		var id int64
		var c followup.Customer
		var tier, items string
		if err := rows.Scan(&id, &c.Code, &c.Name, &c.Phone, &c.Rep, &tier, &c.IntervalDays, &items,
			&nullDate{&c.LastCall}, &nullDate{&c.LastContact}, &c.LastDisposition, &nullDate{&c.NextSet}); err != nil {
			rows.Close()
			return nil, err
		}
		c.Tier = ledger.Tier(tier)
		open, err := decodeOpenItems(items)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("customer %s: %w", c.Code, err)
		}
		byID[id] = len(out)
		ids = append(ids, id)
		out = append(out, c)
		hist = append(hist, followup.History{Open: open})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	receipts := make([]followup.Receipt, len(out))
	err = inChunks(ids, 500, func(chunk []int64) error {
		a := append([]any{nil}, anys(chunk)...) // $1 is each query's day, the ids follow
		if err := loadReceiptSums(ctx, q, a, followup.ReceiptsFrom(today), byID, hist, receipts); err != nil {
			return err
		}
		if err := loadFollowupPromises(ctx, q, a, followup.PromisesFrom(today), byID, hist); err != nil {
			return err
		}
		if err := loadAtRisk(ctx, q, anys(chunk), today, today.AddDays(p.SoonDays), byID, out); err != nil {
			return err
		}
		return loadFollowupPlans(ctx, q, a, today, byID, hist)
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = p.Summarize(out[i], hist[i], today)
	}
	return out, nil
}

// loadAtRisk sets each customer's money falling due from today to soon
// in invoices the daily job gave at least followup.AtRiskP of being paid
// late, and their amount-weighted chance of it (Customer.AtRisk).
func loadAtRisk(ctx context.Context, q querier, ids []any, today, soon civil.Date, byID map[int64]int, out []followup.Customer) error {
	a := append([]any{today, soon, followup.AtRiskP}, ids...)
	rows, err := q.QueryContext(ctx, `SELECT customer_id, SUM(open_amount - held_amount), SUM((open_amount - held_amount) * p_late)
		FROM invoices WHERE customer_id IN (`+placeholders(4, len(ids))+`) AND closed_on = '9999-12-31'
		AND due_date >= $1 AND due_date <= $2 AND p_late >= $3 AND open_amount > held_amount GROUP BY customer_id`, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, amount int64
		var weighted float64
		if err := rows.Scan(&id, &amount, &weighted); err != nil {
			return err
		}
		c := &out[byID[id]]
		c.AtRisk, c.AtRiskLate = money.Amount(amount), weighted/float64(amount)
	}
	return rows.Err()
}

// loadReceiptSums adds to each customer's history the sum of its payments
// since from, as one receipt dated from: a million payments are summed by
// the database, not here. a is the query's arguments: $1 is set to from,
// the customers' ids follow; receipts is one array for every customer's.
func loadReceiptSums(ctx context.Context, q querier, a []any, from civil.Date, byID map[int64]int, hist []followup.History, receipts []followup.Receipt) error {
	a[0] = from
	rows, err := q.QueryContext(ctx, `SELECT customer_id, SUM(amount) FROM payments WHERE customer_id IN (`+placeholders(2, len(a)-1)+`) AND date >= $1 GROUP BY customer_id`, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, sum int64
		if err := rows.Scan(&id, &sum); err != nil {
			return err
		}
		i := byID[id]
		receipts[i] = followup.Receipt{Date: from, Amount: money.Amount(sum)}
		hist[i].Receipts = receipts[i : i+1 : i+1] // one array for all customers
	}
	return rows.Err()
}

// loadFollowupPromises adds to each customer's history its open promises
// and those broken or partly kept decided since from; a is as for
// loadReceiptSums.
func loadFollowupPromises(ctx context.Context, q querier, a []any, from civil.Date, byID map[int64]int, hist []followup.History) error {
	a[0] = from
	// Two halves, each on an index of its own (the open promises', the
	// decision day's), rather than every promise of the customers.
	in := placeholders(2, len(a)-1)
	rows, err := q.QueryContext(ctx, `SELECT customer_id, id, amount, fulfilled, due_date, status, decided_on FROM commitments
		WHERE customer_id IN (`+in+`) AND status = 'open'
		UNION ALL SELECT customer_id, id, amount, fulfilled, due_date, status, decided_on FROM commitments
		WHERE customer_id IN (`+in+`) AND decided_on >= $1 AND status IN ('broken', 'partly_kept') ORDER BY 2`, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, amount, fulfilled int64
		var m followup.Commitment
		var status string
		if err := rows.Scan(&id, &m.ID, &amount, &fulfilled, &m.Due, &status, &nullDate{&m.DecidedOn}); err != nil {
			return err
		}
		m.Amount, m.Fulfilled, m.Status = money.Amount(amount), money.Amount(fulfilled), commitment.Status(status)
		h := &hist[byID[id]]
		h.Promises = append(h.Promises, m)
	}
	return rows.Err()
}

// loadFollowupPlans adds to each customer's history whether its plan for
// today's month is agreed, and its gap measures still planned or being
// done of this month's plan and last month's (one left undone is still to
// be followed up); a is as for loadReceiptSums.
func loadFollowupPlans(ctx context.Context, q querier, a []any, today civil.Date, byID map[int64]int, hist []followup.History) error {
	a[0] = today.MonthStart()
	in := placeholders(2, len(a)-1)
	rows, err := q.QueryContext(ctx, `SELECT customer_id FROM plans WHERE customer_id IN (`+in+`) AND month = $1 AND status = 'agreed'`, a...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		hist[byID[id]].PlanAgreed = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	a[0] = today.MonthStart().AddMonths(-1)
	rows, err = q.QueryContext(ctx, `SELECT p.customer_id, m.id, m.kind, m.expected, m.due_date FROM measures m JOIN plans p ON p.id = m.plan_id
		WHERE p.customer_id IN (`+in+`) AND p.month >= $1 AND m.status IN ('planned', 'doing') ORDER BY m.due_date, m.id`, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, expected int64
		var m followup.Measure
		if err := rows.Scan(&id, &m.ID, &m.Kind, &expected, &m.Due); err != nil {
			return err
		}
		m.Expected = money.Amount(expected)
		h := &hist[byID[id]]
		h.Measures = append(h.Measures, m)
	}
	return rows.Err()
}

// Upcoming is a follow-up falling due after today.
type Upcoming struct {
	Customer, Name, Phone string
	Reason                followup.Reason
}

// UpcomingFollowups returns the next follow-up after today, within days,
// of each customer of rep the scope sees.
func (s *Store) UpcomingFollowups(ctx context.Context, sc user.Scope, rep string, today civil.Date, days int) (_ []Upcoming, err error) {
	defer wrap(&err, "store.UpcomingFollowups")
	var out []Upcoming
	err = s.readTx(ctx, func(q querier) error {
		p, cal, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		args := []any{rep}
		cond := "r.code = $1 AND " + scopeClause(sc, &args)
		cs, err := loadFollowupCustomers(ctx, q, cond, args, today, p)
		if err != nil {
			return err
		}
		for _, c := range cs {
			for _, r := range p.Reasons(c, cal, today) {
				if r.On > today && r.On <= today.AddDays(days) {
					out = append(out, Upcoming{Customer: c.Code, Name: c.Name, Phone: c.Phone, Reason: r})
					break
				}
			}
		}
		return nil
	})
	return out, err
}

// SetCustomerCadence gives a customer the scope sees its own days between
// calls (0: its tier's again).
func (s *Store) SetCustomerCadence(ctx context.Context, actor Actor, sc user.Scope, code string, days int) (err error) {
	defer wrap(&err, "store.SetCustomerCadence")
	if days < 0 || days > 90 {
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "cadence_days", Message: fmt.Sprintf("days between calls must be 0 (the tier's) to 90, not %d", days), Code: errs.CodeRange}}}
	}
	return s.inTx(ctx, func(tx *txn) error {
		args := []any{code}
		var id int64
		var old int
		err := tx.QueryRowContext(ctx, `SELECT c.id, c.followup_days FROM customers c WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&id, &old)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET followup_days = $1 WHERE id = $2`, days, id); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "customer", code, fmt.Sprintf(`{"followup_days":%d}`, old), fmt.Sprintf(`{"followup_days":%d}`, days))
	})
}

// CustomerFollowup is one customer's cadence: its own days between calls
// (0: its tier's) and its next follow-up, if anything calls for one.
type CustomerFollowup struct {
	Days int
	Next *followup.Reason
}

// CustomerFollowup returns the cadence of a customer the scope sees.
func (s *Store) CustomerFollowup(ctx context.Context, sc user.Scope, code string, today civil.Date) (_ CustomerFollowup, err error) {
	defer wrap(&err, "store.CustomerFollowup")
	var out CustomerFollowup
	err = s.readTx(ctx, func(q querier) error {
		p, cal, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		args := []any{code}
		cs, err := loadFollowupCustomers(ctx, q, `c.code = $1 AND `+scopeClause(sc, &args), args, today, p)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
		}
		out.Days = cs[0].IntervalDays
		if r, ok := p.Next(cs[0], cal, today); ok {
			out.Next = &r
		}
		return nil
	})
	return out, err
}
