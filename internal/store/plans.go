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
	"huikuan/internal/plan"
	"huikuan/internal/user"
)

// PlanInput is a customer's plan for a month as a user saves it (the
// rules' plan.Input). Suggested and Basis are the caller's (the suggested
// plan) and are stored as given.
type PlanInput = plan.Input

// storedPlan is a plan as SavePlan finds it before changing it.
type storedPlan struct {
	id       int64
	in       PlanInput
	agreedOn civil.Date
	// promise and live are parallel to in.Milestones: the promise each
	// one names (0 for none), and whether that promise still stands (not
	// cancelled).
	promise []int64
	live    []bool
}

// SavePlan creates or replaces the customer's plan for month (its first
// day), PUT-like: saving the same input again changes nothing, records no
// new promise and writes no audit entry. The customer must be in the
// scope (errs.ErrNotFound); the status moves by plan.CheckMove and the
// values are checked by plan.CheckPlan (*errs.Invalid naming the field).
//
// Moving to agreed records each milestone without a standing promise as a
// promise to pay (amount, due = the milestone's date, made today, the
// plan's contact, support text "回款计划 YYYY-MM 第N步", the plan as its
// support) in the same transaction, so credibility, reminders, outcomes
// and the forecast apply to it unchanged, and sets agreed_on to today.
// Reopening (agreed → proposed) cancels the milestones' open promises;
// decided ones stay, and a milestone kept unchanged keeps its decided
// promise when the plan is agreed again. The milestones of an agreed plan
// change only after it is reopened (*errs.Invalid on "milestones"
// otherwise). Changes are audited with the plan before and after.
func (s *Store) SavePlan(ctx context.Context, actor Actor, sc user.Scope, month civil.Date, customer string, in PlanInput, today civil.Date) (_ Plan, err error) {
	defer wrap(&err, "store.SavePlan")
	err = s.inTx(ctx, func(tx *txn) error {
		custID, err := scopedCustomer(ctx, tx, sc, customer)
		if err != nil {
			return err
		}
		old, err := loadStoredPlan(ctx, tx, custID, month)
		if err != nil {
			return err
		}
		return savePlan(ctx, tx, actor, custID, customer, month, old, in, today)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Plan(ctx, sc, month, customer)
}

// savePlan applies SavePlan's rules to the stored plan old (nil for
// none). The input is checked as given, so that the errors name its
// milestones by their index in it, and then stored in date order.
func savePlan(ctx context.Context, tx *txn, actor Actor, custID int64, customer string, month civil.Date, old *storedPlan, given PlanInput, today civil.Date) error {
	var from plan.Status
	if old != nil {
		from = old.in.Status
	}
	if err := plan.CheckMove(from, given.Status); err != nil {
		return err
	}
	in := plan.Normalize(given)
	agreedOn := today
	if from == plan.Agreed && in.Status == plan.Agreed {
		if !slices.Equal(old.in.Milestones, in.Milestones) {
			return invalid("milestones", "the plan is agreed: reopen the plan first (status proposed) to change its milestones")
		}
		agreedOn = old.agreedOn
	}
	settled := []bool{}
	for _, p := range carried(old, given.Milestones) {
		settled = append(settled, p != 0)
	}
	if err := plan.CheckPlanSettled(given, month, agreedOn, settled); err != nil {
		return err
	}
	promises := carried(old, in.Milestones)
	if old != nil && plan.Equal(old.in, in) {
		return nil
	}
	keepOn := agreedOn
	if in.Status != plan.Agreed {
		keepOn = 0
		if old != nil {
			keepOn = old.agreedOn // the day it was last agreed stays, for the history
		}
	}
	id, err := writePlan(ctx, tx, actor, custID, month, old, in, keepOn)
	if err != nil {
		return err
	}
	if in.Status == plan.Declined && from != plan.Declined {
		if err := planDeclinedNews(ctx, tx, custID, id, in.Asked, today); err != nil {
			return err
		}
	}
	if plan.Reopens(from, in.Status) {
		if err := cancelPlanPromises(ctx, tx, actor, custID, id); err != nil {
			return err
		}
	}
	if old == nil || !slices.Equal(old.in.Milestones, in.Milestones) {
		if err := replaceMilestones(ctx, tx, id, in.Milestones, promises); err != nil {
			return err
		}
	}
	if in.Status == plan.Agreed && from != plan.Agreed {
		if err := promiseMilestones(ctx, tx, actor, custID, customer, id, month, in, today); err != nil {
			return err
		}
	}
	return auditPlan(ctx, tx, actor, month, customer, old, in, keepOn)
}

// carried returns, for each of the milestones ms, the promise that an
// identical milestone of old names if it still stands (is not cancelled),
// or 0: a milestone kept through a reopening keeps its decided promise,
// so that agreeing the plan again does not promise it twice.
func carried(old *storedPlan, ms []plan.Milestone) []int64 {
	out := make([]int64, len(ms))
	if old == nil {
		return out
	}
	used := make([]bool, len(old.in.Milestones)) // two equal steps carry two promises
	for i, m := range ms {
		for j, o := range old.in.Milestones {
			if o == m && !used[j] && old.live[j] {
				out[i], used[j] = old.promise[j], true
				break
			}
		}
	}
	return out
}

// scopedCustomer returns the id of a customer the scope sees, or
// errs.ErrNotFound.
func scopedCustomer(ctx context.Context, q querier, sc user.Scope, code string) (int64, error) {
	args := []any{code}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT c.id FROM customers c WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
	}
	return id, err
}

// loadStoredPlan reads the customer's plan for month with its milestones'
// promises, or nil for none.
func loadStoredPlan(ctx context.Context, q querier, custID int64, month civil.Date) (*storedPlan, error) {
	var p storedPlan
	var dtags, atags string
	err := q.QueryRowContext(ctx, `SELECT id, suggested, basis, asked, committed, status, difficulties, advantages, difficulty_tags, advantage_tags, contact, agreed_on
		FROM plans WHERE customer_id = $1 AND month = $2`, custID, month).Scan(&p.id, &p.in.Suggested, &p.in.Basis, &p.in.Asked, &p.in.Committed,
		&p.in.Status, &p.in.Difficulties, &p.in.Advantages, &dtags, &atags, &p.in.Contact, &nullDate{&p.agreedOn})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if err := errors.Join(jsonUnmarshal(dtags, &p.in.DifficultyTags), jsonUnmarshal(atags, &p.in.AdvantageTags)); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT pm.due_date, pm.amount, COALESCE(pm.commitment_id, 0), COALESCE(m.cancelled, 1)
		FROM plan_milestones pm LEFT JOIN commitments m ON m.id = pm.commitment_id WHERE pm.plan_id = $1 ORDER BY pm.seq`, p.id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	p.in.Milestones = []plan.Milestone{}
	for rows.Next() {
		var m plan.Milestone
		var promise int64
		var cancelled int
		if err := rows.Scan(&m.Due, &m.Amount, &promise, &cancelled); err != nil {
			return nil, err
		}
		p.in.Milestones, p.promise, p.live = append(p.in.Milestones, m), append(p.promise, promise), append(p.live, cancelled == 0)
	}
	p.in = plan.Normalize(p.in)
	return &p, rows.Err()
}

// writePlan inserts or updates the plan's row and returns its id.
func writePlan(ctx context.Context, tx *txn, actor Actor, custID int64, month civil.Date, old *storedPlan, in PlanInput, agreedOn civil.Date) (int64, error) {
	now := stamp(time.Now())
	vals := []any{int64(in.Suggested), in.Basis, int64(in.Asked), int64(in.Committed), string(in.Status), in.Difficulties, in.Advantages,
		jsonOf(in.DifficultyTags), jsonOf(in.AdvantageTags), in.Contact, nullDateValue(agreedOn), now, actor.Name}
	if old != nil {
		_, err := tx.ExecContext(ctx, `UPDATE plans SET suggested = $1, basis = $2, asked = $3, committed = $4, status = $5, difficulties = $6, advantages = $7,
			difficulty_tags = $8, advantage_tags = $9, contact = $10, agreed_on = $11, updated_at = $12, updated_by = $13 WHERE id = $14`, append(vals, old.id)...)
		return old.id, err
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO plans (suggested, basis, asked, committed, status, difficulties, advantages, difficulty_tags, advantage_tags, contact, agreed_on,
			updated_at, updated_by, created_at, created_by, customer_id, month)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $13, $14, $15) RETURNING id`, append(vals, custID, month)...).Scan(&id)
	return id, err
}

// replaceMilestones writes the plan's milestones, in date order, each
// naming the promise carried gives it (0 for none).
func replaceMilestones(ctx context.Context, tx *txn, planID int64, ms []plan.Milestone, promises []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM plan_milestones WHERE plan_id = $1`, planID); err != nil {
		return err
	}
	for i, m := range ms {
		var promise any
		if promises[i] != 0 {
			promise = promises[i]
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_milestones (plan_id, seq, due_date, amount, commitment_id) VALUES ($1, $2, $3, $4, $5)`,
			planID, i+1, m.Due, int64(m.Amount), promise); err != nil {
			return err
		}
	}
	return nil
}

// promiseMilestones records each milestone of an agreed plan that names
// no standing promise as a promise of the customer, with the plan as its
// support, and links it to the milestone.
func promiseMilestones(ctx context.Context, tx *txn, actor Actor, custID int64, customer string, planID int64, month civil.Date, in PlanInput, today civil.Date) error {
	rows, err := tx.QueryContext(ctx, `SELECT pm.seq FROM plan_milestones pm LEFT JOIN commitments m ON m.id = pm.commitment_id
		WHERE pm.plan_id = $1 AND (pm.commitment_id IS NULL OR m.cancelled <> 0) ORDER BY pm.seq`, planID)
	if err != nil {
		return err
	}
	seqs, err := scanInts(rows)
	if err != nil {
		return err
	}
	for _, seq := range seqs {
		m := in.Milestones[seq-1]
		n := NewCommitment{Customer: customer, Amount: m.Amount, Due: m.Due, Made: today, Contact: in.Contact,
			Support: fmt.Sprintf("回款计划 %s 第%d步", plan.MonthKey(month), seq), planID: planID}
		id, err := createCommitment(ctx, tx, actor, custID, n, 0)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_milestones SET commitment_id = $1 WHERE plan_id = $2 AND seq = $3`, id, planID, seq); err != nil {
			return err
		}
	}
	return nil
}

// cancelPlanPromises cancels the plan's open promises (it is reopened),
// decides the customer's promises again and audits each cancellation.
func cancelPlanPromises(ctx context.Context, tx *txn, actor Actor, custID, planID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM commitments WHERE plan_id = $1 AND status = 'open' AND cancelled = 0 ORDER BY id`, planID)
	if err != nil {
		return err
	}
	ids, err := scanInts(rows)
	if err != nil || len(ids) == 0 {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE commitments SET cancelled = 1 WHERE id IN (`+placeholders(1, len(ids))+`)`, anys(ids)...); err != nil {
		return err
	}
	if err := decideCommitments(ctx, tx, []int64{custID}, 0); err != nil {
		return err
	}
	for _, id := range ids {
		if err := audit(ctx, tx, actor, "cancel", "commitment", strconv.FormatInt(id, 10), "", `{"reason":"plan reopened"}`); err != nil {
			return err
		}
	}
	return nil
}

// scanInts reads the one integer column of rows, and closes them.
func scanInts(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// planAudit is a plan as the audit log shows it.
type planAudit struct {
	PlanInput
	AgreedOn civil.Date `json:",omitempty"`
}

// auditPlan records the change of a plan from old (nil: created) to in.
func auditPlan(ctx context.Context, tx *txn, actor Actor, month civil.Date, customer string, old *storedPlan, in PlanInput, agreedOn civil.Date) error {
	action, before := "create", ""
	if old != nil {
		action, before = "update", jsonOf(planAudit{old.in, old.agreedOn})
	}
	return audit(ctx, tx, actor, action, "plan", plan.MonthKey(month)+"/"+customer, before, jsonOf(planAudit{in, agreedOn}))
}
