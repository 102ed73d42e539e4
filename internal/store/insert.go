package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// maxRowsPerInsert bounds one multi-row INSERT well under the parameter
// limits of both engines (32,766 in SQLite, 65,535 in PostgreSQL).
const maxRowsPerInsert = 1000

// bulkInsert inserts n rows with one multi-row INSERT per chunk. head is
// "INSERT INTO t (a, b, c)"; fill writes row i's values into args; tail is
// appended to each statement (such as " RETURNING id, number"), and scan,
// when not nil, reads each returned row.
func (tx *txn) bulkInsert(ctx context.Context, head string, ncols, n int, fill func(i int, args []any), tail string, scan func(*sql.Rows) error) error {
	per := maxRowsPerInsert
	var full *sql.Stmt
	args := make([]any, 0, per*ncols)
	for start := 0; start < n; start += per {
		k := min(per, n-start)
		args = args[:k*ncols]
		for i := range k {
			fill(start+i, args[i*ncols:(i+1)*ncols])
		}
		var rows *sql.Rows
		var err error
		if k == per {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, insertSQL(head, ncols, k, tail, tx.dialect)); err != nil {
					return err
				}
				defer full.Close()
			}
			rows, err = full.QueryContext(ctx, args...)
		} else {
			rows, err = tx.QueryContext(ctx, insertSQL(head, ncols, k, tail, tx.dialect), args...)
		}
		if err != nil {
			return err
		}
		for rows.Next() {
			if scan != nil {
				if err := scan(rows); err != nil {
					rows.Close()
					return err
				}
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// insertSQL writes the statement with $n placeholders for PostgreSQL and
// anonymous ? for SQLite, whose driver looks each named parameter up in a
// list: with thousands of $n that lookup would dominate a bulk load.
func insertSQL(head string, ncols, nrows int, tail string, d Dialect) string {
	var b strings.Builder
	b.Grow(len(head) + nrows*ncols*7 + len(tail))
	b.WriteString(head)
	b.WriteString(" VALUES ")
	p := 1
	for r := range nrows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range ncols {
			if c > 0 {
				b.WriteByte(',')
			}
			if d == SQLite {
				b.WriteByte('?')
				continue
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(p))
			p++
		}
		b.WriteByte(')')
	}
	b.WriteString(tail)
	return b.String()
}

// inChunks calls fn with consecutive slices of ids of at most size n, for
// queries with an IN list.
func inChunks[T any](ids []T, n int, fn func([]T) error) error {
	for len(ids) > 0 {
		k := min(n, len(ids))
		if err := fn(ids[:k]); err != nil {
			return err
		}
		ids = ids[k:]
	}
	return nil
}

// placeholders returns "$from,$from+1,…" for n parameters.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}
