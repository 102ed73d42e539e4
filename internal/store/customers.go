package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// Customer returns the customer with the code, or errs.ErrNotFound.
func (s *Store) Customer(ctx context.Context, code string) (_ ledger.Customer, err error) {
	defer wrap(&err, "store.Customer")
	st, err := s.prepared(ctx, `SELECT `+customerColumns+customerFrom+` WHERE c.code = $1`)
	if err != nil {
		return ledger.Customer{}, err
	}
	sc, err := scanCustomer(st.QueryRowContext(ctx, code))
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Customer{}, fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
	}
	return sc.c, err
}

// Documents returns the customer's documents as stored, with the state of
// each invoice the last allocation left (open, held, closed), but not the
// invoices payments name: for showing, not for allocating.
func (s *Store) Documents(ctx context.Context, code string) (_ ledger.Customer, _ ledger.Book, _ []ledger.InvoiceState, err error) {
	defer wrap(&err, "store.Documents")
	c, err := s.Customer(ctx, code)
	if err != nil {
		return c, ledger.Book{}, nil, err
	}
	books, err := loadBooksNaming(ctx, s.r, []int64{c.ID}, false)
	if err != nil {
		return c, ledger.Book{}, nil, err
	}
	bk := books[c.ID]
	b := bk.Book
	for i := range b.Invoices {
		b.Invoices[i].Customer = c.Code
	}
	for i := range b.Payments {
		b.Payments[i].Customer = c.Code
	}
	return c, b, bk.invState, nil
}

// Statement returns the customer's statement from from to to, inclusive
// (from zero: since the first document). It reads the opening balance as
// two sums over the customer's index and the period's documents alone,
// without their allocations: a statement is each document and the running
// balance, not what settled what, and the dealer's page reads one on every
// view.
func (s *Store) Statement(ctx context.Context, code string, from, to civil.Date) (_ ledger.Statement, err error) {
	defer wrap(&err, "store.Statement")
	c, err := s.Customer(ctx, code)
	if err != nil {
		return ledger.Statement{}, err
	}
	// Prepared before the transaction: preparing inside it would wait for
	// a second connection while holding one, and a pool full of such
	// transactions would wait for ever.
	sums, err := s.prepared(ctx, `SELECT COALESCE((SELECT SUM(amount) FROM invoices WHERE customer_id = $1 AND issue_date < $2), 0),
		COALESCE((SELECT SUM(amount) FROM payments WHERE customer_id = $1 AND date < $2), 0)`)
	if err != nil {
		return ledger.Statement{}, err
	}
	invs, err := s.prepared(ctx, `SELECT number, issue_date, due_date, amount FROM invoices WHERE customer_id = $1 AND issue_date >= $2 AND issue_date <= $3`)
	if err != nil {
		return ledger.Statement{}, err
	}
	pays, err := s.prepared(ctx, `SELECT number, date, amount FROM payments WHERE customer_id = $1 AND date >= $2 AND date <= $3`)
	if err != nil {
		return ledger.Statement{}, err
	}
	var b ledger.Book
	var opening, paid int64
	err = s.readTx(ctx, func(q querier) error {
		if from != 0 {
			if err := inTx(ctx, q, sums).QueryRowContext(ctx, c.ID, from).Scan(&opening, &paid); err != nil {
				return err
			}
		}
		rows, err := inTx(ctx, q, invs).QueryContext(ctx, c.ID, from, to)
		if err != nil {
			return err
		}
		for rows.Next() {
			var inv ledger.Invoice
			if err := rows.Scan(&inv.Number, &inv.Issue, &inv.Due, &inv.Amount); err != nil {
				rows.Close()
				return err
			}
			b.Invoices = append(b.Invoices, inv)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = inTx(ctx, q, pays).QueryContext(ctx, c.ID, from, to)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p ledger.Payment
			if err := rows.Scan(&p.Number, &p.Date, &p.Amount); err != nil {
				return err
			}
			b.Payments = append(b.Payments, p)
		}
		return rows.Err()
	})
	if err != nil {
		return ledger.Statement{}, err
	}
	return ledger.StatementWithOpening(c, money.Amount(opening-paid), b, from, to), nil
}

// Counts of rows in the main tables, for reports and tests.
type TableCounts struct {
	Regions, Reps, Customers, Invoices, Payments, Allocations, Disputes, Commitments, Calls int64
}

// Counts returns the number of rows in each main table.
func (s *Store) Counts(ctx context.Context) (_ TableCounts, err error) {
	defer wrap(&err, "store.Counts")
	var c TableCounts
	err = s.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM regions), (SELECT COUNT(*) FROM reps), (SELECT COUNT(*) FROM customers),
		(SELECT COUNT(*) FROM invoices), (SELECT COUNT(*) FROM payments), (SELECT COUNT(*) FROM allocations),
		(SELECT COUNT(*) FROM disputes), (SELECT COUNT(*) FROM commitments), (SELECT COUNT(*) FROM calls)`).Scan(&c.Regions, &c.Reps, &c.Customers, &c.Invoices, &c.Payments, &c.Allocations, &c.Disputes, &c.Commitments, &c.Calls)
	return c, err
}

// Analyze refreshes the query planner's statistics after a bulk load; on
// PostgreSQL it also vacuums, so that index-only scans need no heap visits.
func (s *Store) Analyze(ctx context.Context) (err error) {
	defer wrap(&err, "store.Analyze")
	q := `ANALYZE`
	if s.dialect == Postgres {
		q = `VACUUM ANALYZE`
	}
	_, err = s.w.ExecContext(ctx, q)
	return err
}
