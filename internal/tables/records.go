package tables

import (
	"context"
	"strings"

	"huikuan/internal/export"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// The ledger exports below write records in exactly the canonical import
// columns (README "CSV formats"), in the same order and with the same
// header names in every language, so that `huikuan import` reads a file
// they wrote back to the same records: exporting and importing into the
// same database changes nothing.

// LedgerScope is what a ledger export reads: every customer, or only those
// of the rep with code rep when it is not empty.
func LedgerScope(rep string) user.Scope {
	if rep != "" {
		return user.Scope{Rep: rep}
	}
	return user.Scope{All: true}
}

// CustomerRecords is customers as one sheet of the import's customers
// columns: code, name, region, rep, credit_tier, credit_limit,
// payment_terms_days, contact, phone, email.
func CustomerRecords(rows []store.CustomerRow) []export.Table {
	t := export.Table{Name: "customers", Columns: []export.Column{
		{Name: "code", Kind: export.Text}, {Name: "name", Kind: export.Text}, {Name: "region", Kind: export.Text},
		{Name: "rep", Kind: export.Text}, {Name: "credit_tier", Kind: export.Text}, {Name: "credit_limit", Kind: export.Money},
		{Name: "payment_terms_days", Kind: export.Int}, {Name: "contact", Kind: export.Text}, {Name: "phone", Kind: export.Text}, {Name: "email", Kind: export.Text},
	}, Rows: make([][]any, 0, len(rows))}
	for _, r := range rows {
		c := r.Customer
		t.Rows = append(t.Rows, []any{c.Code, c.Name, c.Region, c.Rep, string(c.Tier), c.CreditLimit, c.TermsDays, c.Contact, c.Phone, c.Email})
	}
	return []export.Table{t}
}

// InvoiceRecords is invoices as one sheet of the import's invoices
// columns: number, customer, issue_date, due_date, amount (a credit note
// is a negative amount, as import reads it), electronic (yes, or blank).
func InvoiceRecords(rows []store.InvoiceRow) []export.Table {
	t := export.Table{Name: "invoices", Columns: []export.Column{
		{Name: "number", Kind: export.Text}, {Name: "customer", Kind: export.Text}, {Name: "issue_date", Kind: export.Date},
		{Name: "due_date", Kind: export.Date}, {Name: "amount", Kind: export.Money}, {Name: "electronic", Kind: export.Text},
	}, Rows: make([][]any, 0, len(rows))}
	for _, r := range rows {
		e := ""
		if r.Electronic {
			e = "yes"
		}
		t.Rows = append(t.Rows, []any{r.Number, r.Customer, r.Issue, r.Due, r.Amount, e})
	}
	return []export.Table{t}
}

// PaymentRecords is payments as one sheet of the import's payments
// columns: number, customer, date, amount, invoices (the numbers of the
// invoices each names, in order, separated by ";"; blank for none).
func PaymentRecords(rows []store.PaymentRow) []export.Table {
	t := export.Table{Name: "payments", Columns: []export.Column{
		{Name: "number", Kind: export.Text}, {Name: "customer", Kind: export.Text}, {Name: "date", Kind: export.Date},
		{Name: "amount", Kind: export.Money}, {Name: "invoices", Kind: export.Text},
	}, Rows: make([][]any, 0, len(rows))}
	for _, r := range rows {
		t.Rows = append(t.Rows, []any{r.Number, r.Customer, r.Date, r.Amount, strings.Join(r.Invoices, ";")})
	}
	return []export.Table{t}
}

// docPage is how many documents each read of AllInvoices and AllPayments
// asks for: the most store.Invoices and store.Payments give at once.
const docPage = 1000

// AllInvoices is every invoice and credit note f selects (by issue date),
// in the order they were recorded, read a page at a time (f's After and
// Limit are ignored).
func AllInvoices(ctx context.Context, s *store.Store, f store.DocFilter) ([]store.InvoiceRow, error) {
	return allDocs(f, func(f store.DocFilter) ([]store.InvoiceRow, error) { return s.Invoices(ctx, f) },
		func(r store.InvoiceRow) int64 { return r.ID })
}

// AllPayments is every payment f selects (by date), with the invoices each
// names, in the order they were recorded, read a page at a time (f's
// After and Limit are ignored).
func AllPayments(ctx context.Context, s *store.Store, f store.DocFilter) ([]store.PaymentRow, error) {
	return allDocs(f, func(f store.DocFilter) ([]store.PaymentRow, error) { return s.Payments(ctx, f) },
		func(r store.PaymentRow) int64 { return r.ID })
}

func allDocs[T any](f store.DocFilter, page func(store.DocFilter) ([]T, error), id func(T) int64) ([]T, error) {
	var all []T
	f.After, f.Limit = 0, docPage
	for {
		rows, err := page(f)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
		if len(rows) < docPage {
			return all, nil
		}
		f.After = id(rows[len(rows)-1])
	}
}

// LedgerRecords is the export of one kind of record (customers, invoices
// or payments) of the customers sc may see, invoices and payments dated in
// f's From–To (zero: open-ended): the one function the CLI, the pages and
// the API call. ok is false for an unknown kind.
func LedgerRecords(ctx context.Context, s *store.Store, kind string, f store.DocFilter) (_ []export.Table, ok bool, err error) {
	switch kind {
	case "customers":
		rows, err := AllCustomers(ctx, s, store.CustomerFilter{Scope: f.Scope, Sort: "code"})
		return CustomerRecords(rows), true, err
	case "invoices":
		rows, err := AllInvoices(ctx, s, f)
		return InvoiceRecords(rows), true, err
	case "payments":
		rows, err := AllPayments(ctx, s, f)
		return PaymentRecords(rows), true, err
	}
	return nil, false, nil
}
