package store

import (
	"context"

	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// existingInvoices returns the stored invoices that have the numbers of
// invs, by number, with their customer's code.
func existingInvoices(ctx context.Context, q querier, invs []ledger.Invoice) (map[string]ledger.Invoice, error) {
	nums := make([]string, len(invs))
	for i, inv := range invs {
		nums[i] = inv.Number
	}
	out := map[string]ledger.Invoice{}
	err := inChunks(nums, 500, func(chunk []string) error {
		rows, err := q.QueryContext(ctx, `SELECT i.id, i.number, c.code, i.issue_date, i.due_date, i.amount
			FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.number IN (`+placeholders(1, len(chunk))+`)`, anys(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var inv ledger.Invoice
			var amount int64
			if err := rows.Scan(&inv.ID, &inv.Number, &inv.Customer, &inv.Issue, &inv.Due, &amount); err != nil {
				return err
			}
			inv.Amount = money.Amount(amount)
			out[inv.Number] = inv
		}
		return rows.Err()
	})
	return out, err
}

// existingPayments returns the stored payments that have the numbers of
// pays, by number, with their customer's code.
func existingPayments(ctx context.Context, q querier, pays []ledger.Payment) (map[string]ledger.Payment, error) {
	nums := make([]string, len(pays))
	for i, p := range pays {
		nums[i] = p.Number
	}
	out := map[string]ledger.Payment{}
	err := inChunks(nums, 500, func(chunk []string) error {
		rows, err := q.QueryContext(ctx, `SELECT p.id, p.number, c.code, p.date, p.amount
			FROM payments p JOIN customers c ON c.id = p.customer_id WHERE p.number IN (`+placeholders(1, len(chunk))+`)`, anys(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p ledger.Payment
			var amount int64
			if err := rows.Scan(&p.ID, &p.Number, &p.Customer, &p.Date, &amount); err != nil {
				return err
			}
			p.Amount = money.Amount(amount)
			out[p.Number] = p
		}
		return rows.Err()
	})
	return out, err
}

// invoiceOwners returns the customer code of each stored invoice among the
// numbers.
func invoiceOwners(ctx context.Context, q querier, nums []string) (map[string]string, error) {
	out := map[string]string{}
	err := inChunks(nums, 500, func(chunk []string) error {
		rows, err := q.QueryContext(ctx, `SELECT i.number, c.code FROM invoices i JOIN customers c ON c.id = i.customer_id
			WHERE i.number IN (`+placeholders(1, len(chunk))+`)`, anys(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var num, code string
			if err := rows.Scan(&num, &code); err != nil {
				return err
			}
			out[num] = code
		}
		return rows.Err()
	})
	return out, err
}
