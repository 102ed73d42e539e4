package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/followup"
	"huikuan/internal/user"
)

// Compliance is how well a rep kept to the cadence over a period
// (followup.Compliance).
type Compliance = followup.Compliance

// Compliance measures each rep the scope sees from..to, as of today, by
// followup.Policy.Compliance over what it loads: the calls of the period,
// the customers as of today and the promises decided in the period.
func (s *Store) Compliance(ctx context.Context, sc user.Scope, from, to, today civil.Date) (out []Compliance, err error) {
	defer wrap(&err, "store.Compliance")
	err = s.readTx(ctx, func(q querier) error {
		p, cal, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		var in followup.ComplianceInput
		if in.Calls, err = loadPeriodCalls(ctx, q, sc, from, to); err != nil {
			return err
		}
		args := []any{}
		if in.Customers, err = loadFollowupCustomers(ctx, q, scopeClause(sc, &args), args, today, p); err != nil {
			return err
		}
		if in.Promises, err = loadDecidedPromises(ctx, q, sc, from, to); err != nil {
			return err
		}
		out = p.Compliance(in, cal, from, to, today)
		return nil
	})
	return out, err
}

// loadPeriodCalls loads the calls from..to of the customers the scope sees.
func loadPeriodCalls(ctx context.Context, q querier, sc user.Scope, from, to civil.Date) ([]followup.LoggedCall, error) {
	args := []any{from, to}
	rows, err := q.QueryContext(ctx, `SELECT k.rep_code, k.call_date, k.due_on FROM calls k JOIN customers c ON c.id = k.customer_id
		WHERE k.call_date >= $1 AND k.call_date <= $2 AND `+scopeClause(sc, &args), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []followup.LoggedCall
	for rows.Next() {
		var k followup.LoggedCall
		if err := rows.Scan(&k.Rep, &k.Day, &nullDate{&k.Due}); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// loadDecidedPromises loads the promises not kept (broken or partly kept)
// decided from..to of the customers the scope sees, each with the first
// call on or after its decision; kept ones count for nothing and are left
// in the database.
func loadDecidedPromises(ctx context.Context, q querier, sc user.Scope, from, to civil.Date) ([]followup.DecidedPromise, error) {
	args := []any{from, to}
	rows, err := q.QueryContext(ctx, `SELECT r.code, m.status, m.decided_on,
		(SELECT MIN(k.call_date) FROM calls k WHERE k.customer_id = m.customer_id AND k.call_date >= m.decided_on)
		FROM commitments m JOIN customers c ON c.id = m.customer_id JOIN reps r ON r.id = c.rep_id
		WHERE m.status IN ('broken', 'partly_kept') AND m.decided_on >= $1 AND m.decided_on <= $2 AND `+scopeClause(sc, &args), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []followup.DecidedPromise
	for rows.Next() {
		var m followup.DecidedPromise
		var status string
		if err := rows.Scan(&m.Rep, &status, &m.DecidedOn, &nullDate{&m.NextCall}); err != nil {
			return nil, err
		}
		m.Status = commitment.Status(status)
		out = append(out, m)
	}
	return out, rows.Err()
}
