package sqldb

import (
	"context"
	"database/sql"
)

// Querier runs queries: a transaction, or a pool.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Tx is a write transaction that knows its dialect and its connection,
// through which PostgreSQL's COPY runs inside the transaction.
type Tx struct {
	*sql.Tx
	Conn    *sql.Conn
	Dialect Dialect
}

// InTx runs fn in a write transaction, committing when it returns nil.
// Writes are serialised: by the single writer connection on SQLite, and
// with an advisory lock on PostgreSQL, because ledger writes replay whole
// customers.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{Tx: stx, Conn: conn, Dialect: db.dialect}
	defer tx.Rollback()
	if db.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7220001)`); err != nil {
			return err
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	defer db.writes.Add(1)
	return tx.Commit()
}

// ReadTx runs fn in a read transaction, so that its queries see one
// snapshot of the database even while writes go on.
func (db *DB) ReadTx(ctx context.Context, fn func(q Querier) error) error {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := db.r.BeginTx(ctx, opts) // SQLite: a deferred transaction, a snapshot from its first read
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
