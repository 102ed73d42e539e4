package ledger

import (
	"cmp"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Allocation is part of a credit applied to an invoice on a date. The
// credit is either a payment (Payment ≥ 0) or a credit note (CreditNote ≥
// 0, an index into Book.Invoices); the other index is -1.
type Allocation struct {
	Invoice    int // index into Book.Invoices
	Payment    int // index into Book.Payments, or -1
	CreditNote int // index into Book.Invoices, or -1
	Amount     money.Amount
	Date       civil.Date
}

// InvoiceState is what Allocate leaves of an invoice. For an invoice, Open
// is what is still owed (held amounts included) and Held the part of it in
// dispute; for a credit note, Open is minus the credit not yet used. Closed
// is the day Open reached zero, or civil.Never.
type InvoiceState struct {
	Open   money.Amount
	Held   money.Amount
	Closed civil.Date
}

// PaymentState is what Allocate leaves of a payment: the part not yet
// applied to any invoice (prepayment, 预收) and the day it was used up, or
// civil.Never.
type PaymentState struct {
	Unapplied money.Amount
	Closed    civil.Date
}

// Allocation results for one customer.
type Allocated struct {
	Allocations []Allocation
	Invoices    []InvoiceState // parallel to Book.Invoices
	Payments    []PaymentState // parallel to Book.Payments
}

// Owed returns the customer's open invoice total (disputed part included).
func (a *Allocated) Owed() money.Amount {
	var s money.Amount
	for _, st := range a.Invoices {
		if st.Open > 0 {
			s += st.Open
		}
	}
	return s
}

// Prepaid returns the customer's unused credit: unapplied payments and
// unused credit notes.
func (a *Allocated) Prepaid() money.Amount {
	var s money.Amount
	for _, st := range a.Payments {
		s += st.Unapplied
	}
	for _, st := range a.Invoices {
		if st.Open < 0 {
			s -= st.Open
		}
	}
	return s
}

// Allocate replays a customer's documents in date order and applies every
// credit to invoices by the rules of DESIGN.md:
//   - a payment settles the invoices it names first, in the order named,
//     then the other open invoices, earliest due date first;
//   - what is left is prepayment, which settles invoices issued later, oldest
//     credit first, on their issue date;
//   - a credit note gives credit like a payment dated on its issue date;
//   - disputed amounts are held out of allocation until the dispute is
//     resolved, when prepayment may settle them.
//
// Within one day invoices come first, then dispute openings, releases, and
// credits (credit notes before payments, each by number), so a payment can
// settle an invoice issued the same day. The result depends only on the
// documents, never on the order they were recorded in.
func Allocate(b Book) *Allocated {
	r := &Allocated{
		Invoices: make([]InvoiceState, len(b.Invoices)),
		Payments: make([]PaymentState, len(b.Payments)),
	}
	a := allocator{book: b, out: r, byNumber: make(map[string]int, len(b.Invoices))}
	for i, inv := range b.Invoices {
		r.Invoices[i] = InvoiceState{Open: inv.Amount, Closed: civil.Never}
		a.byNumber[inv.Number] = i
	}
	for i, p := range b.Payments {
		r.Payments[i] = PaymentState{Unapplied: p.Amount, Closed: civil.Never}
	}
	for _, e := range events(b) {
		a.apply(e)
	}
	return r
}

type eventKind int8

// The order of the kinds is the order of events within one day.
const (
	evInvoice eventKind = iota
	evDisputeOpen
	evDisputeRelease
	evCreditNote
	evPayment
)

type event struct {
	date   civil.Date
	kind   eventKind
	number string
	index  int
}

func events(b Book) []event {
	ev := make([]event, 0, len(b.Invoices)+len(b.Payments)+2*len(b.Disputes))
	for i, inv := range b.Invoices {
		k := evInvoice
		if inv.IsCreditNote() {
			k = evCreditNote
		}
		ev = append(ev, event{inv.Issue, k, inv.Number, i})
	}
	for i, p := range b.Payments {
		ev = append(ev, event{p.Date, evPayment, p.Number, i})
	}
	for i, d := range b.Disputes {
		ev = append(ev, event{d.Opened, evDisputeOpen, d.Invoice, i})
		if d.Resolved != civil.Never && d.Resolved != 0 {
			ev = append(ev, event{d.Resolved, evDisputeRelease, d.Invoice, i})
		}
	}
	slices.SortStableFunc(ev, func(x, y event) int {
		return cmp.Or(cmp.Compare(x.date, y.date), cmp.Compare(x.kind, y.kind), cmp.Compare(x.number, y.number))
	})
	return ev
}

// credit is an unused payment or credit note in the prepayment pool.
type credit struct {
	payment, creditNote int
}

type allocator struct {
	book     Book
	out      *Allocated
	byNumber map[string]int
	open     []int          // indexes of invoices with Open > 0, by due date
	disputed []money.Amount // per invoice: the total of active disputes
	pool     []credit       // unused credits, oldest first
}

func (a *allocator) apply(e event) {
	switch e.kind {
	case evInvoice:
		a.addOpen(e.index)
		a.drainPool(e.date)
	case evDisputeOpen, evDisputeRelease:
		inv, ok := a.byNumber[e.number]
		if !ok {
			return
		}
		if a.disputed == nil {
			a.disputed = make([]money.Amount, len(a.book.Invoices))
		}
		amt := a.book.Disputes[e.index].Amount
		if e.kind == evDisputeRelease {
			amt = -amt
		}
		a.disputed[inv] += amt
		a.updateHeld(inv)
		if e.kind == evDisputeRelease {
			a.drainPool(e.date)
		}
	case evCreditNote:
		a.spend(credit{payment: -1, creditNote: e.index}, nil, e.date)
	case evPayment:
		a.spend(credit{payment: e.index, creditNote: -1}, a.book.Payments[e.index].Invoices, e.date)
	}
}

func (a *allocator) addOpen(i int) {
	inv := a.book.Invoices
	pos, _ := slices.BinarySearchFunc(a.open, i, func(j, i int) int {
		return cmp.Or(cmp.Compare(inv[j].Due, inv[i].Due), cmp.Compare(inv[j].Issue, inv[i].Issue), cmp.Compare(inv[j].Number, inv[i].Number))
	})
	a.open = slices.Insert(a.open, pos, i)
}

func (a *allocator) updateHeld(i int) {
	st := &a.out.Invoices[i]
	st.Held = min(max(a.disputed[i], 0), st.Open)
}

// collectable is what a credit may settle of invoice i now.
func (a *allocator) collectable(i int) money.Amount {
	st := a.out.Invoices[i]
	return st.Open - st.Held
}

// spend applies a new credit to the named invoices, then to the other open
// invoices, and puts what is left in the pool.
func (a *allocator) spend(c credit, named []string, date civil.Date) {
	for _, num := range named {
		if i, ok := a.byNumber[num]; ok && a.book.Invoices[i].Issue <= date {
			a.settle(c, i, date)
		}
	}
	for k := 0; k < len(a.open) && a.left(c) > 0; k++ {
		a.settle(c, a.open[k], date)
	}
	a.compactOpen()
	if a.left(c) > 0 {
		a.pool = append(a.pool, c)
	}
}

// drainPool applies pooled credits, oldest first, to whatever is
// collectable on date.
func (a *allocator) drainPool(date civil.Date) {
	for len(a.pool) > 0 {
		c := a.pool[0]
		for _, i := range a.open {
			if a.left(c) == 0 {
				break
			}
			a.settle(c, i, date)
		}
		a.compactOpen()
		if a.left(c) > 0 {
			return // nothing collectable is left
		}
		a.pool = a.pool[1:]
	}
}

func (a *allocator) left(c credit) money.Amount {
	if c.payment >= 0 {
		return a.out.Payments[c.payment].Unapplied
	}
	return -a.out.Invoices[c.creditNote].Open
}

// settle applies as much of credit c as invoice i can take.
func (a *allocator) settle(c credit, i int, date civil.Date) {
	amt := min(a.left(c), a.collectable(i))
	if amt <= 0 {
		return
	}
	inv := &a.out.Invoices[i]
	inv.Open -= amt
	if inv.Open == 0 {
		inv.Closed = date
	}
	if c.payment >= 0 {
		p := &a.out.Payments[c.payment]
		if p.Unapplied -= amt; p.Unapplied == 0 {
			p.Closed = date
		}
	} else {
		cn := &a.out.Invoices[c.creditNote]
		if cn.Open += amt; cn.Open == 0 {
			cn.Closed = date
		}
	}
	a.out.Allocations = append(a.out.Allocations, Allocation{Invoice: i, Payment: c.payment, CreditNote: c.creditNote, Amount: amt, Date: date})
}

func (a *allocator) compactOpen() {
	a.open = slices.DeleteFunc(a.open, func(i int) bool { return a.out.Invoices[i].Open == 0 })
}
