// Package store keeps huikuan's data in SQLite (the embedded default) or
// PostgreSQL. Both run the same SQL wherever the dialects agree, and one
// contract test suite runs against both. The store loads and saves; the
// rules it applies (allocation, aging, the follow-up summary, compliance,
// the checks of a new call or promise) live in the rules packages. It is
// built on the SQL core, sqldb, which other storage packages under
// internal/store can share.
package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"

	"huikuan/internal/store/sqldb"
)

// Dialect names the database engine behind a Store.
type Dialect = sqldb.Dialect

// The supported dialects.
const (
	SQLite   = sqldb.SQLite
	Postgres = sqldb.Postgres
)

// Store is an open huikuan database, built on the SQL core (sqldb). It is
// safe for concurrent use.
type Store struct {
	db      *sqldb.DB
	dialect Dialect
	w       *sql.DB // writes; a single connection on SQLite
	r       *sql.DB // reads; the same pool as w on PostgreSQL
	results resultCache
	linkKey atomic.Pointer[[]byte] // the link secret, once read
	stmts   sync.Map               // query → *sql.Stmt (prepared)
}

// DefaultURL is the database used when none is given.
const DefaultURL = "sqlite:huikuan.db"

// Open opens the database at url — "sqlite:PATH" or a "postgres://" URL —
// and brings its schema up to date.
func Open(ctx context.Context, url string) (*Store, error) {
	db, err := sqldb.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, dialect: db.Dialect(), w: db.Writer(), r: db.Reader()}, nil
}

// DB returns the SQL core the store is built on, for the storage packages
// that share its database.
func (s *Store) DB() *sqldb.DB { return s.db }

// Dialect returns the engine behind the store.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the database.
func (s *Store) Close() error {
	s.closeStmts()
	return s.db.Close()
}

// Migrate applies the embedded schema migrations that have not run yet.
func (s *Store) Migrate(ctx context.Context) error { return s.db.Migrate(ctx) }

// SchemaVersion returns the number of the last applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) { return s.db.SchemaVersion(ctx) }

// inTx runs fn in a write transaction of the core (sqldb.DB.InTx),
// committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *txn) error) error { return s.db.InTx(ctx, fn) }

// readTx runs fn in a read transaction, so that its queries see one
// snapshot of the database even while writes go on.
func (s *Store) readTx(ctx context.Context, fn func(q querier) error) error {
	return s.db.ReadTx(ctx, fn)
}

// txn is the core's write transaction.
type txn = sqldb.Tx

// querier runs queries: a transaction, or a pool.
type querier = sqldb.Querier

// Redact hides the password of a database URL, for messages and logs.
func Redact(dbURL string) string { return sqldb.Redact(dbURL) }
