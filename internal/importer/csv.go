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
	src        *source
	dates      dateOpts
	index      map[string]int    // canonical column name → position in the row
	defaults   map[string]string // canonical column name → value for a blank or absent cell
	profile    *Profile          // the profile the header was mapped under
	skipTotals bool              // total and subtotal lines are skipped
	rec        []string
	line       int
	bad        errs.Invalid  // the file's problems
	row        *errs.Invalid // the current row's, while it is parsed
}

// newTable reads the header of an opened file and maps the canonical
// columns of a kind under opts.Profile, or under the built-in profile that
// finds most of them; on an error it closes the source. Columns it does not
// know are ignored.
func newTable(src *source, opts Options, kind string, cols []column) (*table, error) {
	t := &table{src: src}
	head, err := t.header()
	if err != nil {
		src.Close()
		return nil, err
	}
	m := pickProfile(opts.Profile, kind, head, cols)
	t.index, t.profile, t.defaults = m.index, m.profile, m.profile.Defaults[kind]
	t.skipTotals = m.profile.SkipTotals
	t.dates = dateOpts{monthFirst: opts.MonthFirst || m.profile.MonthFirst, date1904: src.date1904}
	if bad := checkDefaults(kind, t.defaults, "the default of profile "+m.profile.Name); bad != nil {
		// a profile made in code: Custom and ReadMapping refuse such a default
		for _, f := range bad.Fields {
			t.bad.Add(t.line, f.Field, "%s", f.Message)
		}
		src.Close()
		return nil, &t.bad
	}
	if miss := missing(m, kind, head, cols); miss != "" {
		t.bad.Add(t.line, firstMissing(m, kind, cols), "%s", miss)
		src.Close()
		return nil, &t.bad
	}
	return t, nil
}

// header reads the header row: the first non-blank one, or the row after
// it when that holds a Kingdee template's field keys (its captions follow).
func (t *table) header() ([]string, error) {
	head, line, err := t.src.rows.Next()
	for err == nil && blank(head) { // a sheet's empty rows above the header
		head, line, err = t.src.rows.Next()
	}
	if err == nil && fieldKeys(head) {
		head, line, err = t.src.rows.Next()
	}
	if err == io.EOF {
		t.bad.Add(1, "", "the file is empty: a header row is needed")
		return nil, &t.bad
	} else if err != nil {
		return nil, t.csvError(err)
	}
	t.line = line
	return head, nil
}

// pickProfile maps a header under the given profile or, when nil, under
// the best built-in match; kinds no profile knows (targets) go by their
// canonical names.
func pickProfile(p *Profile, kind string, head []string, cols []column) mapping {
	if p != nil {
		return p.match(kind, head, cols)
	}
	if m := bestMatch(Builtin(), kind, head, cols); m.profile != nil {
		return m
	}
	return huikuanProfile.match(kind, head, cols)
}

// missing describes, as one message, the required columns the header
// lacks: each by its canonical name and the header the profile looked
// for, then the headers the file has. It is "" when none is missing.
func missing(m mapping, kind string, head []string, cols []column) string {
	var want []string
	for _, c := range cols {
		if !lacks(m, kind, c) {
			continue
		}
		w := fmt.Sprintf("%q", c.name)
		if syn := m.profile.Columns[kind][c.name]; len(syn) > 0 {
			w += " (" + strings.Join(syn, " / ") + ")"
		}
		want = append(want, w)
	}
	if len(want) == 0 {
		return ""
	}
	found := nonBlank(head)
	s := "column"
	if len(want) > 1 {
		s = "columns"
	}
	return fmt.Sprintf("missing %s %s in the header for profile %s; the header has: %s",
		s, strings.Join(want, ", "), m.profile.Name, strings.Join(found, ", "))
}

func firstMissing(m mapping, kind string, cols []column) string {
	for _, c := range cols {
		if lacks(m, kind, c) {
			return c.name
		}
	}
	return ""
}

// lacks reports whether a required column is neither in the header nor
// given a default by the profile.
func lacks(m mapping, kind string, c column) bool {
	_, ok := m.index[c.name]
	return c.required && !ok && !m.profile.hasDefault(kind, c.name)
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

// get returns the trimmed value of a column: the profile's default when
// the cell is blank or the column absent, else "" when absent.
func (t *table) get(name string) string {
	v := t.cell(name)
	if v == "" {
		return t.defaults[name]
	}
	return v
}

// cell returns the trimmed value of a column's cell, "" when absent.
func (t *table) cell(name string) string {
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
