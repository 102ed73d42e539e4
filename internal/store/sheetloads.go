package store

import (
	"context"
	"slices"
	"strconv"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// SheetCalls returns the latest calls, on or before to, of a customer the
// scope sees, the latest first, at most limit of them: the call sheet's
// reading of them. Only the columns the sheet uses are read (ID, Date,
// Disposition, Notes, AmountAsked, AmountAgreed, Excuse, ExcuseAmount);
// the other fields are left empty.
func (s *Store) SheetCalls(ctx context.Context, sc user.Scope, code string, to civil.Date, limit int) (_ []CallRow, err error) {
	defer wrap(&err, "store.SheetCalls")
	args := []any{code, to}
	cond := scopeClause(sc, &args)
	rows, err := s.r.QueryContext(ctx, `SELECT k.id, k.call_date, k.disposition, k.notes, k.amount_asked, k.amount_agreed, k.excuse, k.excuse_amount
		FROM calls k JOIN customers c ON c.id = k.customer_id WHERE c.code = $1 AND k.call_date <= $2 AND `+cond+`
		ORDER BY k.call_date DESC, k.called_at DESC, k.id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CallRow
	for rows.Next() {
		var r CallRow
		var asked, agreed, excuseAmount int64
		if err := rows.Scan(&r.ID, &r.Date, &r.Disposition, &r.Notes, &asked, &agreed, &r.Excuse, &excuseAmount); err != nil {
			return nil, err
		}
		r.Customer, r.AmountAsked, r.AmountAgreed, r.ExcuseAmount = code, money.Amount(asked), money.Amount(agreed), money.Amount(excuseAmount)
		out = append(out, r)
	}
	return out, rows.Err()
}

// MonthFlows is what a customer was invoiced and paid in each of the
// twelve calendar months before a month, summed in the database: Invoiced[k-1]
// and Paid[k-1] are the k-th month before; PaidNow is what was paid in the
// month itself up to the day. PaymentDates are the dates of its payments
// in a span asked for (what followed its excuses), in date order.
type MonthFlows struct {
	Invoiced, Paid [12]money.Amount
	PaidNow        money.Amount
	PaymentDates   []civil.Date
}

// CustomerMonthFlows returns the month sums of a customer the scope sees
// for the months before day's month and that month up to day, and the
// dates of its payments from payFrom to payTo (none when payFrom is zero),
// in one query.
func (s *Store) CustomerMonthFlows(ctx context.Context, sc user.Scope, code string, day, payFrom, payTo civil.Date) (f MonthFlows, err error) {
	defer wrap(&err, "store.CustomerMonthFlows")
	month := day.MonthStart()
	if payFrom == 0 {
		payFrom, payTo = day, day.AddDays(-1) // an empty span
	}
	args := []any{code, month.AddMonths(-12), month, day, payFrom, payTo}
	cond := scopeClause(sc, &args)
	monthOf := func(col string) string { return monthSQL(s.dialect, col) }
	dayOf := func(col string) string { return col }
	if s.dialect == Postgres {
		dayOf = func(col string) string { return `to_char(` + col + `, 'YYYY-MM-DD')` }
	}
	cust := `(SELECT c.id FROM customers c WHERE c.code = $1 AND ` + cond + `)`
	rows, err := s.r.QueryContext(ctx, `SELECT 0, `+monthOf("issue_date")+`, CAST(SUM(amount) AS BIGINT) FROM invoices
			WHERE customer_id = `+cust+` AND issue_date >= $2 AND issue_date < $3 GROUP BY `+monthOf("issue_date")+`
		UNION ALL SELECT 1, `+monthOf("date")+`, CAST(SUM(amount) AS BIGINT) FROM payments
			WHERE customer_id = `+cust+` AND date >= $2 AND date <= $4 GROUP BY `+monthOf("date")+`
		UNION ALL SELECT 2, `+dayOf("date")+`, 0 FROM payments
			WHERE customer_id = `+cust+` AND date >= $5 AND date <= $6`, args...)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind int
		var at string
		var v int64
		if err := rows.Scan(&kind, &at, &v); err != nil {
			return f, err
		}
		if kind == 2 {
			d, err := civil.Parse(at)
			if err != nil {
				return f, err
			}
			f.PaymentDates = append(f.PaymentDates, d)
			continue
		}
		m, err := civil.Parse(at + "-01")
		if err != nil {
			return f, err
		}
		switch k := monthsBetween(m, month); {
		case k == 0 && kind == 1:
			f.PaidNow = money.Amount(v)
		case k >= 1 && k <= 12 && kind == 0:
			f.Invoiced[k-1] = money.Amount(v)
		case k >= 1 && k <= 12:
			f.Paid[k-1] = money.Amount(v)
		}
	}
	if err := rows.Err(); err != nil {
		return f, err
	}
	slices.Sort(f.PaymentDates)
	return f, nil
}

// PlansAsked is what the month's plans of rep's customers the scope sees
// ask in all: the denominator of a customer's share of the rep's plan.
func (s *Store) PlansAsked(ctx context.Context, sc user.Scope, month civil.Date, rep string) (_ money.Amount, err error) {
	defer wrap(&err, "store.PlansAsked")
	args := []any{month.MonthStart(), rep}
	cond := scopeClause(sc, &args)
	var sum int64
	err = s.r.QueryRowContext(ctx, `SELECT COALESCE(CAST(SUM(p.asked) AS BIGINT), 0) FROM plans p JOIN customers c ON c.id = p.customer_id JOIN reps r ON r.id = c.rep_id
		WHERE p.month = $1 AND r.code = $2 AND `+cond, args...).Scan(&sum)
	return money.Amount(sum), err
}
