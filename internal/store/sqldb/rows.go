package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"huikuan/internal/civil"
)

// maxRowsPerInsert bounds one multi-row INSERT well under SQLite's limit
// of 32,766 parameters.
const maxRowsPerInsert = 1000

// BulkInsert inserts n rows on SQLite with one multi-row INSERT per chunk. head is
// "INSERT INTO t (a, b, c)"; fill writes row i's values into args.
func (tx *Tx) BulkInsert(ctx context.Context, head string, ncols, n int, fill func(i int, args []any)) error {
	per := maxRowsPerInsert
	var full *sql.Stmt
	args := make([]any, 0, per*ncols)
	for start := 0; start < n; start += per {
		k := min(per, n-start)
		args = args[:k*ncols]
		for i := range k {
			fill(start+i, args[i*ncols:(i+1)*ncols])
		}
		var err error
		switch {
		case k < per:
			_, err = tx.ExecContext(ctx, insertSQL(head, ncols, k), args...)
		case full == nil:
			if full, err = tx.PrepareContext(ctx, insertSQL(head, ncols, k)); err != nil {
				return err
			}
			defer full.Close()
			fallthrough
		default:
			_, err = full.ExecContext(ctx, args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// insertSQL writes a multi-row INSERT for SQLite with anonymous ?
// placeholders: its driver looks each numbered parameter up in a list, and
// with thousands of $n that lookup would dominate a bulk load.
func insertSQL(head string, ncols, nrows int) string {
	row := "(" + strings.Repeat("?,", ncols-1) + "?)"
	var b strings.Builder
	b.Grow(len(head) + 8 + nrows*(len(row)+1))
	b.WriteString(head)
	b.WriteString(" VALUES ")
	for r := range nrows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}

// ReserveIDs returns n new ids for rows of table, so that rows can be
// written with their ids known, without reading them back. On SQLite the
// transaction is the only writer; on PostgreSQL the ids come from the
// table's identity sequence, which never hands out one twice.
func (tx *Tx) ReserveIDs(ctx context.Context, table string, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if n == 0 {
		return ids, nil
	}
	if tx.Dialect == SQLite {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&last); err != nil {
			return nil, err
		}
		for i := range n {
			ids = append(ids, last+1+int64(i))
		}
		return ids, nil
	}
	// One statement moves the sequence past all n: asking for them one by
	// one took 3 s of a million-row import. Only ledger writes, which hold
	// the advisory lock, add rows to these tables.
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT setval(s, nextval(s) + $2 - 1) FROM pg_get_serial_sequence($1, 'id') AS s`, table, n).Scan(&last)
	if err != nil {
		return nil, err
	}
	for i := range n {
		ids = append(ids, last-int64(n)+1+int64(i))
	}
	return ids, nil
}

// WriteRows inserts n rows into table: with COPY on PostgreSQL, with
// multi-row INSERTs on SQLite. fill writes row i's values, in the order of
// cols, into vals.
func (tx *Tx) WriteRows(ctx context.Context, table string, cols []string, n int, fill func(i int, vals []any)) error {
	if n == 0 {
		return nil
	}
	if tx.Dialect == SQLite {
		return tx.BulkInsert(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+")", len(cols), n, fill)
	}
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		vals := make([]any, len(cols))
		fill(i, vals)
		for k, v := range vals { // COPY's binary encoding wants times
			switch v := v.(type) {
			case civil.Date:
				vals[k] = v.Time()
			case Stamp:
				vals[k] = time.Time(v)
			}
		}
		i++
		return vals, nil
	})
	return tx.Conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY needs a pgx connection, not %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		return err
	})
}

// UpdateBatchRows is how many rows one UPDATE sets on PostgreSQL.
const UpdateBatchRows = 500

// RowUpdate sets columns of rows of a table found by id.
type RowUpdate struct {
	Table string
	Cols  []string // the columns set
	Types []string // their PostgreSQL types, for the VALUES list
	Cond  string   // more conditions on the row, as "AND credibility IS NULL"
}

// UpdateRows applies u to n rows: fill writes row i's values, in the
// order of u.Cols and then its id, into vals. It returns how many rows
// changed.
func (tx *Tx) UpdateRows(ctx context.Context, u RowUpdate, n int, fill func(i int, vals []any)) (int64, error) {
	if n == 0 {
		return 0, nil
	}
	if tx.Dialect == SQLite {
		return tx.updateEach(ctx, u, n, fill)
	}
	var changed int64
	for from := 0; from < n; from += UpdateBatchRows {
		k, err := tx.updateBatch(ctx, u, from, min(UpdateBatchRows, n-from), fill)
		changed += k
		if err != nil {
			return changed, err
		}
	}
	return changed, nil
}

// updateEach updates the rows one by one with a prepared statement: SQLite
// runs in the process, where a statement costs no round trip.
func (tx *Tx) updateEach(ctx context.Context, u RowUpdate, n int, fill func(i int, vals []any)) (int64, error) {
	set := make([]string, len(u.Cols))
	for k, c := range u.Cols {
		set[k] = fmt.Sprintf("%s = $%d", c, k+1)
	}
	st, err := tx.PrepareContext(ctx, fmt.Sprintf("UPDATE %s SET %s WHERE id = $%d %s", u.Table, strings.Join(set, ", "), len(u.Cols)+1, u.Cond))
	if err != nil {
		return 0, err
	}
	defer st.Close()
	var changed int64
	vals := make([]any, len(u.Cols)+1)
	for i := range n {
		fill(i, vals)
		res, err := st.ExecContext(ctx, vals...)
		if err != nil {
			return changed, err
		}
		k, _ := res.RowsAffected()
		changed += k
	}
	return changed, nil
}

// updateBatch updates rows from to from+rows in one statement on
// PostgreSQL, where each statement is a round trip to the server (the
// demo's 250,000 promises took a minute one by one):
//
//	UPDATE t SET a = v.c0, b = v.c1 FROM (VALUES ($1::int, $2::text, $3::bigint), …) AS v (c0, c1, id) WHERE t.id = v.id
func (tx *Tx) updateBatch(ctx context.Context, u RowUpdate, from, rows int, fill func(i int, vals []any)) (int64, error) {
	width := len(u.Cols) + 1
	set, names := make([]string, len(u.Cols)), make([]string, width)
	for k, c := range u.Cols {
		set[k], names[k] = fmt.Sprintf("%s = v.c%d", c, k), fmt.Sprintf("c%d", k)
	}
	names[len(u.Cols)] = "id"
	types := append(slices.Clone(u.Types), "bigint")
	var list strings.Builder
	args := make([]any, 0, rows*width)
	for i := range rows {
		if i > 0 {
			list.WriteString(", ")
		}
		list.WriteByte('(')
		for k := range width {
			if k > 0 {
				list.WriteString(", ")
			}
			fmt.Fprintf(&list, "$%d::%s", len(args)+k+1, types[k])
		}
		list.WriteByte(')')
		vals := make([]any, width)
		fill(from+i, vals)
		args = append(args, vals...)
	}
	res, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s FROM (VALUES %s) AS v (%s) WHERE %s.id = v.id %s",
		u.Table, strings.Join(set, ", "), list.String(), strings.Join(names, ", "), u.Table, u.Cond), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// InChunks calls fn with consecutive slices of ids of at most size n, for
// queries with an IN list.
func InChunks[T any](ids []T, n int, fn func([]T) error) error {
	for len(ids) > 0 {
		k := min(n, len(ids))
		if err := fn(ids[:k]); err != nil {
			return err
		}
		ids = ids[k:]
	}
	return nil
}

// Placeholders returns "$from,$from+1,…" for n parameters.
func Placeholders(from, n int) string {
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
