// Package store keeps huikuan's data in SQLite (the embedded default) or
// PostgreSQL. Both run the same SQL wherever the dialects agree, and one
// contract test suite runs against both. The store loads and saves; the
// rules it applies (allocation, aging) live in the rules packages.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names the database engine behind a Store.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is an open huikuan database. It is safe for concurrent use.
type Store struct {
	dialect Dialect
	w       *sql.DB // writes; a single connection on SQLite
	r       *sql.DB // reads; the same pool as w on PostgreSQL
	// writes counts the write transactions this process committed, so
	// that cached results know when they are stale.
	writes  atomic.Int64
	results resultCache
}

//go:embed migrations
var migrations embed.FS

// DefaultURL is the database used when none is given.
const DefaultURL = "sqlite:huikuan.db"

// Open opens the database at url — "sqlite:PATH" or a "postgres://" URL —
// and brings its schema up to date.
func Open(ctx context.Context, url string) (*Store, error) {
	s, err := open(url)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func open(dbURL string) (*Store, error) {
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
func openPostgres(dbURL string) (*Store, error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("postgres URL %s: %w", Redact(dbURL), err)
	}
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	return &Store{dialect: Postgres, w: db, r: db}, nil
}

// openSQLite opens one writer connection and a pool of readers, the way
// SQLite works best: WAL lets readers go on while the single writer writes.
func openSQLite(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty path")
	}
	pragmas := "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)" +
		"&_pragma=temp_store(MEMORY)"
	dsn := "file:" + url.PathEscape(path) + "?" + pragmas
	// Small page caches (16 MiB each): the operating system caches the file
	// for all connections, and a server should stay small. A bulk load
	// grows the writer's (see Apply).
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
	return &Store{dialect: SQLite, w: w, r: r}, nil
}

// Dialect returns the engine behind the store.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the database.
func (s *Store) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// Migrate applies the embedded schema migrations that have not run yet.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.migrations()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// migrations are the schema changes for the store's engine: SQL files and
// the changes that need Go.
func (s *Store) migrations() (*goose.Provider, error) {
	dir, gd := "migrations/sqlite", goose.DialectSQLite3
	if s.dialect == Postgres {
		dir, gd = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(gd, s.w, sub, goose.WithGoMigrations(goMigrations...))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// SchemaVersion returns the number of the last applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, err
}

// inTx runs fn in a write transaction, committing when it returns nil.
// On PostgreSQL ledger writes are serialised with an advisory lock, as
// they are by the single writer on SQLite, because every write replays
// whole customers.
func (s *Store) inTx(ctx context.Context, fn func(tx *txn) error) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &txn{Tx: stx, conn: conn, dialect: s.dialect}
	defer tx.Rollback()
	if s.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7220001)`); err != nil {
			return err
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	defer s.writes.Add(1)
	return tx.Commit()
}

// readTx runs fn in a read transaction, so that its queries see one
// snapshot of the database even while writes go on.
func (s *Store) readTx(ctx context.Context, fn func(q querier) error) error {
	var opts *sql.TxOptions
	if s.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := s.r.BeginTx(ctx, opts) // SQLite: a deferred transaction, a snapshot from its first read
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// txn is a write transaction that knows its dialect and its connection,
// through which PostgreSQL's COPY runs inside the transaction.
type txn struct {
	*sql.Tx
	conn    *sql.Conn
	dialect Dialect
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
