package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/user"
)

// Plan is a customer's stored plan for a month, with its progress: each
// milestone's promise and what was paid towards it, and the plan's gap
// measures.
type Plan struct {
	ID           int64
	Month        civil.Date
	Customer     string
	CustomerName string
	Rep          string
	Suggested    money.Amount
	Basis        string
	Asked        money.Amount
	Committed    money.Amount
	Gap          money.Amount // plan.Gap(Asked, Committed)
	Status       plan.Status
	Difficulties string
	Advantages   string
	// The tags, never nil.
	DifficultyTags []string
	AdvantageTags  []string
	Contact        string
	AgreedOn       civil.Date // the day it was last agreed; zero if never
	Milestones     []MilestoneRow
	// Fulfilled is what was paid towards the milestones' promises so far
	// (commitment.Rules.Decide's fulfilled amounts): the plan's progress
	// against Committed.
	Fulfilled money.Amount
	Measures  []MeasureRow
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
}

// Input returns the plan's values as SavePlan takes them.
func (p Plan) Input() PlanInput {
	in := PlanInput{Suggested: p.Suggested, Basis: p.Basis, Asked: p.Asked, Committed: p.Committed, Status: p.Status,
		Difficulties: p.Difficulties, Advantages: p.Advantages, DifficultyTags: p.DifficultyTags, AdvantageTags: p.AdvantageTags, Contact: p.Contact}
	for _, m := range p.Milestones {
		in.Milestones = append(in.Milestones, m.Milestone)
	}
	return plan.Normalize(in)
}

// MilestoneRow is a plan's step with its promise, if it has one (the
// plan was agreed): the promise's status and what was paid towards it.
type MilestoneRow struct {
	Seq int // from 1, in date order
	plan.Milestone
	CommitmentID *int64
	Status       commitment.Status // "" for a milestone that is no promise
	Fulfilled    money.Amount
	DecidedOn    civil.Date
}

// Plan returns the customer's plan for month (its first day) with its
// milestones and measures. A customer outside the scope, or without a
// plan for the month, is errs.ErrNotFound.
func (s *Store) Plan(ctx context.Context, sc user.Scope, month civil.Date, customer string) (_ Plan, err error) {
	defer wrap(&err, "store.Plan")
	ps, err := s.plans(ctx, planFilter{scope: sc, month: month, customer: customer})
	if err != nil {
		return Plan{}, err
	}
	if len(ps) == 0 {
		return Plan{}, fmt.Errorf("plan of customer %q for %s: %w", customer, plan.MonthKey(month), errs.ErrNotFound)
	}
	return ps[0], nil
}

// Plans returns the plans for month of the customers the scope sees, of
// rep only unless rep is "" (an unknown rep has none), by customer code,
// each with its milestones and measures. It runs three queries whatever
// the number of plans.
func (s *Store) Plans(ctx context.Context, sc user.Scope, month civil.Date, rep string) (_ []Plan, err error) {
	defer wrap(&err, "store.Plans")
	return s.plans(ctx, planFilter{scope: sc, month: month, rep: rep})
}

// planFilter selects plans of a month.
type planFilter struct {
	scope         user.Scope
	month         civil.Date
	customer, rep string
	id            int64
}

// planJoins are the tables a plan is selected over: plans p, its
// customer c and the customer's rep r.
const planJoins = ` FROM plans p JOIN customers c ON c.id = p.customer_id JOIN reps r ON r.id = c.rep_id`

// where is the WHERE of the plans f selects, over planJoins, with its
// arguments.
func (f planFilter) where() (string, []any) {
	args := []any{}
	cond := scopeClause(f.scope, &args)
	add := func(c string, v any) {
		args = append(args, v)
		cond += " AND " + c + strconv.Itoa(len(args))
	}
	if f.month != 0 {
		add("p.month = $", f.month)
	}
	if f.customer != "" {
		add("c.code = $", f.customer)
	}
	if f.rep != "" {
		add("r.code = $", f.rep)
	}
	if f.id != 0 {
		add("p.id = $", f.id)
	}
	return " WHERE " + cond, args
}

// plans loads the plans f selects in one snapshot, with their milestones
// and measures.
func (s *Store) plans(ctx context.Context, f planFilter) ([]Plan, error) {
	var out []Plan
	err := s.readTx(ctx, func(q querier) error {
		var err error
		if out, err = loadPlans(ctx, q, f); err != nil || len(out) == 0 {
			return err
		}
		byID := make(map[int64]*Plan, len(out))
		for i := range out {
			byID[out[i].ID] = &out[i]
		}
		if err := loadMilestones(ctx, q, f, byID); err != nil {
			return err
		}
		ms, err := loadMeasures(ctx, q, f)
		for _, m := range ms {
			p := byID[m.PlanID]
			p.Measures = append(p.Measures, m)
		}
		return err
	})
	return out, err
}

func loadPlans(ctx context.Context, q querier, f planFilter) ([]Plan, error) {
	where, args := f.where()
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.month, c.code, c.name, r.code, p.suggested, p.basis, p.asked, p.committed, p.status, p.difficulties, p.advantages,
			p.difficulty_tags, p.advantage_tags, p.contact, p.agreed_on, p.created_at, p.created_by, p.updated_at, p.updated_by`+planJoins+where+` ORDER BY c.code, p.month`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		var p Plan
		var dtags, atags string
		var created, updated stamp
		if err := rows.Scan(&p.ID, &p.Month, &p.Customer, &p.CustomerName, &p.Rep, &p.Suggested, &p.Basis, &p.Asked, &p.Committed, &p.Status, &p.Difficulties, &p.Advantages,
			&dtags, &atags, &p.Contact, &nullDate{&p.AgreedOn}, &created, &p.CreatedBy, &updated, &p.UpdatedBy); err != nil {
			return nil, err
		}
		if err := jsonUnmarshal(dtags, &p.DifficultyTags); err != nil {
			return nil, err
		}
		if err := jsonUnmarshal(atags, &p.AdvantageTags); err != nil {
			return nil, err
		}
		p.Gap, p.CreatedAt, p.UpdatedAt = plan.Gap(p.Asked, p.Committed), time.Time(created), time.Time(updated)
		p.Milestones = []MilestoneRow{}
		out = append(out, p)
	}
	return out, rows.Err()
}

// loadMilestones adds their milestones, with their promises' outcomes, to
// the plans f selects.
func loadMilestones(ctx context.Context, q querier, f planFilter, byID map[int64]*Plan) error {
	where, args := f.where()
	rows, err := q.QueryContext(ctx, `SELECT pm.plan_id, pm.seq, pm.due_date, pm.amount, pm.commitment_id, COALESCE(m.status, ''), COALESCE(m.fulfilled, 0), m.decided_on`+
		planJoins+` JOIN plan_milestones pm ON pm.plan_id = p.id LEFT JOIN commitments m ON m.id = pm.commitment_id`+where+` ORDER BY pm.plan_id, pm.seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var planID int64
		var m MilestoneRow
		var promise sql.NullInt64
		if err := rows.Scan(&planID, &m.Seq, &m.Due, &m.Amount, &promise, &m.Status, &m.Fulfilled, &nullDate{&m.DecidedOn}); err != nil {
			return err
		}
		if promise.Valid {
			m.CommitmentID = &promise.Int64
		}
		p := byID[planID]
		p.Milestones = append(p.Milestones, m)
		p.Fulfilled += m.Fulfilled
	}
	return rows.Err()
}
