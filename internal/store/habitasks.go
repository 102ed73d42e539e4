package store

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/negotiation"
)

// custCond adds to args what it needs and returns a condition on the
// customers c: customerCond's is one customer's.
type custCond func(args *[]any) string

func customerCond(id int64) custCond {
	return func(args *[]any) string {
		*args = append(*args, id)
		return "c.id = $" + strconv.Itoa(len(*args))
	}
}

// askWindowMonths is how far back a customer's haggles (calls with both
// amounts) are read for the ratio r: the call sheet reads the last calls,
// and a year holds the last six haggles of a customer called at all often.
const askWindowMonths = 12

// recommendedAskOf is recommendedAsk of the customer with code (0 for a
// code no customer has: LogCall refuses the call then), read on its own,
// before LogCall's write.
func (s *Store) recommendedAskOf(ctx context.Context, code string, day civil.Date) (ask money.Amount, err error) {
	err = s.readTx(ctx, func(q querier) error {
		var id int64
		err := q.QueryRowContext(ctx, `SELECT id FROM customers WHERE code = $1`, code).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		ask, err = recommendedAsk(ctx, q, s.dialect, id, day)
		return err
	})
	return ask, err
}

// recommendedAsk is the opening ask (negotiation.OpeningAsk) of the
// customer on day, from what the database holds then — what the call
// sheet recommends — stored with each call logged: its haggles of the
// last askWindowMonths, the month's plan if agreed by day and what was
// paid in the month up to day, what is overdue and what falls due by the
// month's end (disputed parts left out), the undisputed balance, and its
// best calendar month of payments in the twelve before day's month.
func recommendedAsk(ctx context.Context, q querier, dialect Dialect, custID int64, day civil.Date) (money.Amount, error) {
	data, err := loadAskData(ctx, q, dialect, customerCond(custID), day.MonthStart(), day)
	if err != nil {
		return 0, err
	}
	return negotiation.OpeningAsk(data.input(custID, math.MaxInt64, day)).Ask, nil
}

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

// askData is what recommendedAsk loads of a customer.
type askData struct {
	haggles   map[int64][]negotiation.Haggle
	planAsked map[int64]money.Amount
	agreedOn  map[int64]civil.Date
	paid      map[int64][]dated // payments in the month
	bestMonth map[int64]money.Amount
	items     map[int64][]*askItem
}

// input is the customer's negotiation.Input on day, for a call with id
// callID (the haggles before it count).
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

// loadAskData loads the haggles, plans, payments and open items of the
// customers cond selects, for their opening asks from month to asOf.
func loadAskData(ctx context.Context, q querier, dialect Dialect, cond custCond, month, asOf civil.Date) (*askData, error) {
	a := &askData{haggles: map[int64][]negotiation.Haggle{}, planAsked: map[int64]money.Amount{}, agreedOn: map[int64]civil.Date{},
		paid: map[int64][]dated{}, bestMonth: map[int64]money.Amount{}, items: map[int64][]*askItem{}}
	var cust int64
	var h negotiation.Haggle
	args := []any{month.AddMonths(-askWindowMonths), asOf}
	if err := scanEach(ctx, q, `SELECT k.customer_id, k.id, k.call_date, k.amount_asked, k.amount_agreed FROM calls k JOIN customers c ON c.id = k.customer_id
		WHERE k.call_date >= $1 AND k.call_date <= $2 AND k.amount_asked > 0 AND k.amount_agreed > 0 AND `+cond(&args),
		args, []any{&cust, &h.CallID, &h.Date, &h.Asked, &h.Agreed}, func() { a.haggles[cust] = append(a.haggles[cust], h) }); err != nil {
		return nil, err
	}
	var asked money.Amount
	var on civil.Date
	args = []any{month}
	if err := scanEach(ctx, q, `SELECT p.customer_id, p.asked, p.agreed_on FROM plans p JOIN customers c ON c.id = p.customer_id
		WHERE p.month = $1 AND p.status = 'agreed' AND p.agreed_on IS NOT NULL AND `+cond(&args),
		args, []any{&cust, &asked, &on}, func() { a.planAsked[cust], a.agreedOn[cust] = asked, on }); err != nil {
		return nil, err
	}
	var p dated
	args = []any{month, asOf}
	if err := scanEach(ctx, q, `SELECT p.customer_id, p.date, p.amount FROM payments p JOIN customers c ON c.id = p.customer_id
		WHERE p.date >= $1 AND p.date <= $2 AND `+cond(&args), args, []any{&cust, &p.on, &p.amount}, func() { a.paid[cust] = append(a.paid[cust], p) }); err != nil {
		return nil, err
	}
	var best money.Amount
	args = []any{month.AddMonths(-12), month}
	if err := scanEach(ctx, q, `SELECT x.customer_id, CAST(MAX(x.paid) AS BIGINT) FROM (SELECT p.customer_id, `+monthSQL(dialect, "p.date")+` AS m, SUM(p.amount) AS paid
			FROM payments p JOIN customers c ON c.id = p.customer_id WHERE p.date >= $1 AND p.date < $2 AND `+cond(&args)+`
			GROUP BY p.customer_id, `+monthSQL(dialect, "p.date")+`) x GROUP BY x.customer_id`,
		args, []any{&cust, &best}, func() { a.bestMonth[cust] = best }); err != nil {
		return nil, err
	}
	return a, loadAskItems(ctx, q, cond, month, asOf, a.items)
}

// loadAskItems loads the invoices open at some time from month to asOf,
// with their allocations and disputes in that time.
func loadAskItems(ctx context.Context, q querier, cond custCond, month, asOf civil.Date, items map[int64][]*askItem) error {
	byID := map[int64]*askItem{}
	var cust, id int64
	var it askItem
	args := []any{month, asOf}
	if err := scanEach(ctx, q, `SELECT i.customer_id, i.id, i.issue_date, i.due_date,
			i.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.date < $1), 0)
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE i.amount > 0 AND i.closed_on >= $1 AND i.issue_date <= $2 AND `+cond(&args),
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
		WHERE i.amount > 0 AND i.closed_on >= $1 AND i.issue_date <= $2 AND `+cond(&args), args, []any{&id, &d.on, &d.amount}, func() {
		if x := byID[id]; x != nil {
			x.allocs = append(x.allocs, d)
		}
	}); err != nil {
		return err
	}
	var h hold
	args = []any{month, asOf}
	return scanEach(ctx, q, `SELECT d.invoice_id, d.opened_on, d.resolved_on, d.amount FROM disputes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id
		WHERE d.opened_on <= $2 AND d.resolved_on >= $1 AND `+cond(&args), args, []any{&id, &h.opened, &h.resolved, &h.amount}, func() {
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
