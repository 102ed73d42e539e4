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
// pays, by number, with the invoices they name.
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
	if err != nil {
		return nil, err
	}
	return out, fillNamedInvoices(ctx, q, out)
}

// fillNamedInvoices loads the invoices each payment names.
func fillNamedInvoices(ctx context.Context, q querier, pays map[string]ledger.Payment) error {
	var ids []int64
	byID := map[int64]string{}
	for num, p := range pays {
		ids = append(ids, p.ID)
		byID[p.ID] = num
	}
	return inChunks(ids, 500, func(chunk []int64) error {
		rows, err := q.QueryContext(ctx, `SELECT pi.payment_id, i.number FROM payment_invoices pi JOIN invoices i ON i.id = pi.invoice_id
			WHERE pi.payment_id IN (`+placeholders(1, len(chunk))+`) ORDER BY pi.payment_id, pi.position`, anys(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		lists := map[int64][]string{}
		for rows.Next() {
			var id int64
			var num string
			if err := rows.Scan(&id, &num); err != nil {
				return err
			}
			lists[id] = append(lists[id], num)
		}
		for id, l := range lists {
			p := pays[byID[id]]
			p.Invoices = l
			pays[byID[id]] = p
		}
		return rows.Err()
	})
}

// namedInvoices returns the customer code of each stored invoice named by
// the payments and not among the batch's new invoices.
func namedInvoices(ctx context.Context, q querier, pays []ledger.Payment, inBatch map[string]string) (map[string]string, error) {
	var nums []string
	seen := map[string]bool{}
	for _, p := range pays {
		for _, n := range p.Invoices {
			if _, ok := inBatch[n]; !ok && !seen[n] {
				seen[n] = true
				nums = append(nums, n)
			}
		}
	}
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
