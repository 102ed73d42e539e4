package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/user"
)

// PlanInputs loads, for every customer sc sees, what its capacity for the
// month beginning on month is worked out from (plan.CapacityInput), in
// customer code order. Every query reads only what was known at the end
// of the day before the month — documents dated up to that evening,
// allocations made by then, promises decided by then — so the same loader
// serves the month's plan and the backtest of earlier months. The sums are
// made by the database, a few rows per customer, so that a company of
// 10,000 customers loads in a second or two.
func (s *Store) PlanInputs(ctx context.Context, sc user.Scope, month civil.Date) (_ []plan.CapacityInput, err error) {
	defer wrap(&err, "store.PlanInputs")
	return s.planInputs(ctx, sc, month, nil)
}

// PlanInputsOf is PlanInputs for only the given customers of those sc
// sees.
func (s *Store) PlanInputsOf(ctx context.Context, sc user.Scope, month civil.Date, customers []string) (_ []plan.CapacityInput, err error) {
	defer wrap(&err, "store.PlanInputsOf")
	if len(customers) == 0 {
		return nil, nil
	}
	return s.planInputs(ctx, sc, month, customers)
}

func (s *Store) planInputs(ctx context.Context, sc user.Scope, month civil.Date, customers []string) ([]plan.CapacityInput, error) {
	month = month.MonthStart()
	var out []plan.CapacityInput
	err := s.readTx(ctx, func(q querier) error {
		l := planLoader{ctx: ctx, q: q, dialect: s.dialect, byID: map[int64]int{}, month: month}
		l.cond = scopeClause(sc, &l.args)
		if customers != nil {
			l.cond = "(" + l.cond + " AND c.code IN (" + placeholders(len(l.args)+1, len(customers)) + "))"
			l.args = append(l.args, anys(customers)...)
		}
		for _, load := range []func() error{l.customers, l.open, l.collectable, l.delays, l.paid, l.kept} {
			if err := load(); err != nil {
				return err
			}
		}
		out = l.out
		return nil
	})
	return out, err
}

// planLoader fills plan inputs, query by query, for the customers c of a
// scope clause.
type planLoader struct {
	ctx     context.Context
	q       querier
	dialect Dialect
	cond    string
	args    []any
	byID    map[int64]int
	out     []plan.CapacityInput
	month   civil.Date
}

// rows runs a query over the scope's customers c (written $SCOPE). Named
// date parameters are written $EVE (the evening before the month), $SINCE
// (the first day of the twelve months looked back on), $M0 … $M12 (the
// first days of those months and of the month itself) and $E0 … $E12 (the
// evenings before them).
func (l *planLoader) rows(query string) (*sql.Rows, error) {
	args := append([]any{}, l.args...)
	named := func(name string, v civil.Date) {
		if strings.Contains(query, name) {
			args = append(args, v)
			query = strings.ReplaceAll(query, name, "$"+strconv.Itoa(len(args)))
		}
	}
	// Longest names first, so that $M1 does not eat into $M12.
	for k := 12; k >= 0; k-- {
		m := l.month.AddMonths(k - 12)
		named(fmt.Sprintf("$M%d", k), m)
		named(fmt.Sprintf("$E%d", k), m.AddDays(-1))
	}
	named("$EVE", l.month.AddDays(-1))
	named("$SINCE", l.month.AddMonths(-12))
	return l.q.QueryContext(l.ctx, strings.ReplaceAll(query, "$SCOPE", l.cond), args...)
}

// input is the input of the customer with the given id, nil for one
// outside the scope.
func (l *planLoader) input(id int64) *plan.CapacityInput {
	i, ok := l.byID[id]
	if !ok {
		return nil
	}
	return &l.out[i]
}

// sums writes expr once for each of the twelve months from the k-th on,
// joined by commas, with {M} put in for the month's first day, {N} for
// the next month's and {E} for the evening before the month.
func sums(from int, expr string) string {
	var parts []string
	for k := from; k < 12; k++ {
		parts = append(parts, strings.NewReplacer("{M}", fmt.Sprintf("$M%d", k), "{N}", fmt.Sprintf("$M%d", k+1), "{E}", fmt.Sprintf("$E%d", k)).Replace(expr))
	}
	return strings.Join(parts, ", ")
}

// sumRows reads rows of a customer's id and one sum per month from the
// from-th on, calling add for each.
func (l *planLoader) sumRows(query string, from int, add func(in *plan.CapacityInput, k int, v money.Amount)) error {
	rows, err := l.rows(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	vs := make([]sql.NullInt64, 12-from)
	dest := []any{new(int64)}
	for i := range vs {
		dest = append(dest, &vs[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		in := l.input(*dest[0].(*int64))
		if in == nil {
			continue
		}
		for i, v := range vs {
			add(in, from+i, money.Amount(v.Int64))
		}
	}
	return rows.Err()
}

func (l *planLoader) customers() error {
	rows, err := l.rows(`SELECT c.id, c.code, c.name, r.code FROM customers c JOIN reps r ON r.id = c.rep_id WHERE $SCOPE ORDER BY c.code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var in plan.CapacityInput
		if err := rows.Scan(&id, &in.Customer, &in.Name, &in.Rep); err != nil {
			return err
		}
		l.byID[id] = len(l.out)
		l.out = append(l.out, in)
	}
	return rows.Err()
}

// open loads the invoices open that evening — issued by then, closed
// after it or not yet — less what was allocated to them by then and what
// was in dispute then.
func (l *planLoader) open() error {
	rows, err := l.rows(`SELECT i.customer_id, i.due_date,
			i.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.date <= $EVE), 0),
			COALESCE((SELECT SUM(d.amount) FROM disputes d WHERE d.invoice_id = i.id AND d.opened_on <= $EVE AND d.resolved_on > $EVE), 0)
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE i.closed_on > $EVE AND i.issue_date <= $EVE AND i.amount > 0 AND $SCOPE
		ORDER BY i.customer_id, i.due_date, i.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, open, held int64
		var r plan.Receivable
		if err := rows.Scan(&cid, &r.Due, &open, &held); err != nil {
			return err
		}
		if r.Amount = money.Amount(open - min(held, open)); r.Amount > 0 {
			if in := l.input(cid); in != nil {
				in.Open = append(in.Open, r)
			}
		}
	}
	return rows.Err()
}

// collectable loads what was collectable as each of the last six months
// began: open that morning and due by the month's end — what was invoiced
// and open then, less what had been allocated to it by then.
func (l *planLoader) collectable() error {
	const first = 12 - len(plan.CapacityInput{}.Collectable)
	open := `i.issue_date <= {E} AND i.closed_on > {E} AND i.due_date < {N}`
	invoiced := `SELECT i.customer_id, ` + sums(first, `SUM(CASE WHEN `+open+` THEN i.amount ELSE 0 END)`) + `
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE i.closed_on > $E6 AND i.issue_date < $M12 AND i.amount > 0 AND $SCOPE GROUP BY i.customer_id`
	allocated := `SELECT i.customer_id, ` + sums(first, `SUM(CASE WHEN `+open+` AND a.date <= {E} THEN a.amount ELSE 0 END)`) + `
		FROM allocations a JOIN invoices i ON i.id = a.invoice_id JOIN customers c ON c.id = i.customer_id
		WHERE i.closed_on > $E6 AND i.issue_date < $M12 AND i.amount > 0 AND a.date < $M12 AND $SCOPE GROUP BY i.customer_id`
	if err := l.sumRows(invoiced, first, func(in *plan.CapacityInput, k int, v money.Amount) { in.Collectable[k-first] += v }); err != nil {
		return err
	}
	return l.sumRows(allocated, first, func(in *plan.CapacityInput, k int, v money.Amount) { in.Collectable[k-first] -= v })
}

// daysLate is the SQL for the days from an invoice's due date to the day
// it was closed.
func (l *planLoader) daysLate() string {
	if l.dialect == Postgres {
		return `(i.closed_on - i.due_date)`
	}
	return `CAST(julianday(i.closed_on) - julianday(i.due_date) AS INTEGER)`
}

// delays loads how late the customer paid what it settled in the twelve
// months before: invoices closed then, by days late in steps of
// plan.DelayStep, with their amount and number.
func (l *planLoader) delays() error {
	step := strconv.Itoa(plan.DelayStep)
	bucket := `(` + l.daysLate() + ` / ` + step + `) * ` + step
	rows, err := l.rows(`SELECT i.customer_id, ` + bucket + `, SUM(i.amount), COUNT(*)
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE i.closed_on >= $SINCE AND i.closed_on <= $EVE AND i.amount > 0 AND $SCOPE
		GROUP BY i.customer_id, ` + bucket + ` ORDER BY i.customer_id, 2`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, amount int64
		var d plan.Delay
		if err := rows.Scan(&cid, &d.Days, &amount, &d.Invoices); err != nil {
			return err
		}
		d.Amount = money.Amount(amount)
		if in := l.input(cid); in != nil {
			in.Delays = append(in.Delays, d)
		}
	}
	return rows.Err()
}

// paid loads what the customer paid in each of the twelve months before,
// and the part of it that went, by that evening, to invoices issued before
// the payment's month: the rest is money for new business
// (plan.CapacityInput.Fresh).
func (l *planLoader) paid() error {
	month, start := l.monthOf("p.date"), l.monthStartOf("p.date")
	paid := `SELECT p.customer_id, ` + month + `, SUM(p.amount)
		FROM payments p JOIN customers c ON c.id = p.customer_id
		WHERE p.date >= $SINCE AND p.date <= $EVE AND $SCOPE GROUP BY p.customer_id, ` + month
	old := `SELECT p.customer_id, ` + month + `, SUM(a.amount)
		FROM payments p JOIN customers c ON c.id = p.customer_id
		JOIN allocations a ON a.payment_id = p.id JOIN invoices i ON i.id = a.invoice_id
		WHERE p.date >= $SINCE AND p.date <= $EVE AND a.date <= $EVE AND i.issue_date < ` + start + ` AND $SCOPE
		GROUP BY p.customer_id, ` + month
	for _, q := range []struct {
		sql string
		add func(in *plan.CapacityInput, k int, v money.Amount)
	}{
		{paid, func(in *plan.CapacityInput, k int, v money.Amount) { in.Paid[k] += v; in.Fresh[k] += v }},
		{old, func(in *plan.CapacityInput, k int, v money.Amount) { in.Fresh[k] -= v }},
	} {
		if err := l.byMonth(q.sql, q.add); err != nil {
			return err
		}
	}
	return nil
}

// byMonth reads rows of a customer's id, a month (YYYY-MM) of the twelve
// before and a sum, calling add with the month's index.
func (l *planLoader) byMonth(query string, add func(in *plan.CapacityInput, k int, v money.Amount)) error {
	rows, err := l.rows(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, v int64
		var month string
		if err := rows.Scan(&cid, &month, &v); err != nil {
			return err
		}
		m, err := civil.Parse(month + "-01")
		if err != nil {
			return err
		}
		k := monthsBetween(l.month.AddMonths(-12), m)
		if in := l.input(cid); in != nil && k >= 0 && k < 12 {
			add(in, k, money.Amount(v))
		}
	}
	return rows.Err()
}

// monthOf is the SQL for the month (YYYY-MM) of a date column.
func (l *planLoader) monthOf(col string) string { return monthSQL(l.dialect, col) }

// monthSQL is the SQL for the month (YYYY-MM) of a date column in dialect.
func monthSQL(dialect Dialect, col string) string {
	if dialect == Postgres {
		return `to_char(` + col + `, 'YYYY-MM')`
	}
	return `substr(` + col + `, 1, 7)`
}

// monthStartOf is the SQL for the first day of a date column's month.
func (l *planLoader) monthStartOf(col string) string {
	if l.dialect == Postgres {
		return `CAST(date_trunc('month', ` + col + `) AS DATE)`
	}
	return `(substr(` + col + `, 1, 8) || '01')`
}

// monthsBetween counts the calendar months from the month of a to that of b.
func monthsBetween(a, b civil.Date) int {
	ya, ma, _ := a.YMD()
	yb, mb, _ := b.YMD()
	return (yb-ya)*12 + int(mb) - int(ma)
}

// kept counts the promises decided by that evening.
func (l *planLoader) kept() error {
	rows, err := l.rows(`SELECT m.customer_id, m.status, COUNT(*) FROM commitments m JOIN customers c ON c.id = m.customer_id
		WHERE m.decided_on <= $EVE AND m.status IN ('kept', 'partly_kept', 'broken') AND $SCOPE
		GROUP BY m.customer_id, m.status`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var status string
		var n int
		if err := rows.Scan(&cid, &status, &n); err != nil {
			return err
		}
		if in := l.input(cid); in != nil {
			in.Decided += n
			if status == "kept" {
				in.Kept += n
			}
		}
	}
	return rows.Err()
}
