package store

import (
	"context"
	"fmt"
	"slices"

	"huikuan/internal/errs"
	"huikuan/internal/ledger"
)

// Batch is a set of ledger records written together: all of them or, on
// any error, none. Reps and customers are created or updated; invoices and
// payments are created, and one that already exists with the same content
// is left alone, so a batch can be applied again safely.
type Batch struct {
	Reps      []ledger.Rep
	Customers []ledger.Customer
	Invoices  []ledger.Invoice
	Payments  []ledger.Payment
	// Disputes are always new: they have no number to recognise them by,
	// so only generators and loaders that run once should pass them.
	Disputes []ledger.Dispute
	// Input line of each record, parallel to the slices above, for error
	// messages; nil when the records do not come from a file.
	CustomerRows, InvoiceRows, PaymentRows []int
	// Progress, when not nil, is told how many new documents were written
	// as the write goes on.
	Progress func(n int)
}

// Counts says what a write did with the records of one kind.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Result counts what Apply did.
type Result struct {
	Customers Counts `json:"customers"`
	Invoices  Counts `json:"invoices"`
	Payments  Counts `json:"payments"`
}

// Apply validates a batch against itself and the database and writes it in
// one transaction, re-allocating every customer whose documents changed.
// Validation problems come back as *errs.Invalid naming the row and field
// of each; nothing is written then.
func (s *Store) Apply(ctx context.Context, b Batch) (Result, error) {
	var res Result
	err := s.inTx(ctx, func(tx *txn) error {
		var err error
		res, err = apply(ctx, tx, b)
		return err
	})
	return res, err
}

func apply(ctx context.Context, tx *txn, b Batch) (Result, error) {
	var res Result
	m, err := loadMaster(ctx, tx, batchCustomerCodes(b))
	if err != nil {
		return res, err
	}
	if err := m.upsertReps(ctx, tx, b.Reps); err != nil {
		return res, err
	}
	if res.Customers, err = m.upsertCustomers(ctx, tx, b.Customers); err != nil {
		return res, err
	}
	v := &validation{m: m, b: b}
	newInv, err := v.invoices(ctx, tx)
	if err != nil {
		return res, err
	}
	newPay, err := v.payments(ctx, tx, newInv)
	if err != nil {
		return res, err
	}
	if err := v.bad.Err(); err != nil {
		return res, err
	}
	res.Invoices = Counts{Created: len(newInv), Unchanged: len(b.Invoices) - len(newInv)}
	res.Payments = Counts{Created: len(newPay), Unchanged: len(b.Payments) - len(newPay)}
	if len(newInv)+len(newPay)+len(b.Disputes) == 0 {
		return res, nil
	}
	books, err := v.booksWith(ctx, tx, newInv, newPay)
	if err != nil {
		return res, err
	}
	return res, settle(ctx, tx, books, b.Progress)
}

func batchCustomerCodes(b Batch) []string {
	seen := map[string]bool{}
	var codes []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	for _, c := range b.Customers {
		add(c.Code)
	}
	for _, inv := range b.Invoices {
		add(inv.Customer)
	}
	for _, p := range b.Payments {
		add(p.Customer)
	}
	return codes
}

// validation checks invoices and payments against the batch and the
// database and collects every problem.
type validation struct {
	m   *master
	b   Batch
	bad errs.Invalid
}

func row(rows []int, i int) int {
	if rows == nil {
		return i + 1
	}
	return rows[i]
}

// invoices returns the indexes of the batch's invoices that are new.
func (v *validation) invoices(ctx context.Context, tx *txn) ([]int, error) {
	invs := v.b.Invoices
	existing, err := existingInvoices(ctx, tx, invs)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]int, len(invs))
	var fresh []int
	for i, inv := range invs {
		r := row(v.b.InvoiceRows, i)
		if first, dup := seen[inv.Number]; dup {
			v.bad.Add(r, "number", "invoice %s appears twice in the input (first at row %d)", inv.Number, row(v.b.InvoiceRows, first))
			continue
		}
		seen[inv.Number] = i
		if _, ok := v.m.customers[inv.Customer]; !ok {
			v.bad.Add(r, "customer", "unknown customer %q", inv.Customer)
			continue
		}
		old, ok := existing[inv.Number]
		if !ok {
			fresh = append(fresh, i)
			continue
		}
		if field, was, now := diffInvoice(old, inv); field != "" {
			v.bad.Add(r, field, "invoice %s already exists with %s %s; the input says %s", inv.Number, field, was, now)
		}
	}
	return fresh, nil
}

// payments returns the indexes of the batch's payments that are new.
func (v *validation) payments(ctx context.Context, tx *txn, newInv []int) ([]int, error) {
	pays := v.b.Payments
	existing, err := existingPayments(ctx, tx, pays)
	if err != nil {
		return nil, err
	}
	inBatch := make(map[string]string, len(v.b.Invoices)) // invoice number → customer code
	for _, i := range newInv {
		inBatch[v.b.Invoices[i].Number] = v.b.Invoices[i].Customer
	}
	named, err := namedInvoices(ctx, tx, pays, inBatch)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]int, len(pays))
	var fresh []int
	for i, p := range pays {
		r := row(v.b.PaymentRows, i)
		if first, dup := seen[p.Number]; dup {
			v.bad.Add(r, "number", "payment %s appears twice in the input (first at row %d)", p.Number, row(v.b.PaymentRows, first))
			continue
		}
		seen[p.Number] = i
		if _, ok := v.m.customers[p.Customer]; !ok {
			v.bad.Add(r, "customer", "unknown customer %q", p.Customer)
			continue
		}
		for _, num := range p.Invoices {
			owner, ok := inBatch[num]
			if !ok {
				owner, ok = named[num]
			}
			switch {
			case !ok:
				v.bad.Add(r, "invoices", "unknown invoice %q", num)
			case owner != p.Customer:
				v.bad.Add(r, "invoices", "invoice %s belongs to customer %s, not %s", num, owner, p.Customer)
			}
		}
		old, ok := existing[p.Number]
		if !ok {
			fresh = append(fresh, i)
			continue
		}
		if field, was, now := diffPayment(old, p); field != "" {
			v.bad.Add(r, field, "payment %s already exists with %s %s; the input says %s", p.Number, field, was, now)
		}
	}
	return fresh, nil
}

func diffInvoice(old, now ledger.Invoice) (field, was, is string) {
	switch {
	case old.Customer != now.Customer:
		return "customer", old.Customer, now.Customer
	case old.Issue != now.Issue:
		return "issue_date", old.Issue.String(), now.Issue.String()
	case old.Due != now.Due:
		return "due_date", old.Due.String(), now.Due.String()
	case old.Amount != now.Amount:
		return "amount", old.Amount.String(), now.Amount.String()
	}
	return "", "", ""
}

func diffPayment(old, now ledger.Payment) (field, was, is string) {
	switch {
	case old.Customer != now.Customer:
		return "customer", old.Customer, now.Customer
	case old.Date != now.Date:
		return "date", old.Date.String(), now.Date.String()
	case old.Amount != now.Amount:
		return "amount", old.Amount.String(), now.Amount.String()
	case !slices.Equal(old.Invoices, now.Invoices):
		return "invoices", fmt.Sprint(old.Invoices), fmt.Sprint(now.Invoices)
	}
	return "", "", ""
}

// booksWith loads the books of the customers that get new documents and
// adds the new documents to them.
func (v *validation) booksWith(ctx context.Context, tx *txn, newInv, newPay []int) ([]*book, error) {
	var ids []int64
	seen := map[int64]bool{}
	add := func(code string) int64 {
		id := v.m.customers[code].id
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
		return id
	}
	for _, i := range newInv {
		add(v.b.Invoices[i].Customer)
	}
	for _, i := range newPay {
		add(v.b.Payments[i].Customer)
	}
	owner := make(map[string]string, len(newInv))
	for _, i := range newInv {
		owner[v.b.Invoices[i].Number] = v.b.Invoices[i].Customer
	}
	var disputeCustomers []string
	for k, d := range v.b.Disputes {
		code, ok := owner[d.Invoice]
		if !ok {
			v.bad.Add(k+1, "invoice", "a dispute must be on an invoice of the same batch, not %q", d.Invoice)
			continue
		}
		disputeCustomers = append(disputeCustomers, code)
		add(code)
	}
	if err := v.bad.Err(); err != nil {
		return nil, err
	}
	byID, err := loadBooks(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	for _, i := range newInv {
		bk := byID[v.m.customers[v.b.Invoices[i].Customer].id]
		bk.Invoices = append(bk.Invoices, v.b.Invoices[i])
		bk.invState = append(bk.invState, ledger.InvoiceState{})
	}
	for _, i := range newPay {
		bk := byID[v.m.customers[v.b.Payments[i].Customer].id]
		bk.Payments = append(bk.Payments, v.b.Payments[i])
		bk.payState = append(bk.payState, ledger.PaymentState{})
	}
	for k, d := range v.b.Disputes {
		bk := byID[v.m.customers[disputeCustomers[k]].id]
		bk.Disputes = append(bk.Disputes, d)
	}
	books := make([]*book, len(ids))
	for i, id := range ids {
		books[i] = byID[id]
	}
	return books, nil
}
