package sqldb

import (
	"context"
	"database/sql"
	"time"
)

// Actor is who makes a change, for the audit log: a user, or a command
// run by someone at the server.
type Actor struct {
	UserID int64  // 0 when not a user of huikuan
	Name   string // login, or "cli" and the like
}

// Audit records one change in the audit log. before and after are JSON,
// or "" for none.
func (tx *Tx) Audit(ctx context.Context, a Actor, action, entity, key, before, after string) error {
	var uid sql.NullInt64
	if a.UserID != 0 {
		uid = sql.NullInt64{Int64: a.UserID, Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, actor, action, entity, entity_key, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		Stamp(time.Now()), uid, a.Name, action, entity, key, NullIfEmpty(before), NullIfEmpty(after))
	return err
}

// NullIfEmpty stores the empty string as NULL.
func NullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
