package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/user"
)

// NewMeasure is a gap measure (差距措施) to add to a customer's plan.
type NewMeasure struct {
	Kind     plan.MeasureKind
	Expected money.Amount
	Owner    string
	// Start is the first day of the measure's window (its effect is
	// looked for from Start to Due); zero for the first day of the plan's
	// month.
	Start civil.Date
	Due   civil.Date
	Cost  money.Amount
	Note  string
	// Ref names where the measure comes from (a form): a measure whose
	// ref was recorded before for the plan is not recorded again.
	Ref string
	// IdempotencyKey is the request's Idempotency-Key (API): a measure
	// without a Ref is recorded under a ref of the actor's own made from
	// it, so that an add run again for the key finds the measure.
	IdempotencyKey string `json:"-"`
}

// MeasureRow is a stored measure.
type MeasureRow struct {
	ID       int64
	PlanID   int64
	Month    civil.Date // the plan's month
	Customer string
	Rep      string
	plan.Measure
	Status    plan.MeasureStatus
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
}

// MeasurePatch changes a measure: the fields that are not nil.
type MeasurePatch struct {
	Status   *plan.MeasureStatus
	Expected *money.Amount
	Owner    *string
	Due      *civil.Date
	Cost     *money.Amount
	Note     *string
}

// AddMeasure adds a measure, status planned, to the customer's plan for
// month (its first day) and audits it. A customer outside the scope is
// errs.ErrNotFound; bad values are *errs.Invalid (plan.CheckMeasure). A
// customer without a plan for the month gets a draft one, all amounts 0,
// so that a rep may note a measure before the plan is written; the new
// plan is audited too. A measure whose Ref (or Idempotency-Key) was
// recorded before for the plan is returned instead of being added again.
func (s *Store) AddMeasure(ctx context.Context, actor Actor, sc user.Scope, month civil.Date, customer string, n NewMeasure) (_ MeasureRow, err error) {
	defer wrap(&err, "store.AddMeasure")
	if n.Start == 0 {
		n.Start = month.MonthStart()
	}
	m := plan.Measure{Kind: n.Kind, Expected: n.Expected, Owner: n.Owner, Start: n.Start, Due: n.Due, Cost: n.Cost, Note: n.Note}
	if err := checkNewMeasure(month, m, n.Ref); err != nil {
		return MeasureRow{}, err
	}
	ref := recordRef(n.Ref, n.IdempotencyKey, actor)
	var id, planID int64
	err = s.inTx(ctx, func(tx *txn) error {
		custID, err := scopedCustomer(ctx, tx, sc, customer)
		if err != nil {
			return err
		}
		if planID, err = planFor(ctx, tx, actor, custID, customer, month); err != nil {
			return err
		}
		if ref != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM measures WHERE plan_id = $1 AND ref = $2`, planID, ref).Scan(&id)
			if err == nil || !errors.Is(err, sql.ErrNoRows) {
				return err // recorded before, or failed
			}
		}
		now := stamp(time.Now())
		err = tx.QueryRowContext(ctx, `INSERT INTO measures (plan_id, kind, expected, owner, start_date, due_date, cost, status, note, ref, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'planned', $8, $9, $10, $11, $10, $11) RETURNING id`,
			planID, string(m.Kind), int64(m.Expected), m.Owner, m.Start, m.Due, int64(m.Cost), m.Note, nullIfEmpty(ref), now, actor.Name).Scan(&id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "measure", strconv.FormatInt(id, 10), "", jsonOf(measureAudit{m, plan.Planned}))
	})
	if err != nil {
		return MeasureRow{}, err
	}
	return scopedMeasure(ctx, s.r, sc, planID, id)
}

// checkNewMeasure checks a new measure's month, values and ref.
func checkNewMeasure(month civil.Date, m plan.Measure, ref string) error {
	var bad errs.Invalid
	plan.CheckMonth(&bad, 0, "month", month)
	if err := plan.CheckMeasure(m); err != nil {
		var inv *errs.Invalid
		errors.As(err, &inv)
		bad.Fields = append(bad.Fields, inv.Fields...)
	}
	checkRef(&bad, ref)
	return bad.Err()
}

// planFor returns the id of the customer's plan for month, creating a
// draft one (audited) when there is none.
func planFor(ctx context.Context, tx *txn, actor Actor, custID int64, customer string, month civil.Date) (int64, error) {
	old, err := loadStoredPlan(ctx, tx, custID, month)
	if err != nil {
		return 0, err
	} else if old != nil {
		return old.id, nil
	}
	in := plan.Normalize(PlanInput{Status: plan.Draft})
	id, err := writePlan(ctx, tx, actor, custID, month, nil, in, 0)
	if err != nil {
		return 0, err
	}
	return id, auditPlan(ctx, tx, actor, month, customer, nil, in, 0)
}

// measureAudit is a measure as the audit log shows it.
type measureAudit struct {
	plan.Measure
	Status plan.MeasureStatus
}

// UpdateMeasure changes a measure the scope sees (errs.ErrNotFound
// otherwise) and audits the change, before and after. Its status moves by
// plan.CheckMeasureMove and its values are checked by plan.CheckMeasure
// (*errs.Invalid). A patch that changes nothing writes nothing.
func (s *Store) UpdateMeasure(ctx context.Context, actor Actor, sc user.Scope, id int64, p MeasurePatch) (_ MeasureRow, err error) {
	defer wrap(&err, "store.UpdateMeasure")
	var planID int64
	err = s.inTx(ctx, func(tx *txn) error {
		err := tx.QueryRowContext(ctx, `SELECT plan_id FROM measures WHERE id = $1`, id).Scan(&planID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("measure %d: %w", id, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		old, err := scopedMeasure(ctx, tx, sc, planID, id)
		if err != nil {
			return err
		}
		m, status := old.Measure, old.Status
		patchMeasure(&m, &status, p)
		if err := plan.CheckMeasureMove(old.Status, status); err != nil {
			return err
		}
		if err := plan.CheckMeasure(m); err != nil {
			return err
		}
		if m == old.Measure && status == old.Status {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE measures SET status = $1, expected = $2, owner = $3, due_date = $4, cost = $5, note = $6, updated_at = $7, updated_by = $8 WHERE id = $9`,
			string(status), int64(m.Expected), m.Owner, m.Due, int64(m.Cost), m.Note, stamp(time.Now()), actor.Name, id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "measure", strconv.FormatInt(id, 10), jsonOf(measureAudit{old.Measure, old.Status}), jsonOf(measureAudit{m, status}))
	})
	if err != nil {
		return MeasureRow{}, err
	}
	return scopedMeasure(ctx, s.r, sc, planID, id)
}

// patchMeasure applies the fields of p that are set.
func patchMeasure(m *plan.Measure, status *plan.MeasureStatus, p MeasurePatch) {
	if p.Status != nil {
		*status = *p.Status
	}
	if p.Expected != nil {
		m.Expected = *p.Expected
	}
	if p.Owner != nil {
		m.Owner = *p.Owner
	}
	if p.Due != nil {
		m.Due = *p.Due
	}
	if p.Cost != nil {
		m.Cost = *p.Cost
	}
	if p.Note != nil {
		m.Note = *p.Note
	}
}

// Measures returns the measures of the month's plans of the customers the
// scope sees, of rep only unless rep is "", by customer and then in the
// order they were added.
func (s *Store) Measures(ctx context.Context, sc user.Scope, month civil.Date, rep string) (_ []MeasureRow, err error) {
	defer wrap(&err, "store.Measures")
	return loadMeasures(ctx, s.r, planFilter{scope: sc, month: month, rep: rep})
}

// scopedMeasure returns one measure of the plan planID if the scope sees
// it, or errs.ErrNotFound.
func scopedMeasure(ctx context.Context, q querier, sc user.Scope, planID, id int64) (MeasureRow, error) {
	ms, err := loadMeasures(ctx, q, planFilter{scope: sc, id: planID})
	if err != nil {
		return MeasureRow{}, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, nil
		}
	}
	return MeasureRow{}, fmt.Errorf("measure %d: %w", id, errs.ErrNotFound)
}

// loadMeasures returns the measures of the plans f selects.
func loadMeasures(ctx context.Context, q querier, f planFilter) ([]MeasureRow, error) {
	where, args := f.where()
	rows, err := q.QueryContext(ctx, `SELECT ms.id, ms.plan_id, p.month, c.code, r.code, ms.kind, ms.expected, ms.owner, ms.start_date, ms.due_date, ms.cost, ms.status, ms.note,
			ms.created_at, ms.created_by, ms.updated_at, ms.updated_by`+planJoins+` JOIN measures ms ON ms.plan_id = p.id`+where+` ORDER BY c.code, ms.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MeasureRow
	for rows.Next() {
		var m MeasureRow
		var created, updated stamp
		if err := rows.Scan(&m.ID, &m.PlanID, &m.Month, &m.Customer, &m.Rep, &m.Kind, &m.Expected, &m.Owner, &m.Start, &m.Due, &m.Cost, &m.Status, &m.Note,
			&created, &m.CreatedBy, &updated, &m.UpdatedBy); err != nil {
			return nil, err
		}
		m.CreatedAt, m.UpdatedAt = time.Time(created), time.Time(updated)
		out = append(out, m)
	}
	return out, rows.Err()
}
