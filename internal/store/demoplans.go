package store

import (
	"context"
	"fmt"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/plan"
)

// DemoPlan is a customer's plan for a month as the demo generates it: the
// plan, the day it was agreed or declined (On), and its gap measures with
// where each stands.
type DemoPlan struct {
	Customer string
	Month    civil.Date
	On       civil.Date
	plan.Input
	Measures []DemoMeasure
}

// DemoMeasure is a gap measure of a demo plan and its status.
type DemoMeasure struct {
	plan.Measure
	Status plan.MeasureStatus
}

// LoadDemoPlans writes, in bulk and in one transaction, reps' targets and
// customers' plans as SavePlan and SetTarget would leave them — each plan
// checked by plan.CheckPlan (agreed on On), each measure by
// plan.CheckMeasure, *errs.Invalid naming the plan otherwise — but
// without an audit entry per record: an agreed plan's milestones are
// recorded as promises made on On with the plan as their support, named
// by their milestone, for the daily job to decide and score with the
// rest (jobs.Options.ScoreLoaded). It is the demo's loader: SavePlan
// writes a plan in a transaction of its own, which would take the large
// demo minutes.
func (s *Store) LoadDemoPlans(ctx context.Context, targets []TargetInput, plans []DemoPlan) (err error) {
	defer wrap(&err, "store.LoadDemoPlans")
	if err := checkDemoPlans(plans); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		if err := writeDemoTargets(ctx, tx, targets); err != nil {
			return err
		}
		return writeDemoPlans(ctx, tx, plans)
	})
}

// checkDemoPlans checks every plan and measure with the plan rules.
func checkDemoPlans(plans []DemoPlan) error {
	for _, p := range plans {
		err := plan.CheckPlan(p.Input, p.Month, p.On)
		for _, m := range p.Measures {
			if err == nil {
				err = plan.CheckMeasure(m.Measure)
			}
		}
		if err != nil {
			return fmt.Errorf("plan %s of %s: %w", plan.MonthKey(p.Month), p.Customer, err)
		}
	}
	return nil
}

// ids maps the codes of a table's rows to their ids.
func ids(ctx context.Context, q querier, table string) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, id FROM `+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, err
		}
		out[code] = id
	}
	return out, rows.Err()
}

func writeDemoTargets(ctx context.Context, tx *txn, targets []TargetInput) error {
	if len(targets) == 0 {
		return nil
	}
	reps, err := ids(ctx, tx, "reps")
	if err != nil {
		return err
	}
	var bad errs.Invalid
	for i, t := range targets {
		plan.CheckTarget(&bad, i+1, t.Month, t.Amount)
		if _, ok := reps[t.Rep]; !ok {
			bad.Add(i+1, "rep", "unknown rep %q", t.Rep)
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return tx.WriteRows(ctx, "targets", []string{"month", "rep_id", "amount", "set_by", "set_at"}, len(targets), func(i int, a []any) {
		t := targets[i]
		// Set by the manager on the last day of the month before.
		a[0], a[1], a[2], a[3], a[4] = t.Month, reps[t.Rep], int64(t.Amount), "demo", stamp(t.Month.AddDays(-1).Time().Add(9*time.Hour))
	})
}

// demoPromise is an agreed demo plan's milestone as a promise.
type demoPromise struct {
	id, plan, customer int64
	p                  *DemoPlan
	seq                int
}

func writeDemoPlans(ctx context.Context, tx *txn, plans []DemoPlan) error {
	if len(plans) == 0 {
		return nil
	}
	custs, err := ids(ctx, tx, "customers")
	if err != nil {
		return err
	}
	planIDs, err := tx.ReserveIDs(ctx, "plans", len(plans))
	if err != nil {
		return err
	}
	var promises []demoPromise
	for i := range plans {
		p := &plans[i]
		if _, ok := custs[p.Customer]; !ok {
			return invalid("customer", fmt.Sprintf("unknown customer %q", p.Customer))
		}
		if p.Status == plan.Agreed {
			for k := range p.Milestones {
				promises = append(promises, demoPromise{plan: planIDs[i], customer: custs[p.Customer], p: p, seq: k + 1})
			}
		}
	}
	promiseIDs, err := tx.ReserveIDs(ctx, "commitments", len(promises))
	if err != nil {
		return err
	}
	for k := range promises {
		promises[k].id = promiseIDs[k]
	}
	cols := []string{"id", "customer_id", "month", "suggested", "basis", "asked", "committed", "status", "difficulties", "advantages",
		"difficulty_tags", "advantage_tags", "contact", "agreed_on", "created_at", "created_by", "updated_at", "updated_by"}
	err = tx.WriteRows(ctx, "plans", cols, len(plans), func(i int, a []any) {
		p := plans[i]
		in := plan.Normalize(p.Input)
		var agreed civil.Date
		if p.Status == plan.Agreed {
			agreed = p.On
		}
		at := stamp(p.On.Time().Add(10 * time.Hour))
		copy(a, []any{planIDs[i], custs[p.Customer], p.Month, int64(p.Suggested), p.Basis, int64(p.Asked), int64(p.Committed), string(p.Status),
			p.Difficulties, p.Advantages, jsonOf(in.DifficultyTags), jsonOf(in.AdvantageTags), p.Contact, nullDateValue(agreed), at, "demo", at, "demo"})
	})
	if err != nil {
		return err
	}
	err = tx.WriteRows(ctx, "commitments", []string{"id", "customer_id", "amount", "due_date", "made_on", "contact", "support_kind", "support_text", "created_at", "created_by", "plan_id"},
		len(promises), func(k int, a []any) {
			d := promises[k]
			m := d.p.Milestones[d.seq-1]
			copy(a, []any{d.id, d.customer, int64(m.Amount), m.Due, d.p.On, d.p.Contact, "", fmt.Sprintf("回款计划 %s 第%d步", plan.MonthKey(d.p.Month), d.seq),
				stamp(d.p.On.Time().Add(10 * time.Hour)), "demo", d.plan})
		})
	if err != nil {
		return err
	}
	// Milestones in date order, as SavePlan stores them; the promises
	// were made in the same order.
	err = tx.WriteRows(ctx, "plan_milestones", []string{"plan_id", "seq", "due_date", "amount", "commitment_id"}, len(promises), func(k int, a []any) {
		d := promises[k]
		m := d.p.Milestones[d.seq-1]
		a[0], a[1], a[2], a[3], a[4] = d.plan, d.seq, m.Due, int64(m.Amount), d.id
	})
	if err != nil {
		return err
	}
	return writeDemoMeasures(ctx, tx, plans, planIDs)
}

func writeDemoMeasures(ctx context.Context, tx *txn, plans []DemoPlan, planIDs []int64) error {
	type ref struct{ plan, k int }
	var ms []ref
	for i, p := range plans {
		for k := range p.Measures {
			ms = append(ms, ref{i, k})
		}
	}
	cols := []string{"plan_id", "kind", "expected", "owner", "start_date", "due_date", "cost", "status", "note", "created_at", "created_by", "updated_at", "updated_by"}
	return tx.WriteRows(ctx, "measures", cols, len(ms), func(k int, a []any) {
		p := plans[ms[k].plan]
		m := p.Measures[ms[k].k]
		at := stamp(m.Start.Time().Add(11 * time.Hour))
		copy(a, []any{planIDs[ms[k].plan], string(m.Kind), int64(m.Expected), m.Owner, m.Start, m.Due, int64(m.Cost), string(m.Status), m.Note, at, "demo", at, "demo"})
	})
}
