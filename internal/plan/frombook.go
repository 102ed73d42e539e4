package plan

import (
	"cmp"
	"slices"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// CapacityInputFromBook builds what a customer's capacity for the month
// beginning on month is worked out from, out of the customer's documents
// b and their allocation a (ledger.Allocate(b)), with kept and decided the
// customer's promises decided by the evening before the month (kept in
// full; kept, partly kept or broken). It reads only what was known that
// evening — documents dated up to it, allocations made by then, disputes
// open then — and gives what the store's PlanInputs sums in the database
// for the same ledger, field for field: it is how the simulator sees a
// customer the way the product does, without a database.
func CapacityInputFromBook(c ledger.Customer, b ledger.Book, a *ledger.Allocated, kept, decided int, month civil.Date) CapacityInput {
	month = month.MonthStart()
	in := CapacityInput{Customer: c.Code, Name: c.Name, Rep: c.Rep, Kept: kept, Decided: decided}
	byInvoice := allocationsByInvoice(len(b.Invoices), a)
	allocatedBy := func(i int, day civil.Date) money.Amount {
		var s money.Amount
		for _, k := range byInvoice[i] {
			if a.Allocations[k].Date <= day {
				s += a.Allocations[k].Amount
			}
		}
		return s
	}
	in.Open = openAt(b, a, month.AddDays(-1), allocatedBy)
	in.Collectable = collectableBefore(b, a, month, allocatedBy)
	in.Delays = delaysBefore(b, a, month)
	in.Paid, in.Fresh = paidBefore(b, a, month)
	return in
}

// allocationsByInvoice lists, per invoice, the indexes of its allocations.
func allocationsByInvoice(n int, a *ledger.Allocated) [][]int {
	out := make([][]int, n)
	for k, al := range a.Allocations {
		out[al.Invoice] = append(out[al.Invoice], k)
	}
	return out
}

// openAt is the invoices open on the evening eve, each with what was
// collectable of it then (allocations by then and disputes open then left
// out), by due date.
func openAt(b ledger.Book, a *ledger.Allocated, eve civil.Date, allocatedBy func(int, civil.Date) money.Amount) []Receivable {
	type item struct {
		r Receivable
		i int
	}
	var items []item
	for i, inv := range b.Invoices {
		if inv.Amount <= 0 || inv.Issue > eve || a.Invoices[i].Closed <= eve {
			continue
		}
		open := inv.Amount - allocatedBy(i, eve)
		var held money.Amount
		for _, d := range b.Disputes {
			resolved := d.Resolved
			if resolved == 0 {
				resolved = civil.Never
			}
			if d.Invoice == inv.Number && d.Opened <= eve && resolved > eve {
				held += d.Amount
			}
		}
		if amt := open - min(held, open); amt > 0 {
			items = append(items, item{Receivable{Due: inv.Due, Amount: amt}, i})
		}
	}
	// The store lists them by due date, then by id: for documents loaded
	// together, issue date and number order.
	slices.SortStableFunc(items, func(x, y item) int {
		p, q := b.Invoices[x.i], b.Invoices[y.i]
		return cmp.Or(cmp.Compare(p.Due, q.Due), cmp.Compare(p.Issue, q.Issue), strings.Compare(p.Number, q.Number))
	})
	var out []Receivable
	for _, it := range items {
		out = append(out, it.r)
	}
	return out
}

// collectableBefore is what was collectable as each of the six months
// before month began: invoices open that morning and due by the month's
// end, less what had been allocated to them by then (disputes not set
// aside, as in the store).
func collectableBefore(b ledger.Book, a *ledger.Allocated, month civil.Date, allocatedBy func(int, civil.Date) money.Amount) [6]money.Amount {
	var out [6]money.Amount
	for k := range out {
		first := month.AddMonths(k - len(out))
		eve, next := first.AddDays(-1), first.AddMonths(1)
		for i, inv := range b.Invoices {
			if inv.Amount > 0 && inv.Issue <= eve && a.Invoices[i].Closed > eve && inv.Due < next {
				out[k] += inv.Amount - allocatedBy(i, eve)
			}
		}
	}
	return out
}

// delaysBefore is how late the invoices closed in the twelve months before
// month were settled, in steps of DelayStep days (rounded towards zero),
// by step.
func delaysBefore(b ledger.Book, a *ledger.Allocated, month civil.Date) []Delay {
	since, eve := month.AddMonths(-12), month.AddDays(-1)
	by := map[int]*Delay{}
	for i, inv := range b.Invoices {
		closed := a.Invoices[i].Closed
		if inv.Amount <= 0 || closed < since || closed > eve {
			continue
		}
		days := closed.Sub(inv.Due) / DelayStep * DelayStep
		d := by[days]
		if d == nil {
			d = &Delay{Days: days}
			by[days] = d
		}
		d.Invoices++
		d.Amount += inv.Amount
	}
	var out []Delay
	for _, d := range by {
		out = append(out, *d)
	}
	slices.SortFunc(out, func(x, y Delay) int { return x.Days - y.Days })
	return out
}

// paidBefore is what was paid in each of the twelve months before month,
// and the part of it that did not go, by the evening before month, to
// invoices issued before the payment's month.
func paidBefore(b ledger.Book, a *ledger.Allocated, month civil.Date) (paid, fresh [12]money.Amount) {
	since, eve := month.AddMonths(-12), month.AddDays(-1)
	index := func(d civil.Date) int { return monthIndex(since, d) }
	for _, p := range b.Payments {
		if p.Date >= since && p.Date <= eve {
			paid[index(p.Date)] += p.Amount
			fresh[index(p.Date)] += p.Amount
		}
	}
	for _, al := range a.Allocations {
		if al.Payment < 0 || al.Date > eve {
			continue
		}
		p := b.Payments[al.Payment]
		if p.Date >= since && p.Date <= eve && b.Invoices[al.Invoice].Issue < p.Date.MonthStart() {
			fresh[index(p.Date)] -= al.Amount
		}
	}
	return paid, fresh
}

// monthIndex counts the calendar months from the month of a to that of b.
func monthIndex(a, b civil.Date) int {
	ya, ma, _ := a.YMD()
	yb, mb, _ := b.YMD()
	return (yb-ya)*12 + int(mb) - int(ma)
}
