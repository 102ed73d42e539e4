package store

import (
	"context"
	"database/sql"
	"time"

	"huikuan/internal/errs"
)

// Actor is who makes a change, for the audit log: a user, or a command
// run by someone at the server.
type Actor struct {
	UserID int64  // 0 when not a user of huikuan
	Name   string // login, or "cli" and the like
}

// audit records one change. before and after are JSON, or "" for none.
func audit(ctx context.Context, tx *txn, a Actor, action, entity, key, before, after string) error {
	var uid sql.NullInt64
	if a.UserID != 0 {
		uid = sql.NullInt64{Int64: a.UserID, Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, actor, action, entity, entity_key, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		stamp(time.Now()), uid, a.Name, action, entity, key, nullIfEmpty(before), nullIfEmpty(after))
	return err
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullJSON(s sql.NullString) string {
	if !s.Valid {
		return ""
	}
	return s.String
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Entity string    `json:"entity"`
	Key    string    `json:"key"`
	Before string    `json:"before,omitempty"`
	After  string    `json:"after,omitempty"`
}

// Audit returns the latest entries of the audit log, newest first.
func (s *Store) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT at, actor, action, entity, entity_key, COALESCE(before, ''), COALESCE(after, '') FROM audit_log ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at stamp
		if err := rows.Scan(&at, &e.Actor, &e.Action, &e.Entity, &e.Key, &e.Before, &e.After); err != nil {
			return nil, err
		}
		e.At = time.Time(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

func invalid(field, msg string) error {
	return &errs.Invalid{Fields: []errs.FieldError{{Field: field, Message: msg}}}
}
