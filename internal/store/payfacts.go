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
	custs, err := s.payCustomers(ctx, scopeClause(sc, &args), args)
	if err != nil {
		return nil, err
	}
	return s.payFacts(ctx, custs)
}

// payFacts is PayFacts for the customers custs holds by id (the scope's).
// One kind at a time, in the tables' order: customers are matched by id
// here rather than joined, which would look each row up.
func (s *Store) payFacts(ctx context.Context, custs map[int64]payCustomer) (paydate.FactsFunc, error) {
	byCust := map[string]*payEvents{}
	for _, q := range []struct {
		kind  byte
		query string
	}{
		{'p', `SELECT customer_id, made_on FROM commitments WHERE cancelled = 0`},
		{'b', `SELECT customer_id, decided_on FROM commitments WHERE status IN ('broken', 'partly_kept') AND decided_on IS NOT NULL`},
		{'e', `SELECT customer_id, call_date FROM calls WHERE disposition = 'reached-excuse'`},
		{'d', `SELECT i.customer_id, d.opened_on FROM disputes d JOIN invoices i ON i.id = d.invoice_id`},
	} {
		if err := s.loadFacts(ctx, q.query, q.kind, custs, byCust); err != nil {
			return nil, err
		}
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

// loadFacts adds the dates a query gives (customer id, day) to the
// customers' events of a kind; customers outside custs are left out.
func (s *Store) loadFacts(ctx context.Context, query string, kind byte, custs map[int64]payCustomer, byCust map[string]*payEvents) error {
	rows, err := s.r.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var day civil.Date
		if err := rows.Scan(&cid, &day); err != nil {
			return err
		}
		c, ok := custs[cid]
		if !ok {
			continue
		}
		ev := byCust[c.code]
		if ev == nil {
			ev = &payEvents{}
			byCust[c.code] = ev
		}
		switch kind {
		case 'p':
			ev.promises = append(ev.promises, day)
		case 'b':
			ev.broken = append(ev.broken, day)
		case 'e':
			ev.excuses = append(ev.excuses, day)
		default:
			ev.disputes = append(ev.disputes, day)
		}
	}
	return rows.Err()
}

// within counts the sorted days in [from, to).
func within(ds []civil.Date, from, to civil.Date) int {
	lo, _ := slices.BinarySearch(ds, from)
	hi, _ := slices.BinarySearch(ds, to)
	return hi - lo
}
