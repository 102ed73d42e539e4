package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
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
	Ref          string     // an outside reference: the same ref is logged once for its customer
	// IdempotencyKey is the request's Idempotency-Key (API): a call
	// without a Ref is logged under a ref of the actor's own made from it,
	// so that a create run again for the key finds the call it logged.
	IdempotencyKey string `json:"-"`
	DurationS      int
	RecordingURL   string
	Commitment     *NewCommitment // a promise made in the call
	DueOn          civil.Date     // bulk loads only: the follow-up date the call answered
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
	NextFollowup *civil.Date  `json:"next_followup"`
	DueOn        *civil.Date  `json:"due_on"`
	DurationS    int          `json:"duration_s"`
	RecordingURL string       `json:"recording_url,omitempty"`
	Ref          string       `json:"ref,omitempty"`
	CommitmentID *int64       `json:"commitment_id"`
}

// check fills in n's defaults and checks it by followup.PrepareCall (a
// rep's call, repsCall, needs a disposition), its ref, and the promise
// made in it by commitment.CheckNew, whose fields are reported under
// commitment.
func (n *NewCall) check(repsCall bool) error {
	var bad errs.Invalid
	c := followup.NewCall{Customer: n.Customer, Date: n.Date, Channel: n.Channel, Direction: n.Direction, Disposition: n.Disposition,
		Notes: n.Notes, AmountAsked: n.AmountAsked, AmountAgreed: n.AmountAgreed, NextFollowup: n.NextFollowup}
	if n.At.IsZero() {
		c.Date = 0
	}
	if n.Commitment != nil {
		c.Promise, c.HasPromise = n.Commitment.Amount, true
	}
	followup.PrepareCall(&bad, &c, repsCall)
	n.Channel, n.Direction, n.AmountAgreed = c.Channel, c.Direction, c.AmountAgreed
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

// Refs beginning with these belong to huikuan: the call center's calls
// (cti:<call id>) and the creates of an Idempotency-Key
// (idem:<user id>:<key>). A user's ref may not take them, or it could
// plant a call the webhook then completes.
var reservedRefs = []string{"cti:", "idem:"}

// checkRef refuses a user's ref that is too long or in huikuan's own
// namespaces.
func checkRef(bad *errs.Invalid, ref string) {
	if len(ref) > 200 {
		bad.Add(0, "ref", "a ref is at most 200 bytes, not %d", len(ref))
	}
	for _, p := range reservedRefs {
		if strings.HasPrefix(ref, p) {
			bad.Add(0, "ref", "a ref beginning with %q is huikuan's own", p)
		}
	}
}

// recordRef is the ref a create is recorded under: the user's, or one made
// from the request's Idempotency-Key and the user, or none.
func recordRef(ref, idempotencyKey string, actor Actor) string {
	if ref != "" || idempotencyKey == "" {
		return ref
	}
	return "idem:" + strconv.FormatInt(actor.UserID, 10) + ":" + idempotencyKey
}

// recordedFor returns the id of the row of table (calls, commitments)
// recorded before under ref, or 0: a request sent again with its ref
// records nothing more. A ref of another customer's record is a conflict
// that tells nothing of that record: the ref is the user's to choose, the
// record is not theirs to see.
func recordedFor(ctx context.Context, q querier, table, ref string, custID int64) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	var id, owner int64
	err := q.QueryRowContext(ctx, `SELECT id, customer_id FROM `+table+` WHERE ref = $1`, ref).Scan(&id, &owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, err
	case owner != custID:
		return 0, fmt.Errorf("the ref %q is taken: %w", ref, errs.ErrConflict)
	}
	return id, nil
}

// LogCall records a call with a customer the actor may see, and the
// promise made in it if any. The call is a rep's: followup.PrepareCall
// fills in its defaults (the amount agreed is the promise's when not
// given) and refuses it without a disposition. A call whose Ref was logged before for the
// same customer is not logged again: the earlier one is returned, so a
// retried request is harmless; a Ref logged for another customer is
// errs.ErrConflict.
func (s *Store) LogCall(ctx context.Context, actor Actor, sc user.Scope, n NewCall) (CallRow, error) {
	if err := n.check(true); err != nil {
		return CallRow{}, err
	}
	n.Ref = recordRef(n.Ref, n.IdempotencyKey, actor)
	var id int64
	err := s.inTx(ctx, func(tx *txn) error {
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
		err = tx.QueryRowContext(ctx, `INSERT INTO calls (customer_id, rep_code, logged_by, called_at, call_date, channel, direction, disposition, notes, amount_asked, amount_agreed, next_followup, due_on, duration_s, recording_url, ref)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			custID, rep, actor.Name, stamp(n.At), n.Date, n.Channel, n.Direction, n.Disposition, n.Notes, int64(n.AmountAsked), int64(n.AmountAgreed),
			nullDateValue(n.NextFollowup), nullDateValue(due), n.DurationS, n.RecordingURL, nullIfEmpty(n.Ref)).Scan(&id)
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
	k.amount_asked, k.amount_agreed, k.next_followup, k.due_on, k.duration_s, k.recording_url, COALESCE(k.ref, ''),
	(SELECT MIN(m.id) FROM commitments m WHERE m.call_id = k.id)`

func scanCall(row interface{ Scan(...any) error }) (CallRow, error) {
	var r CallRow
	var at stamp
	var asked, agreed int64
	var next, due civil.Date
	var commitmentID sql.NullInt64
	err := row.Scan(&r.ID, &r.Customer, &r.CustomerName, &r.Rep, &r.LoggedBy, &at, &r.Date, &r.Channel, &r.Direction, &r.Disposition, &r.Notes,
		&asked, &agreed, &nullDate{&next}, &nullDate{&due}, &r.DurationS, &r.RecordingURL, &r.Ref, &commitmentID)
	r.At, r.AmountAsked, r.AmountAgreed = time.Time(at), money.Amount(asked), money.Amount(agreed)
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
func (s *Store) Call(ctx context.Context, sc user.Scope, id int64) (CallRow, error) {
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
func (s *Store) Calls(ctx context.Context, f CallFilter) ([]CallRow, error) {
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

// SettingFollowup keeps the installation's follow-up cadence.
const SettingFollowup = "followup_policy"

// FollowupPolicy returns the installation's cadence, or the defaults.
func (s *Store) FollowupPolicy(ctx context.Context) (followup.Policy, error) {
	p, _, err := followupRules(ctx, s.r)
	return p, err
}

// SetFollowupPolicy changes the cadence.
func (s *Store) SetFollowupPolicy(ctx context.Context, actor Actor, p followup.Policy) error {
	var bad errs.Invalid
	for _, t := range []string{"A", "B", "C", "D"} {
		if v := p.Interval[ledger.Tier(t)]; v < 1 || v > 90 {
			bad.Add(0, "interval_days."+t, "the days between calls for tier %s must be 1 to 90, not %d", t, v)
		}
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"reminder_days", p.ReminderDays}, {"after_broken_days", p.AfterBrokenDays}, {"retry_days", p.RetryDays}, {"soon_days", p.SoonDays}} {
		if f.v < 0 || f.v > 30 {
			bad.Add(0, f.name, "%s must be 0 to 30, not %d", f.name, f.v)
		}
	}
	if p.Capacity < 1 || p.Capacity > 500 {
		bad.Add(0, "capacity", "calls a day must be 1 to 500, not %d", p.Capacity)
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.putSetting(ctx, actor, SettingFollowup, p)
}

// followupRules reads the cadence and the working-day calendar.
func followupRules(ctx context.Context, q querier) (followup.Policy, civil.Calendar, error) {
	p := followup.DefaultPolicy()
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, SettingFollowup).Scan(&v)
	if err == nil {
		err = jsonUnmarshal(v, &p)
	} else if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return p, civil.Calendar{}, err
	}
	r, err := commitmentRules(ctx, q)
	return p, r.Calendar, err
}

// loadFollowupCustomers loads what the cadence needs of the customers cond
// (over customers c) selects, as of today: their follow-up state (last
// calls, the next call set) and their history (open items, receipts,
// promises), summarised by p.Summarize. Receipts are summed in SQL over
// the summary's window, and only the promises it keeps are loaded.
func loadFollowupCustomers(ctx context.Context, q querier, cond string, args []any, today civil.Date, p followup.Policy) ([]followup.Customer, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.code, c.name, c.phone, r.code, c.credit_tier, c.followup_days, c.open_items,
		c.last_call_on, c.last_contact_on, c.last_disposition, c.next_set_on
		FROM customers c JOIN reps r ON r.id = c.rep_id WHERE `+cond+` ORDER BY c.code`, args...)
	if err != nil {
		return nil, err
	}
	var out []followup.Customer
	var hist []followup.History
	var ids []int64
	byID := map[int64]int{}
	for rows.Next() {
		var id int64
		var c followup.Customer
		var tier, items string
		if err := rows.Scan(&id, &c.Code, &c.Name, &c.Phone, &c.Rep, &tier, &c.IntervalDays, &items,
			&nullDate{&c.LastCall}, &nullDate{&c.LastContact}, &c.LastDisposition, &nullDate{&c.NextSet}); err != nil {
			rows.Close()
			return nil, err
		}
		c.Tier = ledger.Tier(tier)
		open, err := decodeOpenItems(items)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("customer %s: %w", c.Code, err)
		}
		byID[id] = len(out)
		ids = append(ids, id)
		out = append(out, c)
		hist = append(hist, followup.History{Open: open})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = inChunks(ids, 500, func(chunk []int64) error {
		if err := loadReceiptSums(ctx, q, chunk, followup.ReceiptsFrom(today), byID, hist); err != nil {
			return err
		}
		return loadFollowupPromises(ctx, q, chunk, followup.PromisesFrom(today), byID, hist)
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = p.Summarize(out[i], hist[i], today)
	}
	return out, nil
}

// loadReceiptSums adds to each customer's history the sum of its payments
// since from, as one receipt dated from: a million payments are summed by
// the database, not here.
func loadReceiptSums(ctx context.Context, q querier, chunk []int64, from civil.Date, byID map[int64]int, hist []followup.History) error {
	a := append([]any{from}, anys(chunk)...)
	rows, err := q.QueryContext(ctx, `SELECT customer_id, SUM(amount) FROM payments WHERE customer_id IN (`+placeholders(2, len(chunk))+`) AND date >= $1 GROUP BY customer_id`, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, sum int64
		if err := rows.Scan(&id, &sum); err != nil {
			return err
		}
		h := &hist[byID[id]]
		h.Receipts = append(h.Receipts, followup.Receipt{Date: from, Amount: money.Amount(sum)})
	}
	return rows.Err()
}

// loadFollowupPromises adds to each customer's history its open promises
// and those broken or partly kept decided since from.
func loadFollowupPromises(ctx context.Context, q querier, chunk []int64, from civil.Date, byID map[int64]int, hist []followup.History) error {
	a := append([]any{from}, anys(chunk)...)
	rows, err := q.QueryContext(ctx, `SELECT customer_id, id, amount, fulfilled, due_date, status, decided_on FROM commitments
		WHERE customer_id IN (`+placeholders(2, len(chunk))+`) AND (status = 'open' OR (decided_on >= $1 AND status IN ('broken', 'partly_kept'))) ORDER BY id`, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, amount, fulfilled int64
		var m followup.Commitment
		var status string
		if err := rows.Scan(&id, &m.ID, &amount, &fulfilled, &m.Due, &status, &nullDate{&m.DecidedOn}); err != nil {
			return err
		}
		m.Amount, m.Fulfilled, m.Status = money.Amount(amount), money.Amount(fulfilled), commitment.Status(status)
		h := &hist[byID[id]]
		h.Promises = append(h.Promises, m)
	}
	return rows.Err()
}

// Worklist returns the ranked call list for the customers of one rep the
// scope sees, as of today.
func (s *Store) Worklist(ctx context.Context, sc user.Scope, rep string, today civil.Date) ([]followup.Item, error) {
	lists, err := s.Worklists(ctx, sc, rep, today)
	return lists[rep], err
}

// Worklists returns each rep's ranked call list (of the reps the scope
// sees; only rep's when rep is not empty), as of today. Each rep has the
// day's capacity.
//
// Lists are cached for a few seconds and until this process writes: the
// home page of every rep reads them, and they change only with writes.
// Callers must not change the lists returned.
func (s *Store) Worklists(ctx context.Context, sc user.Scope, rep string, today civil.Date) (map[string][]followup.Item, error) {
	key := fmt.Sprintf("worklists %+v %s %s", sc, rep, today)
	writes, now := s.db.Writes(), time.Now()
	if v, ok := s.results.get(key, writes, now); ok {
		return v.(map[string][]followup.Item), nil
	}
	out := map[string][]followup.Item{}
	err := s.readTx(ctx, func(q querier) error {
		p, cal, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		var args []any
		cond := scopeClause(sc, &args)
		if rep != "" {
			args = append(args, rep)
			cond += " AND r.code = $" + strconv.Itoa(len(args))
		}
		cs, err := loadFollowupCustomers(ctx, q, cond, args, today, p)
		if err != nil {
			return err
		}
		byRep := map[string][]followup.Customer{}
		for _, c := range cs {
			byRep[c.Rep] = append(byRep[c.Rep], c)
		}
		for r, list := range byRep {
			out[r] = p.Worklist(list, cal, today)
		}
		return nil
	})
	if err == nil {
		s.results.put(key, out, writes, now)
	}
	return out, err
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
	err := tx.WriteRows(ctx, "calls", []string{"customer_id", "rep_code", "logged_by", "called_at", "call_date", "channel", "direction", "disposition", "notes", "amount_asked", "amount_agreed", "next_followup", "due_on", "ref"}, len(b.Calls),
		func(i int, a []any) {
			n := b.Calls[i]
			c := m.customers[n.Customer]
			a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7] = c.id, c.c.Rep, by, stamp(n.At), n.Date, n.Channel, n.Direction, n.Disposition
			a[8], a[9], a[10], a[11], a[12], a[13] = n.Notes, int64(n.AmountAsked), int64(n.AmountAgreed), nullDateValue(n.NextFollowup), nullDateValue(n.DueOn), nullIfEmpty(n.Ref)
		})
	if err != nil {
		return err
	}
	return refreshFollowup(ctx, tx, ids)
}

// SetDisposition gives a call waiting for one (from the call center) its
// outcome, and the follow-up the rep set. A call that has one already is
// errs.ErrConflict.
func (s *Store) SetDisposition(ctx context.Context, actor Actor, sc user.Scope, id int64, disposition, notes string, next civil.Date) error {
	if !slices.Contains(followup.Dispositions, disposition) {
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "disposition", Message: fmt.Sprintf("unknown disposition %q", disposition)}}}
	}
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
		if _, err := tx.ExecContext(ctx, `UPDATE calls SET disposition = $1, notes = $2, next_followup = $3 WHERE id = $4`, disposition, notes, nullDateValue(next), id); err != nil {
			return err
		}
		if err := refreshFollowup(ctx, tx, []int64{custID}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "call", strconv.FormatInt(id, 10), `{"disposition":""}`, jsonOf(map[string]any{"disposition": disposition, "notes": notes}))
	})
}

// CTIEvent is a call-center event: a call started or ended.
type CTIEvent struct {
	ID           string
	Type         string // call.started or call.ended
	At           time.Time
	Date         civil.Date // At in the installation's zone
	CallID       string
	Rep          string
	Phone        string
	Direction    string
	DurationS    int
	RecordingURL string
}

// RecordCTIEvent remembers the event (a seen event id is a conflict: the
// webhook refuses replays) and, when the phone number is a customer's,
// logs the call waiting for the rep's disposition, or completes it when
// it ends. It returns the call, or nil when no customer has the number.
func (s *Store) RecordCTIEvent(ctx context.Context, ev CTIEvent) (*CallRow, error) {
	var id int64
	err := s.inTx(ctx, func(tx *txn) error {
		var seen int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cti_events WHERE event_id = $1`, ev.ID).Scan(&seen); err != nil {
			return err
		}
		if seen > 0 {
			return fmt.Errorf("event %q was received before: %w", ev.ID, errs.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cti_events (event_id, received_at) VALUES ($1, $2)`, ev.ID, stamp(time.Now())); err != nil {
			return err
		}
		// The customer's owner has the call, whoever the event names: the
		// call center's rep field is only what its own directory says.
		var custID int64
		var owner string
		digits := NormalizePhone(ev.Phone)
		err := tx.QueryRowContext(ctx, `SELECT c.id, r.code FROM customers c JOIN reps r ON r.id = c.rep_id
			WHERE c.phone_digits = $1 AND c.phone_digits <> '' ORDER BY c.id LIMIT 1`, digits).Scan(&custID, &owner)
		if errors.Is(err, sql.ErrNoRows) || digits == "" {
			return nil // not a customer's number
		} else if err != nil {
			return err
		}
		ref := "cti:" + ev.CallID
		err = tx.QueryRowContext(ctx, `SELECT id FROM calls WHERE ref = $1`, ref).Scan(&id)
		switch {
		case err == nil:
			if ev.Type == "call.ended" {
				_, err = tx.ExecContext(ctx, `UPDATE calls SET duration_s = $1, recording_url = $2 WHERE id = $3`, ev.DurationS, ev.RecordingURL, id)
			}
		case errors.Is(err, sql.ErrNoRows):
			err = tx.QueryRowContext(ctx, `INSERT INTO calls (customer_id, rep_code, logged_by, called_at, call_date, channel, direction, duration_s, recording_url, ref)
				VALUES ($1, $2, 'cti', $3, $4, 'phone', $5, $6, $7, $8) RETURNING id`,
				custID, owner, stamp(ev.At), ev.Date, ev.Direction, ev.DurationS, ev.RecordingURL, ref).Scan(&id)
		}
		if err != nil {
			return err
		}
		return refreshFollowup(ctx, tx, []int64{custID})
	})
	if err != nil || id == 0 {
		return nil, err
	}
	c, err := s.Call(ctx, user.Scope{All: true}, id)
	return &c, err
}

// NormalizePhone is ledger.NormalizePhone: a telephone number as huikuan
// matches it.
func NormalizePhone(p string) string { return ledger.NormalizePhone(p) }

// Upcoming is a follow-up falling due after today.
type Upcoming struct {
	Customer, Name, Phone string
	Reason                followup.Reason
}

// UpcomingFollowups returns the next follow-up after today, within days,
// of each customer of rep the scope sees.
func (s *Store) UpcomingFollowups(ctx context.Context, sc user.Scope, rep string, today civil.Date, days int) ([]Upcoming, error) {
	var out []Upcoming
	err := s.readTx(ctx, func(q querier) error {
		p, cal, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		args := []any{rep}
		cond := "r.code = $1 AND " + scopeClause(sc, &args)
		cs, err := loadFollowupCustomers(ctx, q, cond, args, today, p)
		if err != nil {
			return err
		}
		for _, c := range cs {
			for _, r := range p.Reasons(c, cal, today) {
				if r.On > today && r.On <= today.AddDays(days) {
					out = append(out, Upcoming{Customer: c.Code, Name: c.Name, Phone: c.Phone, Reason: r})
					break
				}
			}
		}
		return nil
	})
	return out, err
}

// SetCustomerCadence gives a customer the scope sees its own days between
// calls (0: its tier's again).
func (s *Store) SetCustomerCadence(ctx context.Context, actor Actor, sc user.Scope, code string, days int) error {
	if days < 0 || days > 90 {
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "cadence_days", Message: fmt.Sprintf("days between calls must be 0 (the tier's) to 90, not %d", days), Code: errs.CodeRange}}}
	}
	return s.inTx(ctx, func(tx *txn) error {
		args := []any{code}
		var id int64
		var old int
		err := tx.QueryRowContext(ctx, `SELECT c.id, c.followup_days FROM customers c WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&id, &old)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET followup_days = $1 WHERE id = $2`, days, id); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "customer", code, fmt.Sprintf(`{"followup_days":%d}`, old), fmt.Sprintf(`{"followup_days":%d}`, days))
	})
}

// CustomerFollowup is one customer's cadence: its own days between calls
// (0: its tier's) and its next follow-up, if anything calls for one.
type CustomerFollowup struct {
	Days int
	Next *followup.Reason
}

// CustomerFollowup returns the cadence of a customer the scope sees.
func (s *Store) CustomerFollowup(ctx context.Context, sc user.Scope, code string, today civil.Date) (CustomerFollowup, error) {
	var out CustomerFollowup
	err := s.readTx(ctx, func(q querier) error {
		p, cal, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		args := []any{code}
		cs, err := loadFollowupCustomers(ctx, q, `c.code = $1 AND `+scopeClause(sc, &args), args, today, p)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
		}
		out.Days = cs[0].IntervalDays
		if r, ok := p.Next(cs[0], cal, today); ok {
			out.Next = &r
		}
		return nil
	})
	return out, err
}
