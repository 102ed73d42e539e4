package store

import (
	"context"
	"time"

	"huikuan/internal/errs"
)

// audit records one change (sqldb.Tx.Audit). before and after are JSON,
// or "" for none.
func audit(ctx context.Context, tx *txn, a Actor, action, entity, key, before, after string) error {
	return tx.Audit(ctx, a, action, entity, key, before, after)
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
func (s *Store) Audit(ctx context.Context, limit int) (_ []AuditEntry, err error) {
	defer wrap(&err, "store.Audit")
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
