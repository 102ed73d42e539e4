// Package storetest runs a test against every database huikuan supports:
// a fresh SQLite file, and a fresh schema on the PostgreSQL server named by
// HUIKUAN_TEST_POSTGRES. The same test body runs on both, so the two
// implementations cannot drift apart.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// EnvPostgres names the PostgreSQL server for tests, as a postgres:// URL.
const EnvPostgres = "HUIKUAN_TEST_POSTGRES"

// EnvRequirePostgres, when set, turns a missing PostgreSQL into a failure
// instead of a skip; the project's test script sets it.
const EnvRequirePostgres = "HUIKUAN_REQUIRE_POSTGRES"

// Notice returns a line to print when the PostgreSQL half will not run, or "".
func Notice() string {
	if os.Getenv(EnvPostgres) != "" {
		return ""
	}
	return "NOTE: " + EnvPostgres + " is not set: only the SQLite half of the storage tests runs; scripts/test runs both."
}

// Each runs fn once per database, as subtests "sqlite" and "postgres",
// each with the URL of a new, empty database.
func Each(t *testing.T, fn func(t *testing.T, dbURL string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLiteURL(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresURL(t)) })
}

// SQLiteURL returns the URL of a new SQLite file removed after the test.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
}

// PostgresURL returns the URL of a new, empty schema on the test server,
// dropped after the test. It skips the test when no server is configured,
// or fails it when EnvRequirePostgres is set.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv(EnvRequirePostgres) != "" {
			t.Fatalf("%s is required but not set", EnvPostgres)
		}
		t.Skipf("PostgreSQL half not run: %s is not set", EnvPostgres)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		t.Fatalf("create schema on %s: %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Main is for TestMain of packages with storage tests: it prints Notice
// and runs the tests. The notice goes to the terminal when there is one,
// because "go test ./..." hides the output of passing packages.
func Main(m *testing.M) {
	PrintNotice()
	os.Exit(m.Run())
}

// PrintNotice prints Notice, if any, to the terminal when there is one.
func PrintNotice() {
	n := Notice()
	if n == "" {
		return
	}
	out := os.Stderr
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		out = tty
	}
	fmt.Fprintln(out, n)
}

// BenchDB is the database a benchmark of the heavy paths runs on: the URL
// in HUIKUAN_BENCH_DB (a large demo, which no test run builds) and the
// last day of its history, HUIKUAN_BENCH_UNTIL (YYYY-MM-DD). Without it the
// benchmark is skipped.
func BenchDB(b *testing.B) (url, until string) {
	b.Helper()
	url = os.Getenv("HUIKUAN_BENCH_DB")
	if url == "" {
		b.Skip("HUIKUAN_BENCH_DB is not set")
	}
	return url, os.Getenv("HUIKUAN_BENCH_UNTIL")
}
