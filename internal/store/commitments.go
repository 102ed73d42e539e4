package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/store/sqldb"
	"huikuan/internal/user"
)

// SupportKinds are the kinds of support plan (支撑方案) a commitment may
// have: commitment.SupportKinds, kept here for the callers that read them
// from the store.
var SupportKinds = commitment.SupportKinds

// NewCommitment is a promise to record.
type NewCommitment struct {
	Customer    string
	Amount      money.Amount
	Due         civil.Date
	Made        civil.Date
	Contact     string
	SupportKind string
	Support     string
	// Ref names where the promise comes from (a form): a promise whose
	// ref was recorded before for the customer is not recorded again.
	Ref string
	// IdempotencyKey is the request's Idempotency-Key (API): a promise
	// without a Ref is recorded under a ref of the actor's own made from
	// it, so that a create run again for the key finds the promise.
	IdempotencyKey string `json:"-"`
	// ProposedByCustomer marks a promise the customer proposed on its
	// statement page (store.ProposePromise sets it).
	ProposedByCustomer bool `json:"-"`
	// planID is the customer plan whose milestone this promise is (set
	// only by the store, when a plan is agreed): the plan is its support
	// for the credibility model, as a support kind is.
	planID int64
}

// CommitmentRow is a stored commitment with its outcome so far.
type CommitmentRow struct {
	commitment.Commitment
	commitment.Outcome
	Contact     string
	SupportKind string
	Support     string
	CreatedBy   string
	CallID      *int64 // the call it was made in, if any
	// ProposedByCustomer: the customer proposed it on its statement page.
	ProposedByCustomer bool
	PlanID             *int64 // the customer plan whose milestone it is, if any
	// P is the credibility when the promise was made, with its reasons
	// and flags in Credibility when asked for; nil for promises recorded
	// without a score (loaded in bulk).
	P           *float64
	Credibility *commitment.Credibility
}

// check checks n by commitment.CheckNew, and its ref.
func (n NewCommitment) check() error {
	var bad errs.Invalid
	commitment.CheckNew(&bad, commitment.NewPromise{Customer: n.Customer, Amount: n.Amount, Due: n.Due, Made: n.Made,
		Contact: n.Contact, SupportKind: n.SupportKind, Support: n.Support})
	checkRef(&bad, n.Ref)
	return bad.Err()
}

// CreateCommitment records a promise made on n.Made by a customer the actor
// may see, decides its outcome so far, and audits it. A promise whose Ref
// was recorded before for the customer is returned instead; a Ref of
// another customer's promise is errs.ErrConflict.
func (s *Store) CreateCommitment(ctx context.Context, actor Actor, sc user.Scope, n NewCommitment) (_ CommitmentRow, err error) {
	defer wrap(&err, "store.CreateCommitment")
	if err := n.check(); err != nil {
		return CommitmentRow{}, err
	}
	n.Ref = recordRef(n.Ref, n.IdempotencyKey, actor)
	var id int64
	err = s.inTx(ctx, func(tx *txn) error {
		args := []any{n.Customer}
		var custID int64
		err := tx.QueryRowContext(ctx, `SELECT c.id FROM customers c WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID)
		if errors.Is(err, sql.ErrNoRows) {
			return &errs.Invalid{Fields: []errs.FieldError{{Field: "customer", Message: fmt.Sprintf("unknown customer %q", n.Customer)}}}
		} else if err != nil {
			return err
		}
		if id, err = recordedFor(ctx, tx, "commitments", n.Ref, custID); id != 0 || err != nil {
			return err // recorded before
		}
		id, err = createCommitment(ctx, tx, actor, custID, n, 0)
		return err
	})
	if err != nil {
		return CommitmentRow{}, err
	}
	rows, err := s.Commitments(ctx, CommitmentFilter{Scope: user.Scope{All: true}, ID: id, WithReasons: true})
	if err != nil || len(rows) == 0 {
		return CommitmentRow{}, errors.Join(err, errs.ErrNotFound)
	}
	return rows[0], nil
}

// createCommitment records a promise of the customer custID, made in the
// call callID (0 for none), decides the customer's commitments again and
// audits it.
func createCommitment(ctx context.Context, tx *txn, actor Actor, custID int64, n NewCommitment, callID int64) (int64, error) {
	sc, err := loadScorer(ctx, tx)
	if err != nil {
		return 0, err
	}
	var tier string
	if err := tx.QueryRowContext(ctx, `SELECT credit_tier FROM customers WHERE id = $1`, custID).Scan(&tier); err != nil {
		return 0, err
	}
	cr, err := scoreNew(ctx, tx, sc, custID, tier, n)
	if err != nil {
		return 0, err
	}
	var id int64
	var call any
	if callID != 0 {
		call = callID
	}
	var planLink any // NULL, or the plan whose milestone this is
	if n.planID != 0 {
		planLink = n.planID
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO commitments (customer_id, amount, due_date, made_on, contact, support_kind, support_text, created_at, created_by, credibility, reasons, call_id, ref, plan_id, proposed_by_customer)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		custID, int64(n.Amount), n.Due, n.Made, n.Contact, n.SupportKind, n.Support, stamp(time.Now()), actor.Name, cr.P, jsonOf(cr), call, nullIfEmpty(n.Ref), planLink, b2i(n.ProposedByCustomer)).Scan(&id)
	if err != nil {
		return 0, err
	}
	if err := decideCommitments(ctx, tx, []int64{custID}, 0); err != nil {
		return 0, err
	}
	return id, audit(ctx, tx, actor, "create", "commitment", strconv.FormatInt(id, 10), "", jsonOf(n))
}

// CancelCommitment withdraws a commitment the actor may see.
func (s *Store) CancelCommitment(ctx context.Context, actor Actor, sc user.Scope, id int64) (err error) {
	defer wrap(&err, "store.CancelCommitment")
	return s.inTx(ctx, func(tx *txn) error {
		args := []any{id}
		var custID int64
		err := tx.QueryRowContext(ctx, `SELECT m.customer_id FROM commitments m JOIN customers c ON c.id = m.customer_id WHERE m.id = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("commitment %d: %w", id, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE commitments SET cancelled = 1 WHERE id = $1`, id); err != nil {
			return err
		}
		if err := decideCommitments(ctx, tx, []int64{custID}, 0); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "cancel", "commitment", strconv.FormatInt(id, 10), "", "")
	})
}

// CommitmentFilter selects commitments.
type CommitmentFilter struct {
	Scope       user.Scope
	ID          int64
	Customer    string
	Rep         string
	Status      commitment.Status
	DueFrom     civil.Date // due on or after; zero for open
	DueTo       civil.Date // due on or before; zero for open
	DecidedFrom civil.Date // decided on or after
	NeedsPlan   bool       // open, without a support plan, scored below the threshold
	WithReasons bool       // load the reasons and flags, not only the probability
	Limit       int        // at most this many, latest date first; default 500 (an export asks for more)
}

// Commitments returns the commitments f selects, latest due first.
func (s *Store) Commitments(ctx context.Context, f CommitmentFilter) (_ []CommitmentRow, err error) {
	defer wrap(&err, "store.Commitments")
	args := []any{}
	cond := scopeClause(f.Scope, &args)
	if f.ID != 0 {
		args = append(args, f.ID)
		cond += " AND m.id = $" + strconv.Itoa(len(args))
	}
	if f.Customer != "" { // by id, so that the customer's index is used
		args = append(args, f.Customer)
		cond += " AND m.customer_id = (SELECT id FROM customers WHERE code = $" + strconv.Itoa(len(args)) + ")"
	}
	add := func(c string, v any) {
		args = append(args, v)
		cond += " AND " + c + strconv.Itoa(len(args))
	}
	if f.Status != "" {
		add("m.status = $", string(f.Status))
	}
	if f.Rep != "" {
		add("c.rep_id IN (SELECT id FROM reps WHERE code = $", f.Rep)
		cond += ")"
	}
	if f.DueFrom != 0 {
		add("m.due_date >= $", f.DueFrom)
	}
	if f.DueTo != 0 {
		add("m.due_date <= $", f.DueTo)
	}
	if f.DecidedFrom != 0 {
		add("m.decided_on >= $", f.DecidedFrom)
	}
	if f.NeedsPlan {
		// A plan's milestone has the plan as its support.
		add("m.status = 'open' AND m.support_kind = '' AND m.plan_id IS NULL AND m.credibility < $", commitment.SupportThreshold)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	reasons := "''"
	if f.WithReasons {
		reasons = "m.reasons"
	}
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, c.code, m.amount, m.due_date, m.made_on, m.cancelled, m.status, m.fulfilled, m.decided_on,
			m.contact, m.support_kind, m.support_text, m.created_by, m.credibility, `+reasons+`, m.call_id, m.plan_id, m.proposed_by_customer
		FROM commitments m JOIN customers c ON c.id = m.customer_id WHERE `+cond+` ORDER BY m.due_date DESC, m.id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CommitmentRow
	for rows.Next() {
		var r CommitmentRow
		var amount, fulfilled int64
		var cancelled, proposed int
		var status, reasons string
		var p sql.NullFloat64
		var call, plan sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Customer, &amount, &r.Due, &r.Made, &cancelled, &status, &fulfilled, &nullDate{&r.DecidedOn},
			&r.Contact, &r.SupportKind, &r.Support, &r.CreatedBy, &p, &reasons, &call, &plan, &proposed); err != nil {
			return nil, err
		}
		r.ProposedByCustomer = proposed == 1
		if call.Valid {
			r.CallID = &call.Int64
		}
		if plan.Valid {
			r.PlanID = &plan.Int64
		}
		if p.Valid {
			r.P = &p.Float64
		}
		if reasons != "" {
			r.Credibility = new(commitment.Credibility)
			if err := jsonUnmarshal(reasons, r.Credibility); err != nil {
				return nil, err
			}
		}
		r.Commitment.Amount, r.Fulfilled, r.Cancelled, r.Status = money.Amount(amount), money.Amount(fulfilled), cancelled != 0, commitment.Status(status)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SettingCredibility keeps the credibility scorer the daily job fits.
const SettingCredibility = "credibility_model"

// scoreNew rates a promise about to be recorded for a customer, from the
// customer's history and the scorer last fitted (or the defaults).
func scoreNew(ctx context.Context, q querier, sc commitment.Scorer, custID int64, tier string, n NewCommitment) (commitment.Credibility, error) {
	h, err := customerHistory(ctx, q, custID, tier, n.Made)
	if err != nil {
		return commitment.Credibility{}, err
	}
	h.Commitments = append(h.Commitments, commitment.Commitment{Amount: n.Amount, Due: n.Due, Made: n.Made, Supported: n.SupportKind != "" || n.planID != 0})
	h.Outcomes = append(h.Outcomes, commitment.Outcome{Status: commitment.Open})
	return sc.Score(commitment.FeaturesAt(h, len(h.Commitments)-1)), nil
}

// loadScorer reads the scorer the daily job fitted last, or the defaults.
func loadScorer(ctx context.Context, q querier) (commitment.Scorer, error) {
	sc := commitment.DefaultScorer()
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, SettingCredibility).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return sc, nil
	case err != nil:
		return sc, err
	}
	return sc, jsonUnmarshal(v, &sc)
}

// ScoreCommitment rates a promise without recording it, for a form that
// shows the credibility as the rep types.
func (s *Store) ScoreCommitment(ctx context.Context, sc user.Scope, n NewCommitment) (_ commitment.Credibility, err error) {
	defer wrap(&err, "store.ScoreCommitment")
	if err := n.check(); err != nil {
		return commitment.Credibility{}, err
	}
	scorer, err := s.cachedScorer(ctx)
	if err != nil {
		return commitment.Credibility{}, err
	}
	var cr commitment.Credibility
	err = s.readTx(ctx, func(q querier) error {
		args := []any{n.Customer}
		var custID int64
		var tier string
		err := q.QueryRowContext(ctx, `SELECT c.id, c.credit_tier FROM customers c WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID, &tier)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("customer %q: %w", n.Customer, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		cr, err = scoreNew(ctx, q, scorer, custID, tier, n)
		return err
	})
	return cr, err
}

// cachedScorer is the scorer, kept like the worklists: a promise is scored
// as the rep types, and the scorer changes once a day.
func (s *Store) cachedScorer(ctx context.Context) (commitment.Scorer, error) {
	writes, now := s.db.Writes(), time.Now()
	if v, ok := s.results.get("scorer", writes, now); ok {
		return v.(commitment.Scorer), nil
	}
	sc, err := loadScorer(ctx, s.r)
	if err == nil {
		s.results.put("scorer", sc, writes, now)
	}
	return sc, err
}

// customerHistory loads one customer's commitments with their outcomes,
// its payments, invoices and last month's excuses; tier is its credit
// tier.
func customerHistory(ctx context.Context, q querier, custID int64, tier string, made civil.Date) (commitment.History, error) {
	h := commitment.History{Tier: int(tier[0] - 'A')}
	cs, stored, err := loadCommitments(ctx, q, []int64{custID})
	if err != nil {
		return h, err
	}
	for _, c := range cs[custID] {
		h.Commitments = append(h.Commitments, c)
		h.Outcomes = append(h.Outcomes, stored[c.ID])
	}
	pays, err := loadPaymentDates(ctx, q, []int64{custID})
	if err != nil {
		return h, err
	}
	invs := map[int64][]commitment.Invoice{}
	if err := byCustomer(ctx, q, invs, invoiceFields, `SELECT customer_id, issue_date, due_date, amount FROM invoices WHERE customer_id = $1`, custID); err != nil {
		return h, err
	}
	excuses := map[int64][]civil.Date{}
	// Only a promise made on made is scored: the excuses of the month before.
	err = byCustomer(ctx, q, excuses, dateFields, `SELECT customer_id, call_date FROM calls WHERE disposition = 'reached-excuse' AND customer_id = $1 AND call_date >= $2`,
		custID, made.AddDays(-31))
	h.Payments, h.Invoices, h.Excuses = pays[custID], byDue(invs[custID]), excuses[custID]
	return h, err
}

// Scorer returns the credibility scorer the daily job fitted last, or the
// defaults.
func (s *Store) Scorer(ctx context.Context) (_ commitment.Scorer, err error) {
	defer wrap(&err, "store.Scorer")
	return loadScorer(ctx, s.r)
}

// TrainCredibility fits the credibility scorer on the commitments settled
// before day and keeps it for scoring new ones.
func (s *Store) TrainCredibility(ctx context.Context, day civil.Date) (_ commitment.Scorer, err error) {
	defer wrap(&err, "store.TrainCredibility")
	hs, err := s.CommitmentHistories(ctx)
	if err != nil {
		return commitment.Scorer{}, err
	}
	sc := commitment.Train(hs, day)
	return sc, s.putSetting(ctx, Actor{Name: "jobs"}, SettingCredibility, sc)
}

// RescoreOpen scores every open commitment again with the scorer the daily
// job fitted last, and returns how many it scored.
func (s *Store) RescoreOpen(ctx context.Context) (_ int, err error) {
	defer wrap(&err, "store.RescoreOpen")
	hs, ids, err := s.openHistories(ctx)
	if err != nil {
		return 0, err
	}
	sc, err := s.Scorer(ctx)
	if err != nil {
		return 0, err
	}
	type score struct {
		id int64
		p  float64
	}
	var scores []score
	for k, h := range hs {
		for i, c := range h.Commitments {
			if ids[k][i] != 0 && !c.Cancelled && h.Outcomes[i].Status == commitment.Open {
				scores = append(scores, score{ids[k][i], sc.Score(commitment.FeaturesAt(h, i)).P})
			}
		}
	}
	err = s.inTx(ctx, func(tx *txn) error {
		u := rowUpdate{Table: "commitments", Cols: []string{"credibility_now"}, Types: []string{"double precision"}}
		_, err := tx.UpdateRows(ctx, u, len(scores), func(i int, vals []any) { vals[0], vals[1] = scores[i].p, scores[i].id })
		return err
	})
	return len(scores), err
}

// openHistories loads the histories of customers with open commitments,
// and the ids of their commitments (parallel to each history's).
func (s *Store) openHistories(ctx context.Context) ([]commitment.History, [][]int64, error) {
	const withOpen = `SELECT customer_id FROM commitments WHERE status = 'open'`
	hs, err := s.histories(ctx, `m.customer_id IN (`+withOpen+`)`, nil, withOpen)
	if err != nil {
		return nil, nil, err
	}
	var ids [][]int64
	for _, h := range hs {
		var list []int64
		for _, c := range h.Commitments {
			list = append(list, c.ID)
		}
		ids = append(ids, list)
	}
	return hs, ids, nil
}

// DecideCommitments decides the outcomes of every commitment as of asOf,
// the job huikuan runs each day, and remembers the day.
func (s *Store) DecideCommitments(ctx context.Context, asOf civil.Date) (_ int, err error) {
	defer wrap(&err, "store.DecideCommitments")
	var changed int
	err = s.inTx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `UPDATE ledger_state SET decided_through = $1 WHERE id = 1`, asOf); err != nil {
			return err
		}
		ids, err := column[int64](ctx, tx, `SELECT DISTINCT customer_id FROM commitments`)
		if err != nil {
			return err
		}
		changed, err = decide(ctx, tx, ids, asOf)
		return err
	})
	return changed, err
}

// decideCommitments re-decides the customers' commitments after their
// payments or commitments changed, as of the last day the daily job ran
// (or asOf, when given).
func decideCommitments(ctx context.Context, tx *txn, customerIDs []int64, asOf civil.Date) error {
	if asOf == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT decided_through FROM ledger_state WHERE id = 1`).Scan(&asOf); err != nil {
			return err
		}
	}
	_, err := decide(ctx, tx, customerIDs, asOf)
	return err
}

// decide applies commitment.Rules.Decide to each customer and saves the
// outcomes that changed; it returns how many did.
func decide(ctx context.Context, tx *txn, customerIDs []int64, asOf civil.Date) (int, error) {
	rules, err := commitmentRules(ctx, tx)
	if err != nil {
		return 0, err
	}
	type outcome struct {
		id int64
		commitment.Outcome
	}
	var changes []outcome
	var news []brokenPromise
	var firstDecided civil.Date // the earliest decision day that changed: the capacities after it change too
	err = inChunks(customerIDs, 500, func(chunk []int64) error {
		cs, stored, err := loadCommitments(ctx, tx, chunk)
		if err != nil || len(cs) == 0 {
			return err
		}
		pays, err := loadPaymentDates(ctx, tx, chunk)
		if err != nil {
			return err
		}
		for cid, list := range cs {
			outs := rules.Decide(list, pays[cid], asOf)
			for i, o := range outs {
				if was := stored[list[i].ID]; o != was {
					changes = append(changes, outcome{list[i].ID, o})
					news = append(news, brokenPromise{cid, list[i], was, o})
					firstDecided = earliest(firstDecided, was.DecidedOn, o.DecidedOn)
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := capacitiesChanged(ctx, tx, firstDecided); err != nil {
		return 0, err
	}
	if err := brokenNews(ctx, tx, news, asOf); err != nil {
		return 0, err
	}
	u := rowUpdate{Table: "commitments", Cols: []string{"status", "fulfilled", "decided_on"}, Types: []string{"text", "bigint", "date"}}
	_, err = tx.UpdateRows(ctx, u, len(changes), func(i int, vals []any) {
		o := changes[i]
		vals[0], vals[1], vals[2], vals[3] = string(o.Status), int64(o.Fulfilled), nil, o.id
		if o.DecidedOn != 0 {
			vals[2] = o.DecidedOn
		}
	})
	return len(changes), err
}

// earliest is the earliest of the non-zero days.
func earliest(days ...civil.Date) civil.Date {
	var first civil.Date
	for _, d := range days {
		if d != 0 && (first == 0 || d < first) {
			first = d
		}
	}
	return first
}

// commitmentRules reads the grace days and the calendar from the settings.
func commitmentRules(ctx context.Context, q querier) (commitment.Rules, error) {
	r := commitment.Rules{Calendar: civil.Calendar{Holidays: map[civil.Date]bool{}, Workdays: map[civil.Date]bool{}}}
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, SettingCalendar).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	} else if err != nil {
		return r, err
	}
	var cal CalendarDays
	if err := jsonUnmarshal(v, &cal); err != nil {
		return r, err
	}
	r.Calendar = cal.Calendar()
	return r, nil
}

func loadCommitments(ctx context.Context, q querier, ids []int64) (map[int64][]commitment.Commitment, map[int64]commitment.Outcome, error) {
	rows, err := q.QueryContext(ctx, `SELECT customer_id, id, amount, due_date, made_on, cancelled, status, fulfilled, decided_on, support_kind, plan_id IS NOT NULL
		FROM commitments WHERE customer_id IN (`+placeholders(1, len(ids))+`) ORDER BY id`, anys(ids)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cs := map[int64][]commitment.Commitment{}
	stored := map[int64]commitment.Outcome{}
	for rows.Next() {
		var cid, amount, fulfilled int64
		var c commitment.Commitment
		var o commitment.Outcome
		var cancelled int
		var status, kind string
		var planned bool // a plan's milestone: the plan is its support
		if err := rows.Scan(&cid, &c.ID, &amount, &c.Due, &c.Made, &cancelled, &status, &fulfilled, &nullDate{&o.DecidedOn}, &kind, &planned); err != nil {
			return nil, nil, err
		}
		c.Amount, c.Cancelled, c.Supported = money.Amount(amount), cancelled != 0, kind != "" || planned
		o.Status, o.Fulfilled = commitment.Status(status), money.Amount(fulfilled)
		cs[cid] = append(cs[cid], c)
		stored[c.ID] = o
	}
	return cs, stored, rows.Err()
}

// loadPaymentDates returns the payments of the customers, by customer.
func loadPaymentDates(ctx context.Context, q querier, ids []int64) (map[int64][]commitment.Payment, error) {
	out := map[int64][]commitment.Payment{}
	return out, byCustomer(ctx, q, out, paymentFields, `SELECT customer_id, date, amount FROM payments WHERE customer_id IN (`+placeholders(1, len(ids))+`)`, anys(ids)...)
}

// byCustomer adds the rows a query selects — the customer's id first,
// then the fields of a T — to into, by customer.
func byCustomer[T any](ctx context.Context, q querier, into map[int64][]T, fields func(*T) []any, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cid int64
	var v T // scanned into, then copied
	dest := append([]any{&cid}, fields(&v)...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		into[cid] = append(into[cid], v)
	}
	return rows.Err()
}

func paymentFields(p *commitment.Payment) []any { return []any{&p.Date, &p.Amount} }
func invoiceFields(i *commitment.Invoice) []any { return []any{&i.Issue, &i.Due, &i.Amount} }
func dateFields(d *civil.Date) []any            { return []any{d} }

// byDue sorts a customer's invoices by due date, as the overdue factor
// reads them.
func byDue(invs []commitment.Invoice) []commitment.Invoice {
	slices.SortStableFunc(invs, func(a, b commitment.Invoice) int { return cmp.Compare(a.Due, b.Due) })
	return invs
}

// column returns the single column a query selects.
func column[T any](ctx context.Context, q querier, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ScoreUnscored gives every commitment recorded without a credibility (by
// a bulk load) the one it had when made, as ScoreAsMade rates it. It
// returns how many it scored.
func (s *Store) ScoreUnscored(ctx context.Context) (_ int, err error) {
	defer wrap(&err, "store.ScoreUnscored")
	hs, err := s.CommitmentHistories(ctx)
	if err != nil {
		return 0, err
	}
	type scored struct {
		id      int64
		p       float64
		reasons string
	}
	// Written a few hundred at a time: the reasons of a quarter of a
	// million promises would take hundreds of megabytes at once.
	var pending []scored
	var n int64
	err = s.inTx(ctx, func(tx *txn) error {
		u := rowUpdate{Table: "commitments", Cols: []string{"credibility", "reasons"}, Types: []string{"double precision", "text"}, Cond: "AND credibility IS NULL"}
		flush := func() error {
			k, err := tx.UpdateRows(ctx, u, len(pending), func(i int, vals []any) { vals[0], vals[1], vals[2] = pending[i].p, pending[i].reasons, pending[i].id })
			n += k
			pending = pending[:0]
			return err
		}
		var werr error
		commitment.ScoreAsMade(hs, func(h, i int, cr commitment.Credibility) {
			if werr != nil {
				return
			}
			pending = append(pending, scored{hs[h].Commitments[i].ID, cr.P, jsonOf(cr)})
			if len(pending) == sqldb.UpdateBatchRows {
				werr = flush()
			}
		})
		if werr != nil {
			return werr
		}
		return flush()
	})
	return int(n), err
}
