package store

import (
	"context"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/paydate"
	"huikuan/internal/user"
)

// PayFactsDays is how far back a customer's promises, broken promises,
// excuses and disputes count for the pay-date model (paydate.Facts).
const PayFactsDays = 90

// payEvents are one customer's dated facts by kind, each sorted.
type payEvents struct {
	promises, broken, excuses, disputes []civil.Date
}

// PayFacts returns the facts of the customers sc sees as the pay-date
// model takes them (paydate.FactsFunc): on a day, the promises made, the
// promises broken or partly kept (by the day they were decided), the
// excuse calls and the disputes opened in the PayFactsDays before it —
// only what was known on the day. Every user of the model (the daily
// refit and scoring, the report) takes its facts from here.
func (s *Store) PayFacts(ctx context.Context, sc user.Scope) (_ paydate.FactsFunc, err error) {
	defer wrap(&err, "store.PayFacts")
	var args []any
	scope := `customer_id IN (SELECT c.id FROM customers c WHERE ` + scopeClause(sc, &args) + `)`
	rows, err := s.r.QueryContext(ctx, `SELECT c.code, e.day, e.kind FROM (
			SELECT customer_id, made_on AS day, 'p' AS kind FROM commitments WHERE cancelled = 0 AND `+scope+`
			UNION ALL SELECT customer_id, decided_on, 'b' FROM commitments WHERE status IN ('broken', 'partly_kept') AND decided_on IS NOT NULL AND `+scope+`
			UNION ALL SELECT customer_id, call_date, 'e' FROM calls WHERE disposition = 'reached-excuse' AND `+scope+`
			UNION ALL SELECT i.customer_id, d.opened_on, 'd' FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE i.`+scope+`
		) e JOIN customers c ON c.id = e.customer_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byCust := map[string]*payEvents{}
	for rows.Next() {
		var code, kind string
		var day civil.Date
		if err := rows.Scan(&code, &day, &kind); err != nil {
			return nil, err
		}
		ev := byCust[code]
		if ev == nil {
			ev = &payEvents{}
			byCust[code] = ev
		}
		switch kind {
		case "p":
			ev.promises = append(ev.promises, day)
		case "b":
			ev.broken = append(ev.broken, day)
		case "e":
			ev.excuses = append(ev.excuses, day)
		default:
			ev.disputes = append(ev.disputes, day)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, ev := range byCust {
		for _, ds := range []([]civil.Date){ev.promises, ev.broken, ev.excuses, ev.disputes} {
			slices.Sort(ds)
		}
	}
	return func(customer string, day civil.Date) paydate.Facts {
		ev := byCust[customer]
		if ev == nil {
			return paydate.Facts{}
		}
		from := day.AddDays(-PayFactsDays)
		return paydate.Facts{Promises: within(ev.promises, from, day), Broken: within(ev.broken, from, day),
			Excuses: within(ev.excuses, from, day), Disputes: within(ev.disputes, from, day)}
	}, nil
}

// within counts the sorted days in [from, to).
func within(ds []civil.Date, from, to civil.Date) int {
	lo, _ := slices.BinarySearch(ds, from)
	hi, _ := slices.BinarySearch(ds, to)
	return hi - lo
}
