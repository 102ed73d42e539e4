package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/negotiation"
	"huikuan/internal/user"
)

// AskedCall is a call that reached its customer with an amount asked, and
// what the opening ask of that customer was made from on the call's day
// (negotiation.Input, as the call sheet would have read it that morning).
type AskedCall struct {
	Rep   string // the customer's rep
	Asked money.Amount
	Input negotiation.Input
}

// askWindow is how far back a customer's haggles (calls with both
// amounts) are read for the ratio r: the sheet reads the last calls, and a
// year holds the last six haggles of every customer called at all often.
const askWindowMonths = 12

// askItem is an invoice open at some time in the month: what was open of
// it as the month began, and its allocations and disputes in the month.
type askItem struct {
	issue, due civil.Date
	open       money.Amount // as the month began (issued later: its amount)
	allocs     []dated      // allocations in the month
	holds      []hold       // disputes open at some time in the month
}

type dated struct {
	on     civil.Date
	amount money.Amount
}

type hold struct {
	opened, resolved civil.Date
	amount           money.Amount
}

// left is what is open and undisputed of the item at the end of day d.
func (it askItem) left(d civil.Date) money.Amount {
	if it.issue > d {
		return 0
	}
	v := it.open
	for _, a := range it.allocs {
		if a.on <= d {
			v -= a.amount
		}
	}
	for _, h := range it.holds {
		if h.opened <= d && h.resolved > d {
			v -= h.amount
		}
	}
	return max(v, 0)
}

// askData is what AskedCalls loads of the scope's customers.
type askData struct {
	haggles   map[int64][]negotiation.Haggle
	planAsked map[int64]money.Amount
	agreedOn  map[int64]civil.Date
	paid      map[int64][]dated // payments in the month
	bestMonth map[int64]money.Amount
	items     map[int64][]*askItem
}

// AskedCalls returns the month's calls, up to asOf, that reached a
// customer the scope sees with an amount asked, each with the inputs of
// the customer's opening ask on the call's day (negotiation.Input): its
// haggles before that day (from the last askWindowMonths), the month's
// agreed plan (agreed by that day) and what was paid in the month up to
// the day, what was overdue and what fell due by the month's end, its
// undisputed balance, and its best calendar month of payments in the
// twelve before the month.
func (s *Store) AskedCalls(ctx context.Context, sc user.Scope, month, asOf civil.Date) (out []AskedCall, err error) {
	defer wrap(&err, "store.AskedCalls")
	month = month.MonthStart()
	asOf = min(asOf, month.MonthEnd())
	err = s.readTx(ctx, func(q querier) error {
		type call struct {
			cust int64
			rep  string
			id   int64
			day  civil.Date
			ask  int64
		}
		var calls []call
		var c call
		args := []any{month, asOf}
		if err := scanEach(ctx, q, `SELECT k.customer_id, r.code, k.id, k.call_date, k.amount_asked FROM calls k JOIN customers c ON c.id = k.customer_id JOIN reps r ON r.id = c.rep_id
			WHERE k.call_date >= $1 AND k.call_date <= $2 AND k.amount_asked > 0 AND k.disposition IN `+reachedIn+` AND `+scopeClause(sc, &args),
			args, []any{&c.cust, &c.rep, &c.id, &c.day, &c.ask}, func() { calls = append(calls, c) }); err != nil || len(calls) == 0 {
			return err
		}
		data, err := s.loadAskData(ctx, q, sc, month, asOf)
		if err != nil {
			return err
		}
		out = make([]AskedCall, len(calls))
		for i, c := range calls {
			out[i] = AskedCall{Rep: c.rep, Asked: money.Amount(c.ask), Input: data.input(c.cust, c.id, c.day)}
		}
		return nil
	})
	return out, err
}

// input is the customer's negotiation.Input on day, for the call id.
func (a *askData) input(cust, callID int64, day civil.Date) negotiation.Input {
	in := negotiation.Input{Day: day, MonthlyPaid: []money.Amount{a.bestMonth[cust]}}
	for _, h := range a.haggles[cust] {
		if h.Date < day || h.Date == day && h.CallID < callID {
			in.Calls = append(in.Calls, h)
		}
	}
	if on, ok := a.agreedOn[cust]; ok && on <= day {
		in.PlanAgreed, in.PlanAsked = true, a.planAsked[cust]
	}
	for _, p := range a.paid[cust] {
		if p.on <= day {
			in.Collected += p.amount
		}
	}
	end := day.MonthEnd()
	for _, it := range a.items[cust] {
		v := it.left(day)
		in.Balance += v
		switch {
		case it.due <= day:
			in.Overdue += v
		case it.due <= end:
			in.DueInMonth += v
		}
	}
	return in
}

// loadAskData loads the scope's haggles, plans, payments and open items
// for the month's opening asks.
func (s *Store) loadAskData(ctx context.Context, q querier, sc user.Scope, month, asOf civil.Date) (*askData, error) {
	a := &askData{haggles: map[int64][]negotiation.Haggle{}, planAsked: map[int64]money.Amount{}, agreedOn: map[int64]civil.Date{},
		paid: map[int64][]dated{}, bestMonth: map[int64]money.Amount{}, items: map[int64][]*askItem{}}
	var cust int64
	var h negotiation.Haggle
	args := []any{month.AddMonths(-askWindowMonths), asOf}
	if err := scanEach(ctx, q, `SELECT k.customer_id, k.id, k.call_date, k.amount_asked, k.amount_agreed FROM calls k JOIN customers c ON c.id = k.customer_id
		WHERE k.call_date >= $1 AND k.call_date <= $2 AND k.amount_asked > 0 AND k.amount_agreed > 0 AND `+scopeClause(sc, &args),
		args, []any{&cust, &h.CallID, &h.Date, &h.Asked, &h.Agreed}, func() { a.haggles[cust] = append(a.haggles[cust], h) }); err != nil {
		return nil, err
	}
	var asked money.Amount
	var on civil.Date
	args = []any{month}
	if err := scanEach(ctx, q, `SELECT p.customer_id, p.asked, p.agreed_on FROM plans p JOIN customers c ON c.id = p.customer_id
		WHERE p.month = $1 AND p.status = 'agreed' AND p.agreed_on IS NOT NULL AND `+scopeClause(sc, &args),
		args, []any{&cust, &asked, &on}, func() { a.planAsked[cust], a.agreedOn[cust] = asked, on }); err != nil {
		return nil, err
	}
	var p dated
	args = []any{month, asOf}
	if err := scanEach(ctx, q, `SELECT p.customer_id, p.date, p.amount FROM payments p JOIN customers c ON c.id = p.customer_id
		WHERE p.date >= $1 AND p.date <= $2 AND `+scopeClause(sc, &args), args, []any{&cust, &p.on, &p.amount}, func() { a.paid[cust] = append(a.paid[cust], p) }); err != nil {
		return nil, err
	}
	var best money.Amount
	args = []any{month.AddMonths(-12), month}
	if err := scanEach(ctx, q, `SELECT x.customer_id, CAST(MAX(x.paid) AS BIGINT) FROM (SELECT p.customer_id, `+monthSQL(s.dialect, "p.date")+` AS m, SUM(p.amount) AS paid
			FROM payments p JOIN customers c ON c.id = p.customer_id WHERE p.date >= $1 AND p.date < $2 AND `+scopeClause(sc, &args)+`
			GROUP BY p.customer_id, `+monthSQL(s.dialect, "p.date")+`) x GROUP BY x.customer_id`,
		args, []any{&cust, &best}, func() { a.bestMonth[cust] = best }); err != nil {
		return nil, err
	}
	return a, loadAskItems(ctx, q, sc, month, asOf, a.items)
}

// loadAskItems loads the invoices open at some time from month to asOf,
// with their allocations and disputes in that time.
func loadAskItems(ctx context.Context, q querier, sc user.Scope, month, asOf civil.Date, items map[int64][]*askItem) error {
	byID := map[int64]*askItem{}
	var cust, id int64
	var it askItem
	args := []any{month, asOf}
	if err := scanEach(ctx, q, `SELECT i.customer_id, i.id, i.issue_date, i.due_date,
			i.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.date < $1), 0)
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE i.amount > 0 AND i.closed_on >= $1 AND i.issue_date <= $2 AND `+scopeClause(sc, &args),
		args, []any{&cust, &id, &it.issue, &it.due, &it.open}, func() {
			x := it
			byID[id] = &x
			items[cust] = append(items[cust], &x)
		}); err != nil {
		return err
	}
	var d dated
	args = []any{month, asOf}
	// Through the month's open invoices, so that the allocations are read
	// by invoice (an index) rather than all of them by date.
	if err := scanEach(ctx, q, `SELECT a.invoice_id, a.date, a.amount FROM invoices i JOIN customers c ON c.id = i.customer_id
		JOIN allocations a ON a.invoice_id = i.id AND a.date >= $1 AND a.date <= $2
		WHERE i.amount > 0 AND i.closed_on >= $1 AND i.issue_date <= $2 AND `+scopeClause(sc, &args), args, []any{&id, &d.on, &d.amount}, func() {
		if x := byID[id]; x != nil {
			x.allocs = append(x.allocs, d)
		}
	}); err != nil {
		return err
	}
	var h hold
	args = []any{month, asOf}
	return scanEach(ctx, q, `SELECT d.invoice_id, d.opened_on, d.resolved_on, d.amount FROM disputes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id
		WHERE d.opened_on <= $2 AND d.resolved_on >= $1 AND `+scopeClause(sc, &args), args, []any{&id, &h.opened, &h.resolved, &h.amount}, func() {
		if x := byID[id]; x != nil {
			x.holds = append(x.holds, h)
		}
	})
}

// scanEach runs query and, for each row, scans it into dst and calls use.
func scanEach(ctx context.Context, q querier, query string, args []any, dst []any, use func()) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		use()
	}
	return rows.Err()
}
