package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// book is one customer's documents as stored, with the state the last
// allocation left on each, so a write can tell what changed.
type book struct {
	customerID int64
	code       string // the customer's code, where the caller knows it
	hadDocs    bool   // allocations may exist and must be replaced
	ledger.Book
	invState []ledger.InvoiceState // stored state; zero for new documents
	payState []ledger.PaymentState
}

// loadBooks loads the documents of the given customers, 500 at a time,
// with the invoices each payment names: allocation needs them.
func loadBooks(ctx context.Context, q querier, ids []int64) (map[int64]*book, error) {
	return loadBooksNaming(ctx, q, ids, true)
}

// loadBooksNaming is loadBooks, leaving out the named invoices when named
// is false: a reader that shows the kept state has no use for them.
func loadBooksNaming(ctx context.Context, q querier, ids []int64, named bool) (map[int64]*book, error) {
	books := make(map[int64]*book, len(ids))
	for _, id := range ids {
		books[id] = &book{customerID: id}
	}
	err := inChunks(ids, 500, func(chunk []int64) error {
		in := `IN (` + placeholders(1, len(chunk)) + `)`
		args := anys(chunk)
		if err := loadInvoices(ctx, q, in, args, books); err != nil {
			return err
		}
		if err := loadPayments(ctx, q, in, args, books, named); err != nil {
			return err
		}
		return loadDisputes(ctx, q, in, args, books)
	})
	return books, err
}

func loadInvoices(ctx context.Context, q querier, in string, args []any, books map[int64]*book) error {
	rows, err := q.QueryContext(ctx, `SELECT customer_id, id, number, issue_date, due_date, amount, open_amount, held_amount, closed_on, electronic
		FROM invoices WHERE customer_id `+in+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var inv ledger.Invoice
		var st ledger.InvoiceState
		var amount, open, held int64
		if err := rows.Scan(&cid, &inv.ID, &inv.Number, &inv.Issue, &inv.Due, &amount, &open, &held, &st.Closed, &inv.Electronic); err != nil {
			return err
		}
		inv.Amount, st.Open, st.Held = money.Amount(amount), money.Amount(open), money.Amount(held)
		b := books[cid]
		b.hadDocs = true
		b.Invoices = append(b.Invoices, inv)
		b.invState = append(b.invState, st)
	}
	return rows.Err()
}

func loadPayments(ctx context.Context, q querier, in string, args []any, books map[int64]*book, named bool) error {
	rows, err := q.QueryContext(ctx, `SELECT customer_id, id, number, date, amount, unapplied, closed_on
		FROM payments WHERE customer_id `+in+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	byID := map[int64]*ledger.Payment{}
	for rows.Next() {
		var cid int64
		var p ledger.Payment
		var st ledger.PaymentState
		var amount, unapplied int64
		if err := rows.Scan(&cid, &p.ID, &p.Number, &p.Date, &amount, &unapplied, &st.Closed); err != nil {
			rows.Close()
			return err
		}
		p.Amount, st.Unapplied = money.Amount(amount), money.Amount(unapplied)
		b := books[cid]
		b.hadDocs = true
		b.Payments = append(b.Payments, p)
		b.payState = append(b.payState, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil || !named {
		return err
	}
	for _, b := range books {
		for i := range b.Payments {
			byID[b.Payments[i].ID] = &b.Payments[i]
		}
	}
	rows, err = q.QueryContext(ctx, `SELECT pi.payment_id, i.number FROM payment_invoices pi
		JOIN payments p ON p.id = pi.payment_id JOIN invoices i ON i.id = pi.invoice_id
		WHERE p.customer_id `+in+` ORDER BY pi.payment_id, pi.position`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var num string
		if err := rows.Scan(&pid, &num); err != nil {
			return err
		}
		if p := byID[pid]; p != nil {
			p.Invoices = append(p.Invoices, num)
		}
	}
	return rows.Err()
}

func loadDisputes(ctx context.Context, q querier, in string, args []any, books map[int64]*book) error {
	rows, err := q.QueryContext(ctx, `SELECT i.customer_id, d.id, i.number, d.amount, d.opened_on, d.resolved_on, d.note
		FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE i.customer_id `+in+` ORDER BY d.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, amount int64
		var d ledger.Dispute
		if err := rows.Scan(&cid, &d.ID, &d.Invoice, &amount, &d.Opened, &d.Resolved, &d.Note); err != nil {
			return err
		}
		d.Amount = money.Amount(amount)
		books[cid].Disputes = append(books[cid].Disputes, d)
	}
	return rows.Err()
}

// never is civil.Never, named for SQL arguments.
var never = civil.Never
