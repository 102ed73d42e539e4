package store

import (
	"context"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/plan"
	"huikuan/internal/user"
)

// SavedCapacity is a customer's saved capacity for a month, with the
// customer's name and rep as they are now.
type SavedCapacity struct {
	Name string
	plan.Estimate
}

// SavedCapacities returns the saved capacities of the customers sc sees
// for month (its first day), in customer code order, and whether the month
// is saved at all. A customer added since has no row: it had no documents
// before the month, so nothing to pay from.
func (s *Store) SavedCapacities(ctx context.Context, sc user.Scope, month civil.Date) (_ []SavedCapacity, ok bool, err error) {
	defer wrap(&err, "store.SavedCapacities")
	var out []SavedCapacity
	err = s.readTx(ctx, func(q querier) error {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM capacity_months WHERE month = $1`, month).Scan(&n); err != nil || n == 0 {
			return err
		}
		ok = true
		args := []any{month}
		// The scope picks the customers first, and their rows are looked
		// up by key: a rep's fifty, not the month's ten thousand.
		rows, err := q.QueryContext(ctx, `SELECT c.code, c.name, r.code, k.estimate FROM capacities k
			JOIN customers c ON c.id = k.customer_id JOIN reps r ON r.id = c.rep_id
			WHERE k.month = $1 AND k.customer_id IN (SELECT c.id FROM customers c WHERE `+scopeClause(sc, &args)+`) ORDER BY c.code`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c SavedCapacity
			var code, rep, est string
			if err := rows.Scan(&code, &c.Name, &rep, &est); err != nil {
				return err
			}
			if err := jsonUnmarshal(est, &c.Estimate); err != nil {
				return err
			}
			c.Customer, c.Rep = code, rep
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, ok, err
}

// CapacityGeneration is the count of writes that changed what saved
// capacities rest on; SaveCapacities is given the one read before the
// capacities were worked out.
func (s *Store) CapacityGeneration(ctx context.Context) (_ int64, err error) {
	defer wrap(&err, "store.CapacityGeneration")
	var g int64
	err = s.r.QueryRowContext(ctx, `SELECT capacity_generation FROM ledger_state WHERE id = 1`).Scan(&g)
	return g, err
}

// SaveCapacities saves the capacities of every customer for month, worked
// out from what the store held at generation gen. When a write has
// changed what they rest on since, nothing is saved (saved is false): the
// next reader works them out again.
func (s *Store) SaveCapacities(ctx context.Context, month civil.Date, gen int64, es []plan.Estimate) (saved bool, err error) {
	defer wrap(&err, "store.SaveCapacities")
	err = s.inTx(ctx, func(tx *txn) error {
		var now int64
		if err := tx.QueryRowContext(ctx, `SELECT capacity_generation FROM ledger_state WHERE id = 1`).Scan(&now); err != nil || now != gen {
			return err
		}
		ids := map[string]int64{}
		rows, err := tx.QueryContext(ctx, `SELECT code, id FROM customers`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code string
			var id int64
			if err := rows.Scan(&code, &id); err != nil {
				rows.Close()
				return err
			}
			ids[code] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := deleteCapacities(ctx, tx, month, month); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO capacity_months (month, computed_at) VALUES ($1, $2)`, month, stamp(time.Now())); err != nil {
			return err
		}
		saved = true
		return tx.WriteRows(ctx, "capacities", []string{"month", "customer_id", "estimate"}, len(es), func(i int, vals []any) {
			vals[0], vals[1], vals[2] = month, ids[es[i].Customer], jsonOf(es[i])
		})
	})
	return saved, err
}

// deleteCapacities deletes the saved months from from to to (first days).
func deleteCapacities(ctx context.Context, tx *txn, from, to civil.Date) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM capacity_months WHERE month >= $1 AND month <= $2`, from, to); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM capacities WHERE month >= $1 AND month <= $2`, from, to)
	return err
}

// capacitiesChanged forgets the saved capacities that a write of
// something dated on day changes — those of the months after it — and
// bumps the generation; a zero day changes nothing.
func capacitiesChanged(ctx context.Context, tx *txn, day civil.Date) error {
	if day == 0 {
		return nil
	}
	if err := deleteCapacities(ctx, tx, day.AddDays(1), civil.LastDay); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE ledger_state SET capacity_generation = capacity_generation + 1 WHERE id = 1`)
	return err
}
