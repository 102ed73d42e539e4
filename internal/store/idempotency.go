package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"huikuan/internal/errs"
)

// StoredResponse is the first answer to an idempotent request, or the
// reservation of its key while the request runs (Status 0).
type StoredResponse struct {
	Request string // a hash of the method, path and body
	Status  int
	Body    []byte
}

// Pending reports whether the request holding the key has not answered
// yet: it is running, or the process running it stopped before it
// answered.
func (r StoredResponse) Pending() bool { return r.Status == 0 }

// IdempotentResponse returns the response stored for the user's key, or
// its pending reservation, if any.
func (s *Store) IdempotentResponse(ctx context.Context, userID int64, key string) (_ StoredResponse, _ bool, err error) {
	defer wrap(&err, "store.IdempotentResponse")
	var r StoredResponse
	var body string
	err = s.r.QueryRowContext(ctx, `SELECT request, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2`, userID, key).Scan(&r.Request, &r.Status, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	r.Body = []byte(body)
	return r, err == nil, err
}

// ReserveIdempotencyKey holds the user's key for the request (its hash)
// before the request's create runs, with a pending row. It reports true
// when this call reserved the key; otherwise it returns what holds the key:
// an answer, or another request's reservation (pending), which may be for
// another request.
func (s *Store) ReserveIdempotencyKey(ctx context.Context, userID int64, key, request string) (_ StoredResponse, _ bool, err error) {
	defer wrap(&err, "store.ReserveIdempotencyKey")
	for range 3 { // a reservation released between the insert and the read: again
		_, err := s.w.ExecContext(ctx, `INSERT INTO idempotency_keys (user_id, key, request, status, body, created_at) VALUES ($1, $2, $3, 0, '', $4)`,
			userID, key, request, stamp(time.Now()))
		if err == nil {
			return StoredResponse{Request: request}, true, nil
		}
		if !isUniqueViolation(err) {
			return StoredResponse{}, false, err
		}
		held, ok, err := s.IdempotentResponse(ctx, userID, key)
		if err != nil || ok {
			return held, false, err
		}
	}
	return StoredResponse{}, false, fmt.Errorf("idempotency key %q: reserved and released again and again: %w", key, errs.ErrConflict)
}

// SaveIdempotentResponse stores the response to the user's key, answering
// the request's reservation (or, without one, inserting it). It reports
// false when another request answered first, whose answer then stands.
func (s *Store) SaveIdempotentResponse(ctx context.Context, userID int64, key string, r StoredResponse) (_ bool, err error) {
	defer wrap(&err, "store.SaveIdempotentResponse")
	res, err := s.w.ExecContext(ctx, `UPDATE idempotency_keys SET status = $1, body = $2 WHERE user_id = $3 AND key = $4 AND request = $5 AND status = 0`,
		r.Status, string(r.Body), userID, key, r.Request)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return n == 1, err
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO idempotency_keys (user_id, key, request, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		userID, key, r.Request, r.Status, string(r.Body), stamp(time.Now()))
	if isUniqueViolation(err) {
		return false, nil
	}
	return err == nil, err
}

// ReleaseIdempotencyKey frees the user's key reserved for request when its
// create failed without writing anything, so that the key may be used
// again. An answered key stays.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, userID int64, key, request string) (err error) {
	defer wrap(&err, "store.ReleaseIdempotencyKey")
	_, err = s.w.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND request = $3 AND status = 0`, userID, key, request)
	return err
}
