package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/kpi"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// KPIPeriod is a period from From to To inclusive.
type KPIPeriod struct{ From, To civil.Date }

// ARAt is what was receivable at the end of a day: every invoice's open
// amount, disputed parts included and prepayments not netted.
type ARAt struct {
	AR      money.Amount
	Current money.Amount // the part not yet due: due on or after the day
	Overdue kpi.OverdueDays
	Aging   []money.Amount // AR by the buckets asked for, disputed included
}

// KPISums are what a period's KPIs are computed from (kpi.Period and the
// rates), for the customers of a scope.
type KPISums struct {
	KPIPeriod
	Sales     money.Amount // invoices issued in the period, credit notes subtracted
	Collected money.Amount // payments received in the period
	Opening   ARAt         // at the end of the day before From
	Closing   ARAt         // at the end of To
	// MonthSales are the credit sales of To's month (up to To) and of each
	// month before it, the latest first, kpi.CountbackMonths long.
	MonthSales []money.Amount
	Kept       kpi.Kept // the promises decided in the period
	// Calls are the calls of the period with an outcome; Reached those
	// that reached the customer, Promised those that ended in a promise.
	Calls, Reached, Promised int
}

// KPISums sums, for the customers sc sees, each of the periods: they are
// read in one snapshot, and a day that ends one period and comes before
// the next is read once. The months for the countback are whole calendar
// months except To's own, which is counted up to To; periods should end on
// a month's last day but the latest.
func (s *Store) KPISums(ctx context.Context, sc user.Scope, b ledger.Buckets, periods ...KPIPeriod) (_ []KPISums, err error) {
	defer wrap(&err, "store.KPISums")
	out := make([]KPISums, len(periods))
	err = s.readTx(ctx, func(q querier) error {
		var last civil.Date
		if err := q.QueryRowContext(ctx, `SELECT last_event FROM ledger_state WHERE id = 1`).Scan(&last); err != nil {
			return err
		}
		ars := map[civil.Date]ARAt{}
		arAt := func(d civil.Date) (ARAt, error) {
			if a, ok := ars[d]; ok {
				return a, nil
			}
			a, err := s.arAt(ctx, q, sc, b, d, d >= last)
			ars[d] = a
			return a, err
		}
		months, err := s.monthSales(ctx, q, sc, periods)
		if err != nil {
			return err
		}
		for i, p := range periods {
			k := &out[i]
			k.KPIPeriod = p
			if k.Opening, err = arAt(p.From.AddDays(-1)); err != nil {
				return err
			}
			if k.Closing, err = arAt(p.To); err != nil {
				return err
			}
			k.MonthSales = countbackMonths(months, p.To)
			if err := s.periodFlows(ctx, q, sc, k); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// customerIn limits col (a customer id) to the customers sc sees, adding
// its parameters to args; "" for every customer.
func customerIn(col string, sc user.Scope, args *[]any) string {
	if sc.All {
		return ""
	}
	return " AND " + col + " IN (SELECT c.id FROM customers c WHERE " + scopeClause(sc, args) + ")"
}

// arAt sums what was open at the end of d. When nothing happened after d
// (now) it reads the open amounts kept on the invoices; otherwise it
// subtracts the allocations dated up to d, as the aging report does.
func (s *Store) arAt(ctx context.Context, q querier, sc user.Scope, b ledger.Buckets, d civil.Date, now bool) (ARAt, error) {
	args := append([]any{d}, anys(b.DueCutoffs(d))...)
	open := `i.open_amount`
	if !now {
		open = `i.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.date <= $1), 0)`
	}
	late := `CAST(julianday($1) - julianday(i.due_date) AS INTEGER)`
	if s.dialect == Postgres {
		late = `(CAST($1 AS DATE) - i.due_date)`
	}
	query := `WITH open_at AS MATERIALIZED (
			SELECT i.due_date, ` + open + ` AS open, ` + late + ` AS late
			FROM invoices i` + s.hint("invoices_closed") + `
			WHERE i.closed_on > $1 AND i.issue_date <= $1 AND i.amount > 0` + customerIn("i.customer_id", sc, &args) + `
		)
		SELECT CAST(COALESCE(SUM(open), 0) AS BIGINT),
			CAST(COALESCE(SUM(CASE WHEN due_date >= $1 THEN open ELSE 0 END), 0) AS BIGINT),
			CAST(COALESCE(SUM(CASE WHEN due_date < $1 THEN open ELSE 0 END), 0) AS BIGINT),
			CAST(COALESCE(SUM(CASE WHEN due_date < $1 THEN open * late ELSE 0 END), 0) AS BIGINT),
			` + bucketColumns("open", b.Len(), 2) + `
		FROM open_at`
	vals := make([]int64, 4+b.Len())
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := q.QueryRowContext(ctx, query, args...).Scan(ptrs...); err != nil {
		return ARAt{}, err
	}
	a := ARAt{AR: money.Amount(vals[0]), Current: money.Amount(vals[1]),
		Overdue: kpi.OverdueDays{Amount: money.Amount(vals[2]), AmountDays: vals[3]}}
	for _, v := range vals[4:] {
		a.Aging = append(a.Aging, money.Amount(v))
	}
	return a, nil
}

// monthSales sums the credit sales of every month from kpi.CountbackMonths
// before the earliest period's end to the latest period's end, by month
// (YYYY-MM).
func (s *Store) monthSales(ctx context.Context, q querier, sc user.Scope, periods []KPIPeriod) (map[string]money.Amount, error) {
	if len(periods) == 0 {
		return nil, nil
	}
	first, last := periods[0].To, periods[0].To
	for _, p := range periods {
		first, last = min(first, p.To), max(last, p.To)
	}
	first = first.MonthStart().AddMonths(1 - kpi.CountbackMonths)
	args := []any{first, last}
	month := monthSQL(s.dialect, "i.issue_date")
	rows, err := q.QueryContext(ctx, `SELECT `+month+`, CAST(SUM(i.amount) AS BIGINT) FROM invoices i
		WHERE i.issue_date >= $1 AND i.issue_date <= $2`+customerIn("i.customer_id", sc, &args)+` GROUP BY `+month, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]money.Amount{}
	for rows.Next() {
		var m string
		var v int64
		if err := rows.Scan(&m, &v); err != nil {
			return nil, err
		}
		out[m] = money.Amount(v)
	}
	return out, rows.Err()
}

// countbackMonths lists the sales of to's month and the months before it,
// the latest first.
func countbackMonths(sales map[string]money.Amount, to civil.Date) []money.Amount {
	out := make([]money.Amount, kpi.CountbackMonths)
	for i := range out {
		out[i] = sales[to.MonthStart().AddMonths(-i).String()[:7]]
	}
	return out
}

// periodFlows adds up what happened in k's period: sales, collections,
// promises decided and calls.
func (s *Store) periodFlows(ctx context.Context, q querier, sc user.Scope, k *KPISums) error {
	args := []any{k.From, k.To}
	in := customerIn("customer_id", sc, &args)
	var sales, collected int64
	err := q.QueryRowContext(ctx, `SELECT
			(SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM invoices WHERE issue_date >= $1 AND issue_date <= $2`+in+`),
			(SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM payments WHERE date >= $1 AND date <= $2`+in+`)`, args...).Scan(&sales, &collected)
	if err != nil {
		return err
	}
	k.Sales, k.Collected = money.Amount(sales), money.Amount(collected)
	if err := s.keptSums(ctx, q, sc, k); err != nil {
		return err
	}
	return s.callSums(ctx, q, sc, k)
}

func (s *Store) keptSums(ctx context.Context, q querier, sc user.Scope, k *KPISums) error {
	args := []any{k.From, k.To}
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*), CAST(SUM(amount) AS BIGINT),
			CAST(SUM(CASE WHEN fulfilled < amount THEN fulfilled ELSE amount END) AS BIGINT)
		FROM commitments WHERE decided_on >= $1 AND decided_on <= $2 AND status IN ('kept', 'partly_kept', 'broken')`+
		customerIn("customer_id", sc, &args)+` GROUP BY status`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		var promised, fulfilled int64
		if err := rows.Scan(&status, &n, &promised, &fulfilled); err != nil {
			return err
		}
		k.Kept.Decided += n
		if status == "kept" {
			k.Kept.Kept += n
		}
		k.Kept.Promised += money.Amount(promised)
		k.Kept.Fulfilled += money.Amount(fulfilled)
	}
	return rows.Err()
}

func (s *Store) callSums(ctx context.Context, q querier, sc user.Scope, k *KPISums) error {
	args := []any{k.From, k.To}
	rows, err := q.QueryContext(ctx, `SELECT disposition, COUNT(*) FROM calls
		WHERE call_date >= $1 AND call_date <= $2 AND disposition <> ''`+customerIn("customer_id", sc, &args)+` GROUP BY disposition`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var disposition string
		var n int
		if err := rows.Scan(&disposition, &n); err != nil {
			return err
		}
		k.Calls += n
		if followup.Reached(disposition) {
			k.Reached += n
		}
		if disposition == followup.ReachedPromised {
			k.Promised += n
		}
	}
	return rows.Err()
}
