package web

import (
	"net/http"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
)

// CustomerPage is the data of one customer's page.
type CustomerPage struct {
	Base
	C         store.CustomerRow
	Buckets   []ledger.BucketInfo // this customer's aging
	Statement ledger.Statement
	Invoices  []InvoiceLine
	Payments  []ledger.Payment
}

// InvoiceLine is an invoice with what is still open of it.
type InvoiceLine struct {
	ledger.Invoice
	Open     money.Amount
	Held     money.Amount
	Closed   civil.Date
	Overdue  bool
	DaysLate int
}

func (s *Server) customer(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	today := s.today()
	row, err := s.store.CustomerRow(r.Context(), r.PathValue("code"), v.Scope(), today)
	if err != nil {
		return err
	}
	c, book, err := s.store.Book(r.Context(), row.Code)
	if err != nil {
		return err
	}
	bk, err := s.store.AgingBuckets(r.Context())
	if err != nil {
		return err
	}
	p := CustomerPage{Base: s.base(r, "customer"), C: row}
	p.Title = row.Name
	p.ActiveNav = "customers"
	p.Buckets = bk.Info()
	for i, a := range ledger.Age(row.Open, today, bk) {
		p.Buckets[i].Amount = a
	}
	p.Statement = ledger.MakeStatement(c, book, today.AddMonths(-6), today)
	slices.Reverse(p.Statement.Entries) // newest first on screen
	alloc := ledger.Allocate(book)
	for i, inv := range book.Invoices {
		st := alloc.Invoices[i]
		p.Invoices = append(p.Invoices, InvoiceLine{Invoice: inv, Open: st.Open, Held: st.Held, Closed: st.Closed,
			Overdue: st.Open > 0 && inv.Due < today, DaysLate: max(today.Sub(inv.Due), 0)})
	}
	// Open invoices first, oldest due first; then the settled, newest first.
	slices.SortStableFunc(p.Invoices, func(a, b InvoiceLine) int {
		ao, bo := a.Open > 0, b.Open > 0
		switch {
		case ao != bo && ao:
			return -1
		case ao != bo:
			return 1
		case ao:
			return int(a.Due - b.Due)
		}
		return int(b.Issue - a.Issue)
	})
	if len(p.Invoices) > 60 {
		p.Invoices = p.Invoices[:60]
	}
	p.Payments = book.Payments
	slices.SortFunc(p.Payments, func(a, b ledger.Payment) int { return int(b.Date - a.Date) })
	if len(p.Payments) > 30 {
		p.Payments = p.Payments[:30]
	}
	return s.render(w, http.StatusOK, "customer", "", p)
}
