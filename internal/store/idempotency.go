package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// StoredResponse is the first answer to an idempotent request.
type StoredResponse struct {
	Request string // a hash of the method, path and body
	Status  int
	Body    []byte
}

// IdempotentResponse returns the response stored for the user's key, if
// any.
func (s *Store) IdempotentResponse(ctx context.Context, userID int64, key string) (StoredResponse, bool, error) {
	var r StoredResponse
	var body string
	err := s.r.QueryRowContext(ctx, `SELECT request, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2`, userID, key).Scan(&r.Request, &r.Status, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	r.Body = []byte(body)
	return r, err == nil, err
}

// SaveIdempotentResponse stores the response to the user's key. It reports
// false when another request stored one first, whose answer then stands.
func (s *Store) SaveIdempotentResponse(ctx context.Context, userID int64, key string, r StoredResponse) (bool, error) {
	_, err := s.w.ExecContext(ctx, `INSERT INTO idempotency_keys (user_id, key, request, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		userID, key, r.Request, r.Status, string(r.Body), stamp(time.Now()))
	if isUniqueViolation(err) {
		return false, nil
	}
	return err == nil, err
}
