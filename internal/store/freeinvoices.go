package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

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
