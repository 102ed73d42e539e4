package store

import (
	"context"
	"strconv"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// DisputeFilter selects disputes.
type DisputeFilter struct {
	Scope    user.Scope
	Customer string     // only this customer's (the call sheet)
	ID       int64      // only this dispute
	All      bool       // resolved ones too; open ones only by default
	AsOf     civil.Date // the day ages are counted to
	Limit    int        // at most this many; default 1000
}

// DisputeRow is a stored dispute, as the disputes page lists it.
type DisputeRow struct {
	ID           int64             `json:"id"`
	Customer     string            `json:"customer"`
	CustomerName string            `json:"customer_name"`
	Rep          string            `json:"rep"`
	Invoice      string            `json:"invoice"`
	Amount       money.Amount      `json:"amount"`
	AgeDays      int               `json:"age_days"` // from opened to AsOf, or to resolved when earlier
	Reason       excuse.Category   `json:"reason"`
	Owner        string            `json:"owner"`
	Note         string            `json:"note"`
	Opened       civil.Date        `json:"opened_on"`
	Resolved     *civil.Date       `json:"resolved_on"` // nil while open
	Resolution   ledger.Resolution `json:"resolution"`  // "" while open
	OpenedBy     string            `json:"opened_by"`
	CallID       *int64            `json:"call_id"`
}

// Open reports whether the dispute is not resolved.
func (d DisputeRow) Open() bool { return d.Resolved == nil }

// Disputes returns the disputes f selects of customers the scope sees,
// oldest first (by the day opened, then by id).
func (s *Store) Disputes(ctx context.Context, f DisputeFilter) (_ []DisputeRow, err error) {
	defer wrap(&err, "store.Disputes")
	args := []any{}
	cond := scopeClause(f.Scope, &args)
	add := func(c string, v any) {
		args = append(args, v)
		cond += " AND " + c + strconv.Itoa(len(args))
	}
	if !f.All {
		add("d.resolved_on = $", never)
	}
	if f.Customer != "" {
		add("c.code = $", f.Customer)
	}
	if f.ID != 0 {
		add("d.id = $", f.ID)
	}
	// One customer's: from the customer to its invoices to their
	// disputes (SQLite keeps a CROSS JOIN's order; it would otherwise walk
	// every open dispute of the company).
	from := `disputes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id JOIN reps r ON r.id = c.rep_id`
	if f.Customer != "" {
		from = `customers c CROSS JOIN invoices i CROSS JOIN disputes d JOIN reps r ON r.id = c.rep_id`
		cond += " AND i.customer_id = c.id AND d.invoice_id = i.id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	args = append(args, limit)
	rows, err := s.r.QueryContext(ctx, `SELECT d.id, c.code, c.name, r.code, i.number, d.amount, d.reason, d.owner, d.note, d.opened_on, d.resolved_on, d.resolution, d.opened_by, d.call_id
		FROM `+from+`
		WHERE `+cond+` ORDER BY d.opened_on, d.id LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DisputeRow
	for rows.Next() {
		var d DisputeRow
		var resolved civil.Date
		var reason, resolution string
		var call *int64
		if err := rows.Scan(&d.ID, &d.Customer, &d.CustomerName, &d.Rep, &d.Invoice, &d.Amount, &reason, &d.Owner, &d.Note, &d.Opened, &resolved, &resolution, &d.OpenedBy, &call); err != nil {
			return nil, err
		}
		d.Reason, d.Resolution, d.CallID = excuse.Category(reason), ledger.Resolution(resolution), call
		end := f.AsOf
		if resolved != civil.Never {
			d.Resolved = &resolved
			end = min(end, resolved)
		}
		d.AgeDays = max(end.Sub(d.Opened), 0)
		out = append(out, d)
	}
	return out, rows.Err()
}

// DisputedTotal is the sum of the open disputes of rows.
func DisputedTotal(rows []DisputeRow) money.Amount {
	var t money.Amount
	for _, d := range rows {
		if d.Open() {
			t += d.Amount
		}
	}
	return t
}
