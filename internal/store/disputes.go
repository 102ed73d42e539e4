package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// DisputedPart is one invoice's part set aside in a DisputeOpening.
type DisputedPart struct {
	Invoice string       `json:"invoice"`
	Amount  money.Amount `json:"amount"`
}

// DisputeOpening sets parts of one or more invoices aside at once, as a
// call carves them out: all of them or none.
type DisputeOpening struct {
	Parts []DisputedPart `json:"parts"`
	// Customer, when set, is the customer every invoice must be of (the
	// customer page or call sheet the parts come from).
	Customer string          `json:"customer,omitempty"`
	Reason   excuse.Category `json:"reason,omitempty"` // an excuse category, or "" when not said
	Owner    string          `json:"owner,omitempty"`  // the login of who must resolve it, "" for unassigned
	Note     string          `json:"note,omitempty"`
	Opened   civil.Date      `json:"opened_on"`
	CallID   int64           `json:"call_id,omitempty"` // the call it was carved out in, 0 for none
}

// check checks what can be checked without the database; rows are the
// parts' positions from 1.
func (o DisputeOpening) check(bad *errs.Invalid) {
	if len(o.Parts) == 0 {
		bad.Add(0, "invoice", "name at least one invoice to dispute")
	}
	for i, p := range o.Parts {
		ledger.CheckCode(bad, i+1, "invoice", p.Invoice)
		if p.Amount <= 0 {
			bad.Add(i+1, "amount", "a disputed amount must be positive")
		} else {
			ledger.CheckAmount(bad, i+1, "amount", p.Amount)
		}
	}
	if o.Opened == 0 {
		bad.Add(0, "opened_on", "the day the dispute opened is required")
	}
	ledger.CheckDate(bad, 0, "opened_on", o.Opened)
	ledger.CheckNotes(bad, 0, "note", o.Note, 2000)
	if o.Reason != "" && !o.Reason.Valid() {
		bad.Add(0, "reason", "unknown excuse category %q", o.Reason)
	}
	if len(o.Owner) > 64 {
		bad.Add(0, "owner", "a login is at most 64 bytes")
	}
}

// OpenDisputes sets the parts of o aside from o.Opened, on invoices the
// scope sees (another invoice is an unknown invoice), and re-allocates
// their customers, in one transaction: every part or none. A part may not
// take an invoice's open disputes above its amount; errors name the part
// (as the row, from 1), its invoice and the field. It returns the new
// disputes' ids in the order of o.Parts.
func (s *Store) OpenDisputes(ctx context.Context, actor Actor, sc user.Scope, o DisputeOpening) (_ []int64, err error) {
	defer wrap(&err, "store.OpenDisputes")
	var bad errs.Invalid
	o.check(&bad)
	if err := bad.Err(); err != nil {
		return nil, err
	}
	var ids []int64
	err = s.inTx(ctx, func(tx *txn) error {
		ids = ids[:0]
		var bad errs.Invalid // afresh when the transaction is retried
		custs, err := checkParts(ctx, tx, sc, o, &bad)
		if err != nil {
			return err
		}
		if err := checkOpeningRefs(ctx, tx, o, custs, &bad); err != nil {
			return err
		}
		if err := bad.Err(); err != nil {
			return err
		}
		var call any
		if o.CallID != 0 {
			call = o.CallID
		}
		for i, p := range o.Parts {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO disputes (invoice_id, amount, opened_on, resolved_on, note, reason, owner, opened_by, call_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				custs[i].invoiceID, int64(p.Amount), o.Opened, never, o.Note, string(o.Reason), o.Owner, actor.Name, call).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			after := jsonOf(map[string]any{"invoice": p.Invoice, "amount": p.Amount, "opened_on": o.Opened, "reason": o.Reason, "owner": o.Owner, "note": o.Note, "call_id": o.CallID})
			if err := audit(ctx, tx, actor, "open", "dispute", strconv.FormatInt(id, 10), "", after); err != nil {
				return err
			}
		}
		if err := capacitiesChanged(ctx, tx, o.Opened); err != nil {
			return err
		}
		return reallocate(ctx, tx, distinctCustomers(custs)...)
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// partInvoice is what checkParts found of a part's invoice.
type partInvoice struct {
	invoiceID, customerID int64
	customer              string
}

// checkParts finds each part's invoice among those the scope sees and adds
// to bad what is wrong with the part against it.
func checkParts(ctx context.Context, tx *txn, sc user.Scope, o DisputeOpening, bad *errs.Invalid) ([]partInvoice, error) {
	out := make([]partInvoice, len(o.Parts))
	asked := map[int64]money.Amount{} // per invoice, what the parts before ask
	for i, p := range o.Parts {
		row := i + 1
		args := []any{p.Invoice}
		var issue civil.Date
		var amount, held int64
		pi := &out[i]
		err := tx.QueryRowContext(ctx, `SELECT i.id, i.customer_id, c.code, i.issue_date, i.amount,
				COALESCE((SELECT SUM(d.amount) FROM disputes d WHERE d.invoice_id = i.id AND d.resolved_on = '9999-12-31'), 0)
			FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.number = $1 AND `+scopeClause(sc, &args), args...).
			Scan(&pi.invoiceID, &pi.customerID, &pi.customer, &issue, &amount, &held)
		if errors.Is(err, sql.ErrNoRows) {
			bad.Add(row, "invoice", "unknown invoice %q", p.Invoice)
			continue
		} else if err != nil {
			return nil, err
		}
		free := money.Amount(amount-held) - asked[pi.invoiceID]
		asked[pi.invoiceID] += p.Amount
		switch {
		case o.Customer != "" && pi.customer != o.Customer:
			bad.Add(row, "invoice", "invoice %s is customer %s's, not %s's", p.Invoice, pi.customer, o.Customer)
		case amount < 0:
			bad.Add(row, "invoice", "%s is a credit note; only invoices can be disputed", p.Invoice)
		case p.Amount > free:
			bad.Add(row, "amount", "disputed amount %s is more than the %s of invoice %s not yet in dispute", p.Amount, max(free, 0), p.Invoice)
		case o.Opened < issue:
			bad.Add(row, "opened_on", "a dispute of invoice %s cannot open before its issue date %s", p.Invoice, issue)
		}
	}
	return out, nil
}

// checkOpeningRefs checks the owner and the call an opening names: the
// owner a user, the call one of the parts' customer's.
func checkOpeningRefs(ctx context.Context, tx *txn, o DisputeOpening, custs []partInvoice, bad *errs.Invalid) error {
	if o.Owner != "" {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE login = $1`, o.Owner).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			bad.Add(0, "owner", "unknown user %q", o.Owner)
		} else if err != nil {
			return err
		}
	}
	if o.CallID == 0 {
		return nil
	}
	var callCust int64
	err := tx.QueryRowContext(ctx, `SELECT customer_id FROM calls WHERE id = $1`, o.CallID).Scan(&callCust)
	if errors.Is(err, sql.ErrNoRows) {
		bad.Add(0, "call_id", "unknown call %d", o.CallID)
		return nil
	} else if err != nil {
		return err
	}
	for i, c := range custs {
		if c.customerID != 0 && c.customerID != callCust {
			bad.Add(i+1, "invoice", "invoice %s is not of the customer of call %d", o.Parts[i].Invoice, o.CallID)
		}
	}
	return nil
}

func distinctCustomers(ps []partInvoice) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, p := range ps {
		if !seen[p.customerID] {
			seen[p.customerID] = true
			out = append(out, p.customerID)
		}
	}
	return out
}

// OpenDispute sets amount of an invoice aside from opened on, and
// re-allocates the customer; it is OpenDisputes of one part, without a
// reason or owner, by the command line. It returns the dispute's id.
func (s *Store) OpenDispute(ctx context.Context, invoice string, amount money.Amount, opened civil.Date, note string) (int64, error) {
	ids, err := s.OpenDisputes(ctx, Actor{Name: "cli"}, user.Scope{All: true}, DisputeOpening{
		Parts: []DisputedPart{{Invoice: invoice, Amount: amount}}, Opened: opened, Note: note})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// DefaultResolution is the resolution of a dispute resolved without
// saying how (ResolveDispute, and `huikuan dispute resolve` without
// --resolution, as before resolutions were recorded): the claim did not
// hold and the amount is owed again.
const DefaultResolution = ledger.Rejected

// DisputeResolution ends one dispute.
type DisputeResolution struct {
	ID         int64             `json:"id"`
	Resolved   civil.Date        `json:"resolved_on"`
	Resolution ledger.Resolution `json:"resolution"`
}

// ResolveDispute ends a dispute on resolved with DefaultResolution
// (ResolveDisputeAs).
func (s *Store) ResolveDispute(ctx context.Context, id int64, resolved civil.Date) error {
	return s.ResolveDisputeAs(ctx, Actor{Name: "cli"}, user.Scope{All: true}, DisputeResolution{ID: id, Resolved: resolved, Resolution: DefaultResolution})
}

// ResolveDisputeAs ends a dispute the scope sees (another is
// errs.ErrNotFound) on r.Resolved: whatever the resolution, its amount is
// collectable again from that day, and the customer is re-allocated. A
// credit_note resolution records the decision only: it does not create a
// credit note document, which comes from the ERP like every other
// document and then settles the invoice. Only finance (admin) may resolve
// disputes; the surfaces check the role.
func (s *Store) ResolveDisputeAs(ctx context.Context, actor Actor, sc user.Scope, r DisputeResolution) (err error) {
	defer wrap(&err, "store.ResolveDispute")
	return s.inTx(ctx, func(tx *txn) error {
		args := []any{r.ID}
		var custID int64
		var opened, was civil.Date
		err := tx.QueryRowContext(ctx, `SELECT i.customer_id, d.opened_on, d.resolved_on FROM disputes d JOIN invoices i ON i.id = d.invoice_id
			JOIN customers c ON c.id = i.customer_id WHERE d.id = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID, &opened, &was)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dispute %d: %w", r.ID, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		var bad errs.Invalid
		if !r.Resolution.Valid() {
			bad.Add(0, "resolution", "resolution %q: want credit_note, rejected or withdrawn", r.Resolution)
		}
		ledger.CheckDate(&bad, 0, "resolved_on", r.Resolved)
		if was != civil.Never {
			bad.Add(0, "resolved_on", "dispute %d was already resolved on %s", r.ID, was)
		} else if r.Resolved < opened {
			bad.Add(0, "resolved_on", "a dispute cannot be resolved before it opened on %s", opened)
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE disputes SET resolved_on = $1, resolution = $2 WHERE id = $3`, r.Resolved, string(r.Resolution), r.ID); err != nil {
			return err
		}
		if err := audit(ctx, tx, actor, "resolve", "dispute", strconv.FormatInt(r.ID, 10), "", jsonOf(r)); err != nil {
			return err
		}
		if err := capacitiesChanged(ctx, tx, r.Resolved); err != nil {
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
