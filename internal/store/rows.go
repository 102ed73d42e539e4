package store

import (
	"huikuan/internal/civil"
	"huikuan/internal/store/sqldb"
)

// The generic row helpers of the store's SQL: the core's (sqldb), and the
// few of the store's own.

// stamp stores a time as UTC (sqldb.Stamp).
type stamp = sqldb.Stamp

// rowUpdate sets columns of rows of a table found by id (sqldb.RowUpdate).
type rowUpdate = sqldb.RowUpdate

// Actor is who makes a change, for the audit log: a user, or a command
// run by someone at the server.
type Actor = sqldb.Actor

// inChunks calls fn with consecutive slices of ids of at most size n, for
// queries with an IN list.
func inChunks[T any](ids []T, n int, fn func([]T) error) error { return sqldb.InChunks(ids, n, fn) }

// placeholders returns "$from,$from+1,…" for n parameters.
func placeholders(from, n int) string { return sqldb.Placeholders(from, n) }

// isUniqueViolation reports whether err is a unique-constraint violation
// (sqldb.IsUniqueViolation).
func isUniqueViolation(err error) bool { return sqldb.IsUniqueViolation(err) }

// nullIfEmpty stores the empty string as NULL.
func nullIfEmpty(s string) any { return sqldb.NullIfEmpty(s) }

// nullDateValue stores the zero date as NULL.
func nullDateValue(d civil.Date) any {
	if d == 0 {
		return nil
	}
	return d
}
