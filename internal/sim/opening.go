package sim

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
)

// openingBalances is what the history from start keeps of a customer
// simulated from before it: the documents dated from start on, and what
// was open at the end of the day before as opening balances (期初余额) —
// each invoice or credit note with something open, for what is open, on
// its own dates; the credit not yet applied as a payment on start (so
// that no receipt falls before the history); each dispute still open, on
// what is kept of its invoice. Promises, calls and plans before start go:
// the installation begins with the ledger, not with the talk.
func openingBalances(d Docs, start civil.Date) Docs {
	before := ledger.Book{}
	for _, inv := range d.Invoices {
		if inv.Issue < start {
			before.Invoices = append(before.Invoices, inv)
		}
	}
	for _, p := range d.Payments {
		if p.Date < start {
			before.Payments = append(before.Payments, p)
		}
	}
	for _, ds := range d.Disputes {
		if ds.Opened < start {
			if ds.Resolved >= start {
				ds.Resolved = 0
			}
			before.Disputes = append(before.Disputes, ds)
		}
	}
	st := ledger.Allocate(before)
	out := Docs{Customer: d.Customer}
	kept := map[string]bool{}
	for i, inv := range before.Invoices {
		if open := st.Invoices[i].Open; open != 0 {
			inv.Amount = open
			out.Invoices = append(out.Invoices, inv)
			kept[inv.Number] = true
		}
	}
	for i, p := range before.Payments {
		if left := st.Payments[i].Unapplied; left > 0 {
			p.Date, p.Amount, p.Invoices = start, left, nil
			out.Payments = append(out.Payments, p)
		}
	}
	for _, ds := range d.Disputes {
		if ds.Opened < start && (ds.Resolved == 0 || ds.Resolved >= start) && kept[ds.Invoice] {
			out.Disputes = append(out.Disputes, ds)
		}
	}
	for _, inv := range d.Invoices {
		if inv.Issue >= start {
			out.Invoices = append(out.Invoices, inv)
			kept[inv.Number] = true
		}
	}
	for _, p := range d.Payments {
		if p.Date >= start {
			p.Invoices = slices.DeleteFunc(slices.Clone(p.Invoices), func(n string) bool { return !kept[n] })
			out.Payments = append(out.Payments, p)
		}
	}
	out.Disputes = append(out.Disputes, dated(d.Disputes, start, func(ds ledger.Dispute) civil.Date { return ds.Opened })...)
	out.Promises = dated(d.Promises, start, func(p Promise) civil.Date { return p.Made })
	out.Calls = dated(d.Calls, start, func(c Call) civil.Date { return c.Date })
	out.Capacities = dated(d.Capacities, start, func(c MonthCapacity) civil.Date { return c.Month })
	out.Plans = dated(d.Plans, start, func(p Plan) civil.Date { return p.Month })
	return out
}

// dated is what of xs is dated on or after start, in order.
func dated[T any](xs []T, start civil.Date, on func(T) civil.Date) []T {
	var out []T
	for _, x := range xs {
		if on(x) >= start {
			out = append(out, x)
		}
	}
	return out
}
