package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// CustomerPaid is what one customer paid in a span of days.
type CustomerPaid struct {
	Customer string
	Rep      string
	Amount   money.Amount
}

// PaidBetween returns what each customer sc sees paid from from to to
// (inclusive, payments by date; prepayments count, credit notes are not
// payments), for the customers that paid anything, in code order. The rep
// is the customer's owner now.
func (s *Store) PaidBetween(ctx context.Context, sc user.Scope, from, to civil.Date) (_ []CustomerPaid, err error) {
	defer wrap(&err, "store.PaidBetween")
	args := []any{from, to}
	rows, err := s.r.QueryContext(ctx, `SELECT c.code, r.code, SUM(p.amount) FROM payments p
		JOIN customers c ON c.id = p.customer_id JOIN reps r ON r.id = c.rep_id
		WHERE p.date >= $1 AND p.date <= $2 AND `+scopeClause(sc, &args)+`
		GROUP BY c.code, r.code ORDER BY c.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CustomerPaid
	for rows.Next() {
		var p CustomerPaid
		var amount int64
		if err := rows.Scan(&p.Customer, &p.Rep, &amount); err != nil {
			return nil, err
		}
		p.Amount = money.Amount(amount)
		out = append(out, p)
	}
	return out, rows.Err()
}

// CustomerReps maps the code of every customer sc sees to its rep's code.
func (s *Store) CustomerReps(ctx context.Context, sc user.Scope) (_ map[string]string, err error) {
	defer wrap(&err, "store.CustomerReps")
	var args []any
	rows, err := s.r.QueryContext(ctx, `SELECT c.code, r.code FROM customers c JOIN reps r ON r.id = c.rep_id WHERE `+scopeClause(sc, &args), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, r string
		if err := rows.Scan(&c, &r); err != nil {
			return nil, err
		}
		out[c] = r
	}
	return out, rows.Err()
}

// CustomerRep is the code of the rep of a customer sc sees, or
// errs.ErrNotFound.
func (s *Store) CustomerRep(ctx context.Context, sc user.Scope, code string) (_ string, err error) {
	defer wrap(&err, "store.CustomerRep")
	args := []any{code}
	var rep string
	err = s.r.QueryRowContext(ctx, `SELECT r.code FROM customers c JOIN reps r ON r.id = c.rep_id WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&rep)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
	}
	return rep, err
}
