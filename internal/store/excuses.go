package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// CustomerExcuses returns the excuses the customer gave in its calls
// (disposition reached-excuse) on or after since (0: all of them), newest
// first, for excuse.Repeats and the surfaces that show a customer's excuse
// history. A customer the scope does not see (a rep's colleague's) is
// errs.ErrNotFound, as an unknown one is.
func (s *Store) CustomerExcuses(ctx context.Context, sc user.Scope, customer string, since civil.Date) (_ []excuse.Excuse, err error) {
	defer wrap(&err, "store.CustomerExcuses")
	var out []excuse.Excuse
	err = s.readTx(ctx, func(q querier) error {
		args := []any{customer}
		var custID int64
		err := q.QueryRowContext(ctx, `SELECT c.id FROM customers c WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("customer %q: %w", customer, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		out, err = loadExcuses(ctx, q, custID, since)
		return err
	})
	return out, err
}

// loadExcuses reads a customer's excuse calls on or after since, newest
// first.
func loadExcuses(ctx context.Context, q querier, custID int64, since civil.Date) ([]excuse.Excuse, error) {
	query := `SELECT id, call_date, excuse, excuse_amount, notes FROM calls WHERE customer_id = $1 AND disposition = 'reached-excuse'`
	args := []any{custID}
	if since != 0 {
		query += ` AND call_date >= $2`
		args = append(args, since)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY call_date DESC, called_at DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []excuse.Excuse
	for rows.Next() {
		var e excuse.Excuse
		var amount int64
		if err := rows.Scan(&e.CallID, &e.Date, &e.Category, &amount, &e.Notes); err != nil {
			return nil, err
		}
		e.Amount = money.Amount(amount)
		out = append(out, e)
	}
	return out, rows.Err()
}
