package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// Flow is a dated amount: an invoice (a credit note negative) or a payment.
type Flow struct {
	Date   civil.Date
	Amount money.Amount
}

// CustomerFlows returns what a customer the scope sees was invoiced and
// paid from since on, each in date order, for the call sheet's months and
// what followed its excuses.
func (s *Store) CustomerFlows(ctx context.Context, sc user.Scope, code string, since civil.Date) (invoiced, paid []Flow, err error) {
	defer wrap(&err, "store.CustomerFlows")
	err = s.readTx(ctx, func(q querier) error {
		args := []any{code}
		cond := scopeClause(sc, &args)
		var id int64
		err := q.QueryRowContext(ctx, `SELECT c.id FROM customers c WHERE c.code = $1 AND `+cond, args...).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		if invoiced, err = flows(ctx, q, `SELECT issue_date, amount FROM invoices WHERE customer_id = $1 AND issue_date >= $2 ORDER BY issue_date, id`, id, since); err != nil {
			return err
		}
		paid, err = flows(ctx, q, `SELECT date, amount FROM payments WHERE customer_id = $1 AND date >= $2 ORDER BY date, id`, id, since)
		return err
	})
	return invoiced, paid, err
}

func flows(ctx context.Context, q querier, query string, args ...any) ([]Flow, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Flow
	for rows.Next() {
		var f Flow
		if err := rows.Scan(&f.Date, &f.Amount); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FreeInvoice is an open invoice with the part of it not in dispute.
type FreeInvoice struct {
	Number string
	Due    civil.Date
	Free   money.Amount // open and not held in dispute
}

// FreeInvoices returns a customer's invoices that still have an amount not
// in dispute, by due date: what a dispute can be carved out of. It reads
// the stored state, not the customer's whole book.
func (s *Store) FreeInvoices(ctx context.Context, sc user.Scope, code string) (_ []FreeInvoice, err error) {
	defer wrap(&err, "store.FreeInvoices")
	args := []any{code}
	cond := scopeClause(sc, &args)
	rows, err := s.r.QueryContext(ctx, `SELECT i.number, i.due_date, i.open_amount - i.held_amount FROM customers c CROSS JOIN invoices i
		WHERE c.code = $1 AND `+cond+` AND i.customer_id = c.id AND i.amount > 0 AND i.open_amount > i.held_amount ORDER BY i.due_date, i.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FreeInvoice
	for rows.Next() {
		var f FreeInvoice
		if err := rows.Scan(&f.Number, &f.Due, &f.Free); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
