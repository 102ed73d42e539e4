// Package importer reads ledger records from files. Every format is
// reduced to the canonical columns (see README) by one table-driven reader,
// so new encodings, headers and ERP layouts only add entries, not parsers.
// Reading validates each row on its own; cross-checks against the database
// (unknown customer, existing number) belong to the store.
package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"huikuan/internal/csvfile"
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

// table is a file being read row by row with columns found by name.
type table struct {
	src   *source
	dates dateOpts
	index map[string]int // canonical column name → position in the row
	rec   []string
	line  int
	bad   errs.Invalid  // the file's problems
	row   *errs.Invalid // the current row's, while it is parsed
}

// newTable reads the header of an opened file and maps the canonical
// columns; on an error it closes the source. Columns it does not know are
// ignored.
func newTable(src *source, opts Options, cols []column) (*table, error) {
	t := &table{src: src, dates: dateOpts{monthFirst: opts.MonthFirst, date1904: src.date1904}}
	head, line, err := src.rows.Next()
	for err == nil && blank(head) { // a sheet's empty rows above the header
		head, line, err = src.rows.Next()
	}
	if err != nil {
		src.Close()
	}
	if err == io.EOF {
		t.bad.Add(1, "", "the file is empty: a header row is needed")
		return nil, &t.bad
	} else if err != nil {
		return nil, t.csvError(err)
	}
	t.line = line
	t.index = mapHeader(head)
	for _, c := range cols {
		if _, ok := t.index[c.name]; !ok && c.required {
			t.bad.Add(line, c.name, "missing column %q in the header", c.name)
		}
	}
	if err := t.bad.Err(); err != nil {
		src.Close()
		return nil, err
	}
	return t, nil
}

// mapHeader maps each header cell, trimmed and lower-cased, to its
// position: the canonical columns by their own names.
func mapHeader(head []string) map[string]int {
	index := make(map[string]int, len(head))
	for i, h := range head {
		index[strings.ToLower(strings.TrimSpace(h))] = i
	}
	return index
}

// next reads the next row; it returns false at the end of the file or when
// too many errors have been found.
func (t *table) next() (bool, error) {
	if len(t.bad.Fields) >= maxErrors {
		return false, nil
	}
	rec, line, err := t.src.rows.Next()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, t.csvError(err)
	}
	t.line, t.rec = line, rec
	return true, nil
}

// get returns the trimmed value of a column, "" when absent.
func (t *table) get(name string) string {
	i, ok := t.index[name]
	if !ok || i >= len(t.rec) {
		return ""
	}
	// A text cell huikuan's own export escaped against formulas comes back
	// as it was (csvfile.Escape); a spreadsheet's own file has no such cells.
	v := strings.TrimSpace(csvfile.Unescape(strings.TrimSpace(t.rec[i])))
	if t.src.decoded && t.row != nil && strings.ContainsRune(v, utf8.RuneError) {
		// the decoder's mark for bytes that were not text in the encoding
		t.fail(name, "%q holds bytes that are not %s text: give the file's encoding with --encoding", v, t.src.detected.Encoding)
	}
	return v
}

// blank reports whether every field of the row is empty.
func (t *table) blank() bool { return blank(t.rec) }

func blank(rec []string) bool {
	for _, f := range rec {
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
