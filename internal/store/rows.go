package store

import (
	"database/sql"
	"encoding/json"
	"huikuan/internal/civil"
	"huikuan/internal/store/sqldb"
	"strings"
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

// jsonOf is v as JSON, for the audit log.
func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// nullJSON reads a nullable JSON column, "" for NULL.
func nullJSON(s sql.NullString) string {
	if !s.Valid {
		return ""
	}
	return s.String
}

// nullDate reads a nullable date column, leaving zero for NULL.
type nullDate struct{ d *civil.Date }

func (o *nullDate) Scan(src any) error {
	if src == nil {
		*o.d = 0
		return nil
	}
	return o.d.Scan(src)
}

// likeEscape drops the characters LIKE would read as patterns.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, ``, `%`, ``, `_`, ``).Replace(s)
}

// anys is xs as query arguments.
func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// jsonUnmarshal reads a JSON column into dst.
func jsonUnmarshal(v string, dst any) error { return json.Unmarshal([]byte(v), dst) }
