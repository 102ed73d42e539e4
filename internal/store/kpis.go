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
		ms, err := s.loadMonthSales(ctx, q, sc, periods)
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
			if k.MonthSales, err = ms.countback(p.To, k.Closing.AR); err != nil {
				return err
			}
			sales, whole := ms.period(p)
			if err := s.periodFlows(ctx, q, sc, k, !whole); err != nil {
				return err
			}
			if whole {
				k.Sales = sales
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
	// The invoices open now are few and found by closing date (see hint),
	// as are the whole company's open on a past day; a team's or a rep's
	// open on a past day are found through their customers.
	hint := ""
	if sc.All || now {
		hint = s.hint("invoices_closed")
	}
	late := `CAST(julianday($1) - julianday(i.due_date) AS INTEGER)`
	if s.dialect == Postgres {
		late = `(CAST($1 AS DATE) - i.due_date)`
	}
	query := `WITH open_at AS MATERIALIZED (
			SELECT i.due_date, ` + open + ` AS open, ` + late + ` AS late
			FROM invoices i` + hint + `
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

// monthSales are credit sales by calendar month (YYYY-MM), read for
// months from first to last, and further back when the countback needs
// them.
type monthSales struct {
	ctx         context.Context
	q           querier
	s           *Store
	sc          user.Scope
	sales       map[string]money.Amount
	first, last civil.Date // the first day read, and the last
}

// loadMonthSales reads the months of the periods, and the year before
// each one's end (what a countback usually needs), in one pass over the
// invoices.
func (s *Store) loadMonthSales(ctx context.Context, q querier, sc user.Scope, periods []KPIPeriod) (*monthSales, error) {
	ms := &monthSales{ctx: ctx, q: q, s: s, sc: sc, sales: map[string]money.Amount{}}
	if len(periods) == 0 {
		return ms, nil
	}
	first, last := periods[0].To, periods[0].To
	for _, p := range periods {
		first = min(first, p.From.MonthStart(), p.To.MonthStart().AddMonths(-11))
		last = max(last, p.To)
	}
	ms.first, ms.last = first, last
	return ms, ms.read(first, last)
}

func (ms *monthSales) read(from, to civil.Date) error {
	args := []any{from, to}
	month := monthSQL(ms.s.dialect, "i.issue_date")
	rows, err := ms.q.QueryContext(ms.ctx, `SELECT `+month+`, CAST(SUM(i.amount) AS BIGINT) FROM invoices i
		WHERE i.issue_date >= $1 AND i.issue_date <= $2`+customerIn("i.customer_id", ms.sc, &args)+` GROUP BY `+month, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		var v int64
		if err := rows.Scan(&m, &v); err != nil {
			return err
		}
		ms.sales[m] = money.Amount(v)
	}
	return rows.Err()
}

func (ms *monthSales) of(month civil.Date) money.Amount { return ms.sales[month.String()[:7]] }

// countback lists the sales of to's month (up to to) and the months
// before it, the latest first, kpi.CountbackMonths of them; it reads the
// older months first when those read so far do not add up to ar.
func (ms *monthSales) countback(to civil.Date, ar money.Amount) ([]money.Amount, error) {
	out := make([]money.Amount, kpi.CountbackMonths)
	var sum money.Amount
	for i := range out {
		m := to.MonthStart().AddMonths(-i)
		if m < ms.first {
			if sum >= ar {
				break // the countback ends before this month
			}
			older := to.MonthStart().AddMonths(1 - kpi.CountbackMonths)
			if err := ms.read(older, ms.first.AddDays(-1)); err != nil {
				return nil, err
			}
			ms.first = older
		}
		out[i] = ms.of(m)
		sum += max(out[i], 0)
	}
	return out, nil
}

// period sums p's credit sales from the months read, when p is made of
// whole months (its last may end on the last day read); whole is false
// when it is not and the sales must be read for the days.
func (ms *monthSales) period(p KPIPeriod) (sales money.Amount, whole bool) {
	if p.From != p.From.MonthStart() || (p.To != p.To.MonthEnd() && p.To != ms.last) || p.To > ms.last {
		return 0, false
	}
	for m := p.From; m <= p.To; m = m.AddMonths(1) {
		sales += ms.of(m)
	}
	return sales, true
}

// periodFlows adds up what happened in k's period: sales, collections,
// promises decided and calls.
func (s *Store) periodFlows(ctx context.Context, q querier, sc user.Scope, k *KPISums, withSales bool) error {
	args := []any{k.From, k.To}
	in := customerIn("customer_id", sc, &args)
	sales := `0`
	if withSales {
		sales = `(SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM invoices WHERE issue_date >= $1 AND issue_date <= $2` + in + `)`
	}
	var sold, collected int64
	err := q.QueryRowContext(ctx, `SELECT `+sales+`,
			(SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM payments WHERE date >= $1 AND date <= $2`+in+`)`, args...).Scan(&sold, &collected)
	if err != nil {
		return err
	}
	k.Sales, k.Collected = money.Amount(sold), money.Amount(collected)
	if err := s.keptSums(ctx, q, sc, k); err != nil {
		return err
	}
	return s.callSums(ctx, q, sc, k)
}

// keptSums counts the promises decided in k's period. One row of sums,
// not a row per status: grouping a year of promises costs a sort.
func (s *Store) keptSums(ctx context.Context, q querier, sc user.Scope, k *KPISums) error {
	args := []any{k.From, k.To}
	var decided, kept, promised, fulfilled int64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'kept' THEN 1 ELSE 0 END), 0),
			CAST(COALESCE(SUM(amount), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN fulfilled < amount THEN fulfilled ELSE amount END), 0) AS BIGINT)
		FROM commitments WHERE decided_on >= $1 AND decided_on <= $2 AND status IN ('kept', 'partly_kept', 'broken')`+
		customerIn("customer_id", sc, &args), args...).Scan(&decided, &kept, &promised, &fulfilled)
	k.Kept = kpi.Kept{Decided: int(decided), Kept: int(kept), Promised: money.Amount(promised), Fulfilled: money.Amount(fulfilled)}
	return err
}

// callSums counts the calls of k's period with an outcome, those that
// reached the customer (followup.Reached) and those that ended in a
// promise.
func (s *Store) callSums(ctx context.Context, q querier, sc user.Scope, k *KPISums) error {
	args := []any{k.From, k.To, followup.ReachedPromised}
	var reached []string
	for _, d := range followup.Dispositions {
		if followup.Reached(d) {
			reached = append(reached, d)
		}
	}
	in := placeholders(len(args)+1, len(reached))
	args = append(args, anys(reached)...)
	var calls, reachedN, promised int64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN disposition IN (`+in+`) THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN disposition = $3 THEN 1 ELSE 0 END), 0)
		FROM calls WHERE call_date >= $1 AND call_date <= $2 AND disposition <> ''`+customerIn("customer_id", sc, &args), args...).Scan(&calls, &reachedN, &promised)
	k.Calls, k.Reached, k.Promised = int(calls), int(reachedN), int(promised)
	return err
}
