// Package importer reads ledger records from files. Every format is
// reduced to the canonical columns (see README) by one table-driven reader,
// so new encodings, headers and ERP layouts only add entries, not parsers.
// Reading validates each row on its own; cross-checks against the database
// (unknown customer, existing number) belong to the store.
package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"huikuan/internal/errs"
)

// maxErrors stops a broken file from producing a wall of messages.
const maxErrors = 50

// Kinds of file that can be imported.
const (
	KindCustomers = "customers"
	KindInvoices  = "invoices"
	KindPayments  = "payments"
)

// column is one canonical column of an import format.
type column struct {
	name     string
	required bool // the column must be in the header
}

// table is a CSV file being read row by row with columns found by name.
type table struct {
	r     *csv.Reader
	index map[string]int // canonical column name → position in the row
	rec   []string
	line  int
	bad   errs.Invalid  // the file's problems
	row   *errs.Invalid // the current row's, while it is parsed
}

// newTable reads the header and maps the canonical columns. Columns it does
// not know are ignored.
func newTable(r io.Reader, cols []column) (*table, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3) // Excel's UTF-8 byte order mark
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	t := &table{r: cr, index: map[string]int{}}
	head, err := cr.Read()
	if err == io.EOF {
		t.bad.Add(1, "", "the file is empty: a header row is needed")
		return nil, &t.bad
	} else if err != nil {
		return nil, t.csvError(err)
	}
	t.line = 1
	for i, h := range head {
		t.index[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range cols {
		if _, ok := t.index[c.name]; !ok && c.required {
			t.bad.Add(1, c.name, "missing column %q in the header", c.name)
		}
	}
	if err := t.bad.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// next reads the next row; it returns false at the end of the file or when
// too many errors have been found.
func (t *table) next() (bool, error) {
	if len(t.bad.Fields) >= maxErrors {
		return false, nil
	}
	rec, err := t.r.Read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, t.csvError(err)
	}
	t.line, _ = t.r.FieldPos(0)
	t.rec = rec
	return true, nil
}

// get returns the trimmed value of a column, "" when absent.
func (t *table) get(name string) string {
	i, ok := t.index[name]
	if !ok || i >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// blank reports whether every field of the row is empty.
func (t *table) blank() bool {
	for _, f := range t.rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// fail records a problem with a column of the current row.
func (t *table) fail(col, format string, args ...any) {
	t.row.Add(t.line, col, format, args...)
}

func (t *table) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		t.bad.Add(pe.Line, "", "malformed CSV: %v", pe.Err)
		return &t.bad
	}
	return fmt.Errorf("read: %w", err)
}

// done returns the collected errors, if any.
func (t *table) done() error {
	if len(t.bad.Fields) >= maxErrors {
		t.bad.Add(t.line, "", "stopped after %d errors", maxErrors)
	}
	return t.bad.Err()
}
