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

// OpenDispute sets amount of an invoice aside from opened on, and
// re-allocates the customer. It returns the dispute's id.
func (s *Store) OpenDispute(ctx context.Context, invoice string, amount money.Amount, opened civil.Date, note string) (_ int64, err error) {
	defer wrap(&err, "store.OpenDispute")
	var bad errs.Invalid
	ledger.CheckDispute(ledger.Dispute{Invoice: invoice, Amount: amount, Opened: opened, Resolved: civil.Never, Note: note}, 0, &bad)
	if err := bad.Err(); err != nil {
		return 0, err
	}
	var id int64
	err = s.inTx(ctx, func(tx *txn) error {
		var invID, custID int64
		var issue civil.Date
		var invAmount int64
		err := tx.QueryRowContext(ctx, `SELECT id, customer_id, issue_date, amount FROM invoices WHERE number = $1`, invoice).Scan(&invID, &custID, &issue, &invAmount)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("invoice %q: %w", invoice, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		switch {
		case invAmount < 0:
			bad.Add(0, "invoice", "%s is a credit note; only invoices can be disputed", invoice)
		case int64(amount) > invAmount:
			bad.Add(0, "amount", "disputed amount %s is more than invoice %s's %s", amount, invoice, money.Amount(invAmount))
		case opened < issue:
			bad.Add(0, "opened_on", "a dispute cannot open before the invoice's issue date %s", issue)
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO disputes (invoice_id, amount, opened_on, resolved_on, note) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			invID, int64(amount), opened, never, note).Scan(&id); err != nil {
			return err
		}
		if err := capacitiesChanged(ctx, tx, opened); err != nil {
			return err
		}
		return reallocate(ctx, tx, custID)
	})
	return id, err
}

// ResolveDispute ends a dispute on resolved: its amount is collectable
// again from that day (a credit note records a resolution in the
// customer's favour), and the customer is re-allocated.
func (s *Store) ResolveDispute(ctx context.Context, id int64, resolved civil.Date) (err error) {
	defer wrap(&err, "store.ResolveDispute")
	return s.inTx(ctx, func(tx *txn) error {
		var custID int64
		var opened, was civil.Date
		err := tx.QueryRowContext(ctx, `SELECT i.customer_id, d.opened_on, d.resolved_on FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE d.id = $1`, id).Scan(&custID, &opened, &was)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dispute %d: %w", id, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		var bad errs.Invalid
		ledger.CheckDate(&bad, 0, "resolved_on", resolved)
		if was != civil.Never {
			bad.Add(0, "resolved_on", "dispute %d was already resolved on %s", id, was)
		} else if resolved < opened {
			bad.Add(0, "resolved_on", "a dispute cannot be resolved before it opened on %s", opened)
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE disputes SET resolved_on = $1 WHERE id = $2`, resolved, id); err != nil {
			return err
		}
		if err := capacitiesChanged(ctx, tx, resolved); err != nil {
			return err
		}
		return reallocate(ctx, tx, custID)
	})
}

// reallocate replays the customers' books and saves what changed.
func reallocate(ctx context.Context, tx *txn, ids ...int64) error {
	byID, err := loadBooks(ctx, tx, ids)
	if err != nil {
		return err
	}
	books := make([]*book, 0, len(ids))
	for _, id := range ids {
		books = append(books, byID[id])
	}
	return settle(ctx, tx, books, nil)
}
