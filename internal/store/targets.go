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

// Target is a rep's collection target (回款任务) for a month. Team and
// company totals are the sums of their reps' targets.
type Target struct {
	Month   civil.Date
	Rep     string
	RepName string
	Team    string
	Amount  money.Amount
	Set     bool // false when no target is recorded (Amount is then 0)
	SetBy   string
	SetAt   time.Time
}

// TargetInput is one target to set: a row of a target import (month, rep,
// target).
type TargetInput struct {
	Month  civil.Date
	Rep    string
	Amount money.Amount
	// Line is the row's line in its file, for errors; 0 counts rows from
	// line 2 (after the header).
	Line int
}

// SetTarget sets a rep's target for month (its first day) and audits the
// change. A rep outside the scope is errs.ErrNotFound; a rep the scope
// sees but may not set targets for (plan.ScopeMaySetTargets: a rep's own
// scope) is errs.ErrForbidden; a bad month or amount is *errs.Invalid on
// "month" or "target". Setting the amount already set changes nothing.
func (s *Store) SetTarget(ctx context.Context, actor Actor, sc user.Scope, month civil.Date, rep string, amount money.Amount) (_ Target, err error) {
	defer wrap(&err, "store.SetTarget")
	var bad errs.Invalid
	plan.CheckTarget(&bad, 0, month, amount)
	if err := bad.Err(); err != nil {
		return Target{}, err
	}
	err = s.inTx(ctx, func(tx *txn) error {
		r, err := targetRep(ctx, tx, sc, rep)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("rep %q: %w", rep, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		if !plan.ScopeMaySetTargets(sc, r.team) {
			return fmt.Errorf("setting rep %q's target: %w", rep, errs.ErrForbidden)
		}
		_, err = putTarget(ctx, tx, actor, r, month, amount)
		return err
	})
	if err != nil {
		return Target{}, err
	}
	return s.target(ctx, sc, month, rep)
}

// SetTargets sets the targets of an import, all or nothing: when any row
// is bad nothing is written and the *errs.Invalid names each bad row (its
// line in the file: the header is line 1, so the first row is line 2) and
// field (month, rep, target). A rep outside the scope is an unknown rep;
// a scope that may set no targets (a rep's) is errs.ErrForbidden. It
// returns how many targets changed: the same import run again changes
// nothing, and only the changes are audited.
func (s *Store) SetTargets(ctx context.Context, actor Actor, sc user.Scope, in []TargetInput) (n int, err error) {
	defer wrap(&err, "store.SetTargets")
	if !sc.All && sc.Team == "" {
		return 0, fmt.Errorf("setting targets: %w", errs.ErrForbidden)
	}
	err = s.inTx(ctx, func(tx *txn) error {
		reps, err := checkTargets(ctx, tx, sc, in)
		if err != nil {
			return err
		}
		for i, t := range in {
			changed, err := putTarget(ctx, tx, actor, reps[i], t.Month, t.Amount)
			if err != nil {
				return err
			}
			if changed {
				n++
			}
		}
		return nil
	})
	return n, err
}

// checkTargets checks every row of an import and finds its rep, or
// returns the *errs.Invalid of every bad row.
func checkTargets(ctx context.Context, tx *txn, sc user.Scope, in []TargetInput) ([]targetRepRow, error) {
	var bad errs.Invalid
	reps := make([]targetRepRow, len(in))
	seen := map[string]int{}
	for i, t := range in {
		line := i + 2 // the header is line 1
		if t.Line > 0 {
			line = t.Line
		}
		plan.CheckTarget(&bad, line, t.Month, t.Amount)
		r, err := targetRep(ctx, tx, sc, t.Rep)
		switch {
		case errors.Is(err, sql.ErrNoRows) || err == nil && !plan.ScopeMaySetTargets(sc, r.team):
			bad.Add(line, "rep", "unknown rep %q", t.Rep)
		case err != nil:
			return nil, err
		}
		key := t.Month.String() + "/" + t.Rep
		if first, ok := seen[key]; ok {
			bad.Add(line, "rep", "rep %s's target for %s is on line %d already", t.Rep, plan.MonthKey(t.Month), first)
		} else {
			seen[key] = line
		}
		reps[i] = r
	}
	return reps, bad.Err()
}

// targetRepRow is a rep whose target is set.
type targetRepRow struct {
	id         int64
	code, team string
}

// targetRep finds a rep the scope sees (sql.ErrNoRows for none).
func targetRep(ctx context.Context, q querier, sc user.Scope, code string) (targetRepRow, error) {
	args := []any{code}
	r := targetRepRow{code: code}
	err := q.QueryRowContext(ctx, `SELECT r.id, r.team FROM reps r WHERE r.code = $1 AND `+repScopeClause(sc, &args), args...).Scan(&r.id, &r.team)
	return r, err
}

// repScopeClause is the condition on reps r that a scope sees: every rep,
// a team's, or one.
func repScopeClause(sc user.Scope, args *[]any) string {
	switch {
	case sc.All:
		return "TRUE"
	case sc.Team != "":
		*args = append(*args, sc.Team)
		return "r.team = $" + strconv.Itoa(len(*args))
	case sc.Rep != "":
		*args = append(*args, sc.Rep)
		return "r.code = $" + strconv.Itoa(len(*args))
	}
	return "FALSE"
}

// targetAudit is a target as the audit log shows it.
type targetAudit struct {
	Amount money.Amount `json:"amount"`
}

// putTarget writes a rep's target for a month unless it is set to that
// already, and audits a change; it reports whether it changed one.
func putTarget(ctx context.Context, tx *txn, actor Actor, r targetRepRow, month civil.Date, amount money.Amount) (bool, error) {
	var old int64
	err := tx.QueryRowContext(ctx, `SELECT amount FROM targets WHERE month = $1 AND rep_id = $2`, month, r.id).Scan(&old)
	before := ""
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO targets (month, rep_id, amount, set_by, set_at) VALUES ($1, $2, $3, $4, $5)`,
			month, r.id, int64(amount), actor.Name, stamp(time.Now()))
	case err != nil:
		return false, err
	case money.Amount(old) == amount:
		return false, nil
	default:
		before = jsonOf(targetAudit{money.Amount(old)})
		_, err = tx.ExecContext(ctx, `UPDATE targets SET amount = $1, set_by = $2, set_at = $3 WHERE month = $4 AND rep_id = $5`,
			int64(amount), actor.Name, stamp(time.Now()), month, r.id)
	}
	if err != nil {
		return false, err
	}
	return true, audit(ctx, tx, actor, "set", "target", plan.MonthKey(month)+"/"+r.code, before, jsonOf(targetAudit{amount}))
}

// Targets returns the month's target of every rep the scope sees, by rep
// code; a rep without one has Set false and Amount 0. A rep's own scope
// reads its own target.
func (s *Store) Targets(ctx context.Context, sc user.Scope, month civil.Date) (_ []Target, err error) {
	defer wrap(&err, "store.Targets")
	return s.targets(ctx, sc, month, "")
}

// target returns one rep's target (errs.ErrNotFound for a rep outside
// the scope).
func (s *Store) target(ctx context.Context, sc user.Scope, month civil.Date, rep string) (Target, error) {
	ts, err := s.targets(ctx, sc, month, rep)
	if err != nil {
		return Target{}, err
	}
	if len(ts) == 0 {
		return Target{}, fmt.Errorf("rep %q: %w", rep, errs.ErrNotFound)
	}
	return ts[0], nil
}

func (s *Store) targets(ctx context.Context, sc user.Scope, month civil.Date, rep string) ([]Target, error) {
	args := []any{month}
	cond := repScopeClause(sc, &args)
	if rep != "" {
		args = append(args, rep)
		cond += " AND r.code = $" + strconv.Itoa(len(args))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT r.code, r.name, r.team, t.amount, COALESCE(t.set_by, ''), t.set_at
		FROM reps r LEFT JOIN targets t ON t.rep_id = r.id AND t.month = $1 WHERE `+cond+` ORDER BY r.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		t := Target{Month: month}
		var amount sql.NullInt64
		var at nullStamp
		if err := rows.Scan(&t.Rep, &t.RepName, &t.Team, &amount, &t.SetBy, &at); err != nil {
			return nil, err
		}
		t.Amount, t.Set, t.SetAt = money.Amount(amount.Int64), amount.Valid, at.t
		out = append(out, t)
	}
	return out, rows.Err()
}

// nullStamp reads a nullable time stamp; the zero time for NULL.
type nullStamp struct{ t time.Time }

func (n *nullStamp) Scan(src any) error {
	if src == nil {
		n.t = time.Time{}
		return nil
	}
	var s stamp
	err := s.Scan(src)
	n.t = time.Time(s)
	return err
}
