package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
)

// Customer returns the customer with the code, or errs.ErrNotFound.
func (s *Store) Customer(ctx context.Context, code string) (_ ledger.Customer, err error) {
	defer wrap(&err, "store.Customer")
	sc, err := scanCustomer(s.r.QueryRowContext(ctx, `SELECT `+customerColumns+customerFrom+` WHERE c.code = $1`, code))
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

// Statement returns the customer's statement from from to to, inclusive.
func (s *Store) Statement(ctx context.Context, code string, from, to civil.Date) (_ ledger.Statement, err error) {
	defer wrap(&err, "store.Statement")
	c, b, _, err := s.Documents(ctx, code)
	if err != nil {
		return ledger.Statement{}, err
	}
	return ledger.MakeStatement(c, b, from, to), nil
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
