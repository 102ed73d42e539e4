package store

import (
	"context"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// DocFilter selects invoices or payments for a list, oldest first, one
// page at a time: After is the id of the last document of the page before.
type DocFilter struct {
	Scope    user.Scope
	Number   string
	Customer string
	From, To civil.Date // issue or payment date, inclusive; zero for open
	OpenOnly bool       // invoices with something still open
	After    int64
	Limit    int
}

// InvoiceRow is an invoice with its state.
type InvoiceRow struct {
	ledger.Invoice
	ledger.InvoiceState
	// Pay is an open invoice's expected payment as the daily job last
	// scored it; nil for a settled invoice or one not scored yet.
	Pay *PayExpectation
}

// PaymentRow is a payment with its state.
type PaymentRow struct {
	ledger.Payment
	ledger.PaymentState
}

func (f DocFilter) where(dateCol string, args *[]any) string {
	conds := []string{scopeClause(f.Scope, args)}
	add := func(cond string, v any) {
		*args = append(*args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(*args))))
	}
	if f.Customer != "" {
		add("c.code = $?", f.Customer)
	}
	if f.Number != "" {
		add("d.number = $?", f.Number)
	}
	if f.From != 0 {
		add("d."+dateCol+" >= $?", f.From)
	}
	if f.To != 0 {
		add("d."+dateCol+" <= $?", f.To)
	}
	if f.After != 0 {
		add("d.id > $?", f.After)
	}
	return strings.Join(conds, " AND ")
}

func (f DocFilter) limit() int {
	if f.Limit <= 0 || f.Limit > 1000 {
		return 100
	}
	return f.Limit
}

// Invoices returns a page of the invoices f selects.
func (s *Store) Invoices(ctx context.Context, f DocFilter) (_ []InvoiceRow, err error) {
	defer wrap(&err, "store.Invoices")
	var args []any
	where := f.where("issue_date", &args)
	if f.OpenOnly {
		args = append(args, never)
		where += " AND d.closed_on = $" + strconv.Itoa(len(args))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT d.id, d.number, c.code, d.issue_date, d.due_date, d.amount, d.open_amount, d.held_amount, d.closed_on,
		d.electronic, d.pay_expected, d.pay_from, d.pay_to, d.p_late
		FROM invoices d JOIN customers c ON c.id = d.customer_id WHERE `+where+` ORDER BY d.id LIMIT `+strconv.Itoa(f.limit()), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []InvoiceRow{}
	for rows.Next() {
		var r InvoiceRow
		var amount, open, held int64
		var pay nullExpectation
		if err := rows.Scan(&r.ID, &r.Number, &r.Customer, &r.Issue, &r.Due, &amount, &open, &held, &r.Closed,
			&r.Electronic, &pay.expected, &pay.from, &pay.to, &pay.pLate); err != nil {
			return nil, err
		}
		r.Amount, r.Open, r.Held = money.Amount(amount), money.Amount(open), money.Amount(held)
		if r.Closed == never {
			r.Pay = pay.get()
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Payments returns a page of the payments f selects, with the invoices
// each names.
func (s *Store) Payments(ctx context.Context, f DocFilter) (_ []PaymentRow, err error) {
	defer wrap(&err, "store.Payments")
	var args []any
	where := f.where("date", &args)
	rows, err := s.r.QueryContext(ctx, `SELECT d.id, d.number, c.code, d.date, d.amount, d.unapplied, d.closed_on
		FROM payments d JOIN customers c ON c.id = d.customer_id WHERE `+where+` ORDER BY d.id LIMIT `+strconv.Itoa(f.limit()), args...)
	if err != nil {
		return nil, err
	}
	out := []PaymentRow{}
	byNumber := map[string]ledger.Payment{}
	for rows.Next() {
		var r PaymentRow
		var amount, unapplied int64
		if err := rows.Scan(&r.ID, &r.Number, &r.Customer, &r.Date, &amount, &unapplied, &r.Closed); err != nil {
			rows.Close()
			return nil, err
		}
		r.Amount, r.Unapplied = money.Amount(amount), money.Amount(unapplied)
		out = append(out, r)
		byNumber[r.Number] = r.Payment
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := fillNamedInvoices(ctx, s.r, byNumber); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Invoices = byNumber[out[i].Number].Invoices
	}
	return out, nil
}

// fillNamedInvoices loads the invoices each payment names, in order.
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
		for rows.Next() {
			var id int64
			var num string
			if err := rows.Scan(&id, &num); err != nil {
				return err
			}
			p := pays[byID[id]]
			p.Invoices = append(p.Invoices, num)
			pays[byID[id]] = p
		}
		return rows.Err()
	})
}
