package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/habit"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// HabitRep is one rep's figures for the six-habit scorecard, as far as
// the database sums them (habits 1, 2, 3 and 6; habits 4 and 5 come from
// Compliance and ExcuseObservations).
type HabitRep struct {
	Rep, Name, Team string
	habit.Sums
}

// habitMonth is what the habit queries are asked: the month's first and
// last day, its as-of day and the plans' deadline.
type habitMonth struct {
	first, last, asOf, deadline civil.Date
}

// habitReps are the reps being summed, by their ids.
type habitReps map[int64]*HabitRep

// HabitSums sums, in the database, the month's figures of every rep the
// scope sees (by rep code) for habits 1, 2, 3 and 6 (habit.Sums), up to
// asOf (the month's last day or, for the running month, today): the
// customers collectable as the month began and those planned by the
// month's habit.PlanDeadline (the cadence's PlanDays and the working-day
// calendar), the gap and the measures, the promises made and decided, and
// the calls (with the asks against the opening ask stored on each when it
// was logged). A customer's figures count for its owner now. A month that
// has not begun by asOf sums to nothing.
func (s *Store) HabitSums(ctx context.Context, sc user.Scope, month, asOf civil.Date) (out []HabitRep, err error) {
	defer wrap(&err, "store.HabitSums")
	month = month.MonthStart()
	err = s.readTx(ctx, func(q querier) error {
		p, cal, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		m := habitMonth{month, month.MonthEnd(), min(asOf, month.MonthEnd()), habit.PlanDeadline(cal, month, p.PlanDays)}
		var reps habitReps
		if out, reps, err = loadHabitReps(ctx, q, sc); err != nil || m.asOf < month {
			return err
		}
		for _, f := range []func(context.Context, querier, user.Scope, habitMonth, habitReps) error{
			planCoverageSums, gapSums, promiseSums, callSums,
		} {
			if err := f(ctx, q, sc, m, reps); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// loadHabitReps lists the reps the scope sees, by code, and indexes them
// by id.
func loadHabitReps(ctx context.Context, q querier, sc user.Scope) ([]HabitRep, habitReps, error) {
	args := []any{}
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.code, r.name, r.team FROM reps r WHERE `+repScopeClause(sc, &args)+` ORDER BY r.code`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []HabitRep
	var ids []int64
	for rows.Next() {
		var r HabitRep
		var id int64
		if err := rows.Scan(&id, &r.Rep, &r.Name, &r.Team); err != nil {
			return nil, nil, err
		}
		r.Sums.Rep = r.Rep
		out, ids = append(out, r), append(ids, id)
	}
	reps := habitReps{}
	for i, id := range ids {
		reps[id] = &out[i]
	}
	return out, reps, rows.Err()
}

// eachRep runs query and hands each row's rep (the first column, a rep
// id) and the rest of the row's columns to scan; rows of reps not summed
// are skipped.
func eachRep(ctx context.Context, q querier, reps habitReps, query string, args []any, dst []any, use func(r *HabitRep)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	for rows.Next() {
		if err := rows.Scan(append([]any{&id}, dst...)...); err != nil {
			return err
		}
		if r := reps[id]; r != nil {
			use(r)
		}
	}
	return rows.Err()
}

// planCoverageSums counts, per rep, the customers with something
// collectable as the month began — an invoice issued before it, due by
// its end and open that evening beyond the part then disputed — and
// those of them whose plan for the month was agreed by the deadline.
func planCoverageSums(ctx context.Context, q querier, sc user.Scope, m habitMonth, reps habitReps) error {
	args := []any{m.first, m.last, m.deadline}
	var n, planned int64
	return eachRep(ctx, q, reps, `SELECT c.rep_id, COUNT(*),
			COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM plans p WHERE p.customer_id = c.id AND p.month = $1 AND p.agreed_on <= $3) THEN 1 ELSE 0 END), 0)
		FROM customers c WHERE c.id IN (
			SELECT i.customer_id FROM invoices i WHERE i.closed_on >= $1 AND i.issue_date < $1 AND i.amount > 0 AND i.due_date <= $2
			AND i.amount > COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.date < $1), 0)
				+ COALESCE((SELECT SUM(d.amount) FROM disputes d WHERE d.invoice_id = i.id AND d.opened_on < $1 AND d.resolved_on >= $1), 0))
		AND `+scopeClause(sc, &args)+` GROUP BY c.rep_id`, args, []any{&n, &planned}, func(r *HabitRep) {
		r.Collectable, r.PlannedEarly = int(n), int(planned)
	})
}

// gapSums works out each rep's gap — the target less what the agreed
// plans committed or, with no target, the plans' own gaps — and sums the
// month's measures.
func gapSums(ctx context.Context, q querier, sc user.Scope, m habitMonth, reps habitReps) error {
	targets := map[*HabitRep]money.Amount{}
	var target int64
	if err := eachRep(ctx, q, reps, `SELECT rep_id, amount FROM targets WHERE month = $1 AND amount > 0`, []any{m.first}, []any{&target}, func(r *HabitRep) {
		targets[r] = money.Amount(target)
	}); err != nil {
		return err
	}
	args := []any{m.first}
	var committed, planGap int64
	committedOf, planGapOf := map[*HabitRep]money.Amount{}, map[*HabitRep]money.Amount{}
	if err := eachRep(ctx, q, reps, `SELECT c.rep_id, CAST(COALESCE(SUM(CASE WHEN p.status = 'agreed' THEN p.committed ELSE 0 END), 0) AS BIGINT),
			CAST(COALESCE(SUM(CASE WHEN p.asked > p.committed THEN p.asked - p.committed ELSE 0 END), 0) AS BIGINT)
		FROM plans p JOIN customers c ON c.id = p.customer_id WHERE p.month = $1 AND `+scopeClause(sc, &args)+` GROUP BY c.rep_id`,
		args, []any{&committed, &planGap}, func(r *HabitRep) {
			committedOf[r], planGapOf[r] = money.Amount(committed), money.Amount(planGap)
		}); err != nil {
		return err
	}
	for _, r := range reps {
		if t, ok := targets[r]; ok {
			r.Gap = max(t-committedOf[r], 0)
		} else {
			r.Gap = planGapOf[r]
		}
	}
	args = []any{m.first, m.asOf}
	var expected, due, done int64
	return eachRep(ctx, q, reps, `SELECT c.rep_id, CAST(COALESCE(SUM(CASE WHEN x.status <> 'dropped' THEN x.expected ELSE 0 END), 0) AS BIGINT),
			COALESCE(SUM(CASE WHEN x.due_date <= $2 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN x.due_date <= $2 AND x.status = 'done' THEN 1 ELSE 0 END), 0)
		FROM measures x JOIN plans p ON p.id = x.plan_id JOIN customers c ON c.id = p.customer_id
		WHERE p.month = $1 AND `+scopeClause(sc, &args)+` GROUP BY c.rep_id`, args, []any{&expected, &due, &done}, func(r *HabitRep) {
		r.MeasuresExpected, r.MeasuresDue, r.MeasuresDone = money.Amount(expected), int(due), int(done)
	})
}

// promiseSums counts the promises made in the month (with a credibility,
// not cancelled), those of them made outside a plan with a credibility
// below the threshold and those of these without support, and the promises
// decided in the month, those kept and the credibility they were given:
// two queries, each on its own day's index.
func promiseSums(ctx context.Context, q querier, sc user.Scope, m habitMonth, reps habitReps) error {
	args := []any{m.first, m.asOf, commitment.SupportThreshold}
	var made, weak, unsupported, decided, kept int64
	if err := eachRep(ctx, q, reps, `SELECT c.rep_id, COUNT(*),
			COALESCE(SUM(CASE WHEN m.credibility < $3 AND m.plan_id IS NULL THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN m.credibility < $3 AND m.support_kind = '' AND m.plan_id IS NULL THEN 1 ELSE 0 END), 0)
		FROM commitments m JOIN customers c ON c.id = m.customer_id
		WHERE m.made_on >= $1 AND m.made_on <= $2 AND m.cancelled = 0 AND m.credibility IS NOT NULL AND `+scopeClause(sc, &args)+` GROUP BY c.rep_id`,
		args, []any{&made, &weak, &unsupported}, func(r *HabitRep) {
			r.Promises, r.Weak, r.WeakUnsupported = int(made), int(weak), int(unsupported)
		}); err != nil {
		return err
	}
	args = []any{m.first, m.asOf}
	var cred float64
	return eachRep(ctx, q, reps, `SELECT c.rep_id, COUNT(*), COALESCE(SUM(CASE WHEN m.status = 'kept' THEN 1 ELSE 0 END), 0), SUM(m.credibility)
		FROM commitments m JOIN customers c ON c.id = m.customer_id
		WHERE `+decidedIn+` AND m.cancelled = 0 AND m.credibility IS NOT NULL AND `+scopeClause(sc, &args)+` GROUP BY c.rep_id`,
		args, []any{&decided, &kept, &cred}, func(r *HabitRep) { r.Decided, r.Kept, r.CredibilitySum = int(decided), int(kept), cred })
}

// decidedIn selects the promises decided from $1 to $2.
const decidedIn = `m.decided_on >= $1 AND m.decided_on <= $2 AND m.status IN ('kept', 'partly_kept', 'broken')`

// reachedIn lists the dispositions of a call that reached the customer
// (followup.Reached).
const reachedIn = `('reached-paid', 'reached-promised', 'reached-excuse', 'reached-refused', 'callback-requested')`

// callSums sums the month's calls: those ending in a promise with an
// amount asked, their asks and what was agreed; the calls that reached
// the customer, with and without an ask; and those of them with a
// recommended opening ask, their recommendations and what they agreed
// (nothing for a call without an ask). And it lists, for the reached
// calls with an ask, the ask ÷ the recommended opening ask.
func callSums(ctx context.Context, q querier, sc user.Scope, m habitMonth, reps habitReps) error {
	args := []any{m.first, m.asOf}
	var promised, asked, agreed, reached, noAsk, recCalls, rec, recAgreed int64
	const promise = `k.disposition = 'reached-promised' AND k.amount_asked > 0`
	const withRec = `k.disposition IN ` + reachedIn + ` AND k.recommended_ask > 0`
	if err := eachRep(ctx, q, reps, `SELECT c.rep_id, COALESCE(SUM(CASE WHEN `+promise+` THEN 1 ELSE 0 END), 0),
			CAST(COALESCE(SUM(CASE WHEN `+promise+` THEN k.amount_asked ELSE 0 END), 0) AS BIGINT),
			CAST(COALESCE(SUM(CASE WHEN `+promise+` THEN k.amount_agreed ELSE 0 END), 0) AS BIGINT),
			COALESCE(SUM(CASE WHEN k.disposition IN `+reachedIn+` THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN k.disposition IN `+reachedIn+` AND k.amount_asked = 0 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN `+withRec+` THEN 1 ELSE 0 END), 0),
			CAST(COALESCE(SUM(CASE WHEN `+withRec+` THEN k.recommended_ask ELSE 0 END), 0) AS BIGINT),
			CAST(COALESCE(SUM(CASE WHEN `+withRec+` AND k.amount_asked > 0 THEN k.amount_agreed ELSE 0 END), 0) AS BIGINT)
		FROM calls k JOIN customers c ON c.id = k.customer_id WHERE k.call_date >= $1 AND k.call_date <= $2 AND `+scopeClause(sc, &args)+`
		GROUP BY c.rep_id`, args, []any{&promised, &asked, &agreed, &reached, &noAsk, &recCalls, &rec, &recAgreed}, func(r *HabitRep) {
		r.PromiseCalls, r.Asked, r.Agreed, r.Reached, r.ReachedNoAsk = int(promised), money.Amount(asked), money.Amount(agreed), int(reached), int(noAsk)
		r.RecommendedCalls, r.Recommended, r.RecommendedAgreed = int(recCalls), money.Amount(rec), money.Amount(recAgreed)
	}); err != nil {
		return err
	}
	// Each reached call's ask against the opening ask recommended that day,
	// where one above zero was stored when the call was logged.
	args = []any{m.first, m.asOf}
	var recommended int64
	return eachRep(ctx, q, reps, `SELECT c.rep_id, k.amount_asked, k.recommended_ask FROM calls k JOIN customers c ON c.id = k.customer_id
		WHERE k.call_date >= $1 AND k.call_date <= $2 AND k.recommended_ask IS NOT NULL AND k.recommended_ask > 0 AND k.amount_asked > 0
		AND k.disposition IN `+reachedIn+` AND `+scopeClause(sc, &args),
		args, []any{&asked, &recommended}, func(r *HabitRep) {
			r.AskRatios = append(r.AskRatios, float64(asked)/float64(recommended))
		})
}
