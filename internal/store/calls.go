package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// NewCall is a call to log.
type NewCall struct {
	Customer     string
	At           time.Time  // when the call was made
	Date         civil.Date // At in the installation's zone
	Channel      string     // phone when empty
	Direction    string     // outbound when empty
	Disposition  string     // empty only for a call-center call waiting for one
	Notes        string
	AmountAsked  money.Amount
	AmountAgreed money.Amount
	NextFollowup civil.Date // the next call the rep set; 0 leaves it to the cadence
	// Excuse is what a reached-excuse call's excuse was about: other when
	// empty (followup.PrepareCall); ExcuseAmount the amount it concerns.
	Excuse       excuse.Category
	ExcuseAmount money.Amount
	Ref          string // an outside reference: the same ref is logged once for its customer
	// IdempotencyKey is the request's Idempotency-Key (API): a call
	// without a Ref is logged under a ref of the actor's own made from it,
	// so that a create run again for the key finds the call it logged.
	IdempotencyKey string `json:"-"`
	DurationS      int
	RecordingURL   string
	Commitment     *NewCommitment // a promise made in the call
	DueOn          civil.Date     // bulk loads only: the follow-up date the call answered
	// RecommendedAsk is, for bulk loads only, the opening ask recommended
	// on the call's day (0: none known); LogCall works it out itself.
	RecommendedAsk money.Amount
}

// CallRow is a logged call.
type CallRow struct {
	ID           int64        `json:"id"`
	Customer     string       `json:"customer"`
	CustomerName string       `json:"customer_name"`
	Rep          string       `json:"rep"`
	LoggedBy     string       `json:"logged_by"`
	At           time.Time    `json:"at"`
	Date         civil.Date   `json:"date"`
	Channel      string       `json:"channel"`
	Direction    string       `json:"direction"`
	Disposition  string       `json:"disposition"`
	Notes        string       `json:"notes"`
	AmountAsked  money.Amount `json:"amount_asked"`
	AmountAgreed money.Amount `json:"amount_agreed"`
	// Excuse is the category of a reached-excuse call's excuse, "" for
	// other calls; ExcuseAmount the amount it concerns (0 when not said).
	Excuse       excuse.Category `json:"excuse"`
	ExcuseAmount money.Amount    `json:"excuse_amount"`
	NextFollowup *civil.Date     `json:"next_followup"`
	DueOn        *civil.Date     `json:"due_on"`
	DurationS    int             `json:"duration_s"`
	RecordingURL string          `json:"recording_url,omitempty"`
	Ref          string          `json:"ref,omitempty"`
	CommitmentID *int64          `json:"commitment_id"`
}

// check fills in n's defaults and checks it by followup.PrepareCall (a
// rep's call, repsCall, needs a disposition), its ref, and the promise
// made in it by commitment.CheckNew, whose fields are reported under
// commitment.
func (n *NewCall) check(repsCall bool) error {
	var bad errs.Invalid
	c := followup.NewCall{Customer: n.Customer, Date: n.Date, Channel: n.Channel, Direction: n.Direction, Disposition: n.Disposition,
		Notes: n.Notes, AmountAsked: n.AmountAsked, AmountAgreed: n.AmountAgreed, NextFollowup: n.NextFollowup,
		Excuse: n.Excuse, ExcuseAmount: n.ExcuseAmount}
	if n.At.IsZero() {
		c.Date = 0
	}
	if n.Commitment != nil {
		c.Promise, c.HasPromise = n.Commitment.Amount, true
	}
	followup.PrepareCall(&bad, &c, repsCall)
	n.Channel, n.Direction, n.AmountAgreed, n.Excuse = c.Channel, c.Direction, c.AmountAgreed, c.Excuse
	checkRef(&bad, n.Ref)
	if n.Commitment != nil {
		n.Commitment.Customer, n.Commitment.Made = n.Customer, n.Date
		var inv *errs.Invalid
		if err := n.Commitment.check(); errors.As(err, &inv) {
			for _, f := range inv.Fields {
				bad.AddCode(0, "commitment."+f.Field, f.Code, "%s", f.Message)
			}
		}
	}
	return bad.Err()
}

// LogCall records a call with a customer the actor may see, and the
// promise made in it if any. The call is a rep's: followup.PrepareCall
// fills in its defaults (the amount agreed is the promise's when not
// given) and refuses it without a disposition, for every surface alike. A
// call whose Ref was logged before for the same customer is not logged
// again: the earlier one is returned, so a retried request is harmless; a
// Ref logged for another customer is errs.ErrConflict.
func (s *Store) LogCall(ctx context.Context, actor Actor, sc user.Scope, n NewCall) (_ CallRow, err error) {
	defer wrap(&err, "store.LogCall")
	if err := n.check(true); err != nil {
		return CallRow{}, err
	}
	n.Ref = recordRef(n.Ref, n.IdempotencyKey, actor)
	// Read before the write, so that the writer is not held for it.
	ask, err := s.recommendedAskOf(ctx, n.Customer, n.Date)
	if err != nil {
		return CallRow{}, err
	}
	var id int64
	err = s.inTx(ctx, func(tx *txn) error {
		args := []any{n.Customer}
		var custID int64
		var rep string
		err := tx.QueryRowContext(ctx, `SELECT c.id, r.code FROM customers c JOIN reps r ON r.id = c.rep_id WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID, &rep)
		if errors.Is(err, sql.ErrNoRows) {
			return &errs.Invalid{Fields: []errs.FieldError{{Field: "customer", Message: fmt.Sprintf("unknown customer %q", n.Customer)}}}
		} else if err != nil {
			return err
		}
		if id, err = recordedFor(ctx, tx, "calls", n.Ref, custID); id != 0 || err != nil {
			return err // logged before
		}
		due, err := followupDue(ctx, tx, custID, n.Date)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO calls (customer_id, rep_code, logged_by, called_at, call_date, channel, direction, disposition, notes, amount_asked, amount_agreed, next_followup, due_on, duration_s, recording_url, ref, excuse, excuse_amount, recommended_ask)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
			custID, rep, actor.Name, stamp(n.At), n.Date, n.Channel, n.Direction, n.Disposition, n.Notes, int64(n.AmountAsked), int64(n.AmountAgreed),
			nullDateValue(n.NextFollowup), nullDateValue(due), n.DurationS, n.RecordingURL, nullIfEmpty(n.Ref), string(n.Excuse), int64(n.ExcuseAmount), int64(ask)).Scan(&id)
		if err != nil {
			return err
		}
		if n.Commitment != nil {
			if _, err := createCommitment(ctx, tx, actor, custID, *n.Commitment, id); err != nil {
				return err
			}
		}
		if err := refreshFollowup(ctx, tx, []int64{custID}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "call", strconv.FormatInt(id, 10), "", jsonOf(n))
	})
	if err != nil {
		return CallRow{}, err
	}
	return s.Call(ctx, user.Scope{All: true}, id)
}

// followupDue is the follow-up date a call on day answers: the earliest
// reason to call the customer as it stood before the call, or none.
func followupDue(ctx context.Context, q querier, custID int64, day civil.Date) (civil.Date, error) {
	p, cal, err := followupRules(ctx, q)
	if err != nil {
		return 0, err
	}
	cs, err := loadFollowupCustomers(ctx, q, `c.id = $1`, []any{custID}, day, p)
	if err != nil || len(cs) == 0 {
		return 0, err
	}
	if r, ok := p.Next(cs[0], cal, day); ok {
		return r.On, nil
	}
	return 0, nil
}

// refreshFollowup keeps each customer's follow-up state (last call, last
// contact, last disposition, the next call set in it) from its calls.
func refreshFollowup(ctx context.Context, tx *txn, custIDs []int64) error {
	reached := `'reached-paid', 'reached-promised', 'reached-excuse', 'reached-refused', 'callback-requested'`
	return inChunks(custIDs, 500, func(chunk []int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE customers SET
			last_call_on = (SELECT MAX(call_date) FROM calls WHERE customer_id = customers.id),
			last_contact_on = (SELECT MAX(call_date) FROM calls WHERE customer_id = customers.id AND disposition IN (`+reached+`)),
			last_disposition = COALESCE((SELECT disposition FROM calls WHERE customer_id = customers.id ORDER BY call_date DESC, called_at DESC, id DESC LIMIT 1), ''),
			next_set_on = (SELECT next_followup FROM calls WHERE customer_id = customers.id ORDER BY call_date DESC, called_at DESC, id DESC LIMIT 1)
			WHERE id IN (`+placeholders(1, len(chunk))+`)`, anys(chunk)...)
		return err
	})
}

const callColumns = `k.id, c.code, c.name, k.rep_code, k.logged_by, k.called_at, k.call_date, k.channel, k.direction, k.disposition, k.notes,
	k.amount_asked, k.amount_agreed, k.next_followup, k.due_on, k.duration_s, k.recording_url, COALESCE(k.ref, ''), k.excuse, k.excuse_amount,
	(SELECT MIN(m.id) FROM commitments m WHERE m.call_id = k.id)`

func scanCall(row interface{ Scan(...any) error }) (CallRow, error) {
	var r CallRow
	var at stamp
	var asked, agreed, excuseAmount int64
	var next, due civil.Date
	var commitmentID sql.NullInt64
	err := row.Scan(&r.ID, &r.Customer, &r.CustomerName, &r.Rep, &r.LoggedBy, &at, &r.Date, &r.Channel, &r.Direction, &r.Disposition, &r.Notes,
		&asked, &agreed, &nullDate{&next}, &nullDate{&due}, &r.DurationS, &r.RecordingURL, &r.Ref, &r.Excuse, &excuseAmount, &commitmentID)
	r.At, r.AmountAsked, r.AmountAgreed, r.ExcuseAmount = time.Time(at), money.Amount(asked), money.Amount(agreed), money.Amount(excuseAmount)
	if next != 0 {
		r.NextFollowup = &next
	}
	if due != 0 {
		r.DueOn = &due
	}
	if commitmentID.Valid {
		r.CommitmentID = &commitmentID.Int64
	}
	return r, err
}

// Call returns one call the scope sees.
func (s *Store) Call(ctx context.Context, sc user.Scope, id int64) (_ CallRow, err error) {
	defer wrap(&err, "store.Call")
	args := []any{id}
	r, err := scanCall(s.r.QueryRowContext(ctx, `SELECT `+callColumns+` FROM calls k JOIN customers c ON c.id = k.customer_id WHERE k.id = $1 AND `+scopeClause(sc, &args), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("call %d: %w", id, errs.ErrNotFound)
	}
	return r, err
}

// CallFilter selects calls.
type CallFilter struct {
	Scope    user.Scope
	Customer string
	Rep      string
	From, To civil.Date // call dates, inclusive; 0 for open ends
	Pending  bool       // only calls waiting for a disposition
	Limit    int
}

// Calls returns the calls f selects, the latest first.
func (s *Store) Calls(ctx context.Context, f CallFilter) (_ []CallRow, err error) {
	defer wrap(&err, "store.Calls")
	var args []any
	where := scopeClause(f.Scope, &args)
	add := func(cond string, v any) {
		args = append(args, v)
		where += " AND " + fmt.Sprintf(cond, "$"+strconv.Itoa(len(args)))
	}
	if f.Customer != "" {
		add("c.code = %s", f.Customer)
	}
	if f.Rep != "" {
		add("k.rep_code = %s", f.Rep)
	}
	if f.From != 0 {
		add("k.call_date >= %s", f.From)
	}
	if f.To != 0 {
		add("k.call_date <= %s", f.To)
	}
	if f.Pending {
		where += " AND k.disposition = ''"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+callColumns+` FROM calls k JOIN customers c ON c.id = k.customer_id WHERE `+where+
		` ORDER BY k.call_date DESC, k.called_at DESC, k.id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CallRow
	for rows.Next() {
		r, err := scanCall(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// insertCalls writes a batch's calls (bulk loads: no promises are linked
// and no follow-up date is computed) and keeps the customers' follow-up
// state.
func insertCalls(ctx context.Context, tx *txn, b Batch, m *master) error {
	if len(b.Calls) == 0 {
		return nil
	}
	var bad errs.Invalid
	seen := map[int64]bool{}
	var ids []int64
	for i := range b.Calls {
		n := &b.Calls[i]
		if err := n.check(false); err != nil {
			for _, f := range err.(*errs.Invalid).Fields {
				bad.Add(i+1, f.Field, "%s", f.Message)
			}
		}
		c, ok := m.customers[n.Customer]
		if !ok {
			bad.Add(i+1, "customer", "unknown customer %q", n.Customer)
			continue
		}
		if !seen[c.id] {
			seen[c.id] = true
			ids = append(ids, c.id)
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	by := "import"
	if b.Actor != nil {
		by = b.Actor.Name
	}
	err := tx.WriteRows(ctx, "calls", []string{"customer_id", "rep_code", "logged_by", "called_at", "call_date", "channel", "direction", "disposition", "notes", "amount_asked", "amount_agreed", "next_followup", "due_on", "ref", "excuse", "excuse_amount", "recommended_ask"}, len(b.Calls),
		func(i int, a []any) {
			n := b.Calls[i]
			c := m.customers[n.Customer]
			a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7] = c.id, c.c.Rep, by, stamp(n.At), n.Date, n.Channel, n.Direction, n.Disposition
			a[8], a[9], a[10], a[11], a[12], a[13] = n.Notes, int64(n.AmountAsked), int64(n.AmountAgreed), nullDateValue(n.NextFollowup), nullDateValue(n.DueOn), nullIfEmpty(n.Ref)
			a[14], a[15], a[16] = string(n.Excuse), int64(n.ExcuseAmount), nil
			if n.RecommendedAsk > 0 {
				a[16] = int64(n.RecommendedAsk)
			}
		})
	if err != nil {
		return err
	}
	return refreshFollowup(ctx, tx, ids)
}

// SetDisposition gives a call waiting for one (from the call center) its
// outcome, and the follow-up the rep set; an excuse given so gets the
// category excuse.Other. A call that has one already is
// errs.ErrConflict.
func (s *Store) SetDisposition(ctx context.Context, actor Actor, sc user.Scope, id int64, disposition, notes string, next civil.Date) (err error) {
	defer wrap(&err, "store.SetDisposition")
	if !slices.Contains(followup.Dispositions, disposition) {
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "disposition", Message: fmt.Sprintf("unknown disposition %q", disposition)}}}
	}
	var cat excuse.Category // other for an excuse, as every excuse call has a category
	followup.CheckExcuse(&errs.Invalid{}, disposition, &cat, 0)
	return s.inTx(ctx, func(tx *txn) error {
		args := []any{id}
		var custID int64
		var old string
		err := tx.QueryRowContext(ctx, `SELECT k.customer_id, k.disposition FROM calls k JOIN customers c ON c.id = k.customer_id WHERE k.id = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID, &old)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("call %d: %w", id, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		if old != "" {
			return fmt.Errorf("call %d already has the disposition %s: %w", id, old, errs.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE calls SET disposition = $1, notes = $2, next_followup = $3, excuse = $4 WHERE id = $5`, disposition, notes, nullDateValue(next), string(cat), id); err != nil {
			return err
		}
		if err := refreshFollowup(ctx, tx, []int64{custID}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "call", strconv.FormatInt(id, 10), `{"disposition":""}`, jsonOf(map[string]any{"disposition": disposition, "notes": notes}))
	})
}
