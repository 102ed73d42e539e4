// Package paydate predicts when each invoice will be paid in full: the
// probability that it is paid by its due date (or by any date asked), an
// expected pay date with a range, and the reasons in words. It learns from
// an installation's settled invoices using only what was known on the day
// (docs/MODEL.md, "Pay dates"). It is a rules package: plain values in,
// plain values out.
package paydate

import (
	"cmp"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// Invoice is one invoice's history record: what was known when it was
// issued, and the day it was paid in full (Paid, zero while open). With
// partial payments Paid is the day the last part arrived.
type Invoice struct {
	Customer  string
	Number    string
	Issue     civil.Date
	Due       civil.Date
	Amount    money.Amount
	TermsDays int
	Tier      ledger.Tier
	Paid      civil.Date
	// Electronic: sent as an e-invoice (ledger.Invoice.Electronic).
	Electronic bool
}

// Settled reports whether the invoice was paid in full before day: only
// such a settlement was known on day.
func (inv Invoice) Settled(day civil.Date) bool { return inv.Paid != 0 && inv.Paid < day }

// openOn reports whether the invoice was issued before day and not yet
// paid in full on day.
func (inv Invoice) openOn(day civil.Date) bool {
	return inv.Issue < day && (inv.Paid == 0 || inv.Paid >= day)
}

// daysLate is the settlement's days after the due date (negative: early).
func (inv Invoice) daysLate() int { return inv.Paid.Sub(inv.Due) }

// late reports whether a settled invoice was paid after its due date.
func (inv Invoice) late() bool { return inv.Paid > inv.Due }

// Facts are what was known about a customer on a day besides its
// invoices: its promises, excuses and disputes (the 90 days before, say).
// They are hooks: a data set without them (IBM's sample) leaves them zero.
type Facts struct {
	Promises int // promises to pay made
	Broken   int // promises broken or partly kept
	Excuses  int // excuses given in calls
	Disputes int // disputes opened
}

// FactsFunc gives a customer's Facts known on a day; nil means none.
type FactsFunc func(customer string, day civil.Date) Facts

// FromBook turns a customer's ledger into history records: each invoice
// (credit notes left out) with the day ledger.Allocate settles it in full,
// so that a partly paid invoice counts as paid when its last part
// arrives. Records come sorted by issue date, then number.
func FromBook(c ledger.Customer, b ledger.Book) []Invoice {
	alloc := ledger.Allocate(b)
	out := make([]Invoice, 0, len(b.Invoices))
	for i, inv := range b.Invoices {
		if inv.IsCreditNote() {
			continue
		}
		rec := Invoice{Customer: c.Code, Number: inv.Number, Issue: inv.Issue, Due: inv.Due, Amount: inv.Amount, TermsDays: c.TermsDays, Tier: c.Tier, Electronic: inv.Electronic}
		if closed := alloc.Invoices[i].Closed; closed != civil.Never {
			rec.Paid = closed
		}
		out = append(out, rec)
	}
	sortRecords(out)
	return out
}

func sortRecords(invs []Invoice) {
	slices.SortFunc(invs, func(a, b Invoice) int {
		return cmp.Or(cmp.Compare(a.Issue, b.Issue), cmp.Compare(a.Number, b.Number))
	})
}

// byCustomer groups records by customer, each group sorted by issue date.
func byCustomer(invs []Invoice) map[string][]Invoice {
	out := map[string][]Invoice{}
	for _, inv := range invs {
		out[inv.Customer] = append(out[inv.Customer], inv)
	}
	for _, g := range out {
		sortRecords(g)
	}
	return out
}
