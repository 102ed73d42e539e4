// Package sqldb is the SQL core that huikuan's storage packages build on:
// it opens SQLite or PostgreSQL (pools, pragmas), applies the one numbered
// migration sequence of every table, runs write and read transactions,
// writes rows in bulk (multi-row INSERT on SQLite, COPY on PostgreSQL),
// detects unique violations by driver code, and writes the audit log.
//
// Package store is built on it, and packages of their own under
// internal/store (plans, scorecard reads, a notification outbox) can be:
// each takes the *DB it is given, adds its tables as migrations to
// migrations/ here, and runs its SQL in the core's transactions. Only
// packages under internal/store run SQL.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names the database engine behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. It is safe for concurrent use.
type DB struct {
	dialect Dialect
	w       *sql.DB // writes; a single connection on SQLite
	r       *sql.DB // reads; the same pool as w on PostgreSQL
	// writes counts the write transactions this process committed, so
	// that cached results know when they are stale.
	writes atomic.Int64
}

// Open opens the database at url — "sqlite:PATH" or a "postgres://" URL —
// and brings its schema up to date (Migrate).
func Open(ctx context.Context, url string) (*DB, error) {
	db, err := OpenOnly(url)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// OpenOnly opens the database at url without touching its schema.
func OpenOnly(dbURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		return openSQLite(strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite:"), "//"))
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return openPostgres(dbURL)
	}
	return nil, fmt.Errorf("unknown database URL %q: want sqlite:PATH or postgres://…", Redact(dbURL))
}

// openPostgres opens a pool of connections. JIT compilation is off unless
// the URL asks for it: it costs hundreds of milliseconds on the aging
// queries and gains nothing on queries this short.
func openPostgres(dbURL string) (*DB, error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("postgres URL %s: %w", Redact(dbURL), err)
	}
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	return &DB{dialect: Postgres, w: db, r: db}, nil
}

// SQLitePragmas are set on every SQLite connection, busy_timeout first:
// the driver applies them in order, and journal_mode(WAL) may have to wait
// for another process's lock, which it only does once busy_timeout is set.
const SQLitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)" +
	"&_pragma=temp_store(MEMORY)"

// openSQLite opens one writer connection and a pool of readers, the way
// SQLite works best: WAL lets readers go on while the single writer writes.
func openSQLite(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty path")
	}
	dsn := "file:" + url.PathEscape(path) + "?" + SQLitePragmas
	// Small page caches (16 MiB each): the operating system caches the file
	// for all connections, and a server should stay small. A bulk load
	// grows the writer's (store.Apply).
	w, err := sql.Open("sqlite", dsn+"&_pragma=cache_size(-16384)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn+"&_pragma=cache_size(-16384)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	r.SetMaxOpenConns(4)
	return &DB{dialect: SQLite, w: w, r: r}, nil
}

// Dialect returns the engine behind the database.
func (db *DB) Dialect() Dialect { return db.dialect }

// Writer is the pool for writes outside InTx (sessions, login failures,
// idempotency keys: writes that wait for no ledger write); on SQLite its
// one connection.
func (db *DB) Writer() *sql.DB { return db.w }

// Reader is the pool for reads outside ReadTx.
func (db *DB) Reader() *sql.DB { return db.r }

// Writes returns how many write transactions (InTx) this process has
// committed, for caches that must not outlive a write.
func (db *DB) Writes() int64 { return db.writes.Load() }

// Close closes the database.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Redact hides the password of a database URL, for messages and logs.
func Redact(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil || u.User == nil {
		return dbURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
