package importer

import (
	"fmt"
	"io"
	"maps"
	"strings"
)

// Column is one canonical column of a kind, for the mapping dropdowns.
type Column struct {
	Name     string
	Required bool // a file must have it, or the profile a default for it
}

// Columns returns a kind's canonical columns in their canonical order (nil
// for an unknown kind).
func Columns(kind string) []Column {
	cols, ok := kindColumns[kind]
	if !ok {
		return nil
	}
	out := make([]Column, len(cols))
	for i, c := range cols {
		out[i] = Column{Name: c.name, Required: c.required}
	}
	return out
}

// Sample is the head of a file as read for a preview.
type Sample struct {
	Read Detected
	// Kind is the kind given to Peek, or the one detected (DetectKind's
	// rule) when it was given as "".
	Kind string
	// Profile names the profile the header was matched under: the one
	// given, or the best built-in match.
	Profile string
	// Header holds the header row's cells as in the file (after a Kingdee
	// field-key row, which is skipped).
	Header []string
	// HeaderRow is the header's row number as the spreadsheet shows it
	// (the first row is 1; 2 after a Kingdee field-key row).
	HeaderRow int
	// Mapping maps each canonical column found to its index in Header.
	Mapping map[string]int
	// Rows holds the first data rows' cells as text, as the readers see
	// them (a workbook's dates as serial numbers), each at least as long as
	// Header; blank rows and, under a profile that skips them, 合计/小计
	// lines are left out, as the readers leave them out.
	Rows [][]string
	// RowNumbers holds each row's number as the spreadsheet shows it.
	RowNumbers []int
	// Missing lists, in canonical order, the required columns neither found
	// nor given a default by the profile.
	Missing []string
	dates   dateOpts // how the file's dates read, for Shown
}

// Peek reads a file's header and its first n data rows for a preview. The
// profile is opts.Profile or, when nil, the best built-in match, as the
// readers pick it; kind "" is detected by DetectKind's rule, and a header
// that fits no kind is the *errs.Invalid DetectKind gives. A missing
// required column is not an error (it is listed in Missing), so that the
// page can offer the mapping; a profile's bad default is.
func Peek(r io.Reader, opts Options, kind string, n int) (Sample, error) {
	var s Sample
	if _, ok := kindColumns[kind]; kind != "" && !ok {
		return s, fmt.Errorf("unknown kind %q: want customers, invoices or payments", kind)
	}
	src, err := openSource(r, opts)
	if err != nil {
		return s, err
	}
	defer src.Close()
	s.Read = src.detected
	t := &table{src: src}
	head, err := t.header()
	if err != nil {
		return s, err
	}
	s.Header = append([]string(nil), head...) // the reader reuses its rows
	s.HeaderRow = t.line
	var m mapping
	if kind == "" {
		if kind, m = detect(opts.Profile, s.Header); m.profile == nil {
			return s, unknownKind(t.line, s.Header)
		}
	} else {
		m = pickProfile(opts.Profile, kind, s.Header, kindColumns[kind])
	}
	s.Kind, s.Profile, s.Mapping = kind, m.profile.Name, maps.Clone(m.index)
	s.dates = dateOpts{monthFirst: opts.MonthFirst || m.profile.MonthFirst, date1904: src.date1904}
	if bad := checkDefaults(kind, m.profile.Defaults[kind], "the default of profile "+m.profile.Name); bad != nil {
		return s, bad
	}
	for _, c := range kindColumns[kind] {
		if lacks(m, kind, c) {
			s.Missing = append(s.Missing, c.name)
		}
	}
	return s, peekRows(t, &s, m.profile.SkipTotals, n)
}

// peekRows reads up to n data rows into s.
func peekRows(t *table, s *Sample, skipTotals bool, n int) error {
	for len(s.Rows) < n {
		ok, err := t.next()
		if err != nil || !ok {
			return err
		}
		if t.blank() || skipTotals && totalLine(t.rec) {
			continue
		}
		row := make([]string, max(len(t.rec), len(s.Header)))
		copy(row, t.rec)
		s.Rows = append(s.Rows, row)
		s.RowNumbers = append(s.RowNumbers, t.line)
	}
	return nil
}

// dateColumns are the canonical columns that hold dates.
var dateColumns = map[string]bool{"issue_date": true, "due_date": true, "date": true, "settled_date": true}

// Shown returns cell i of row k as it will be read, for a preview: a date
// column's value as YYYY-MM-DD (a workbook's serial numbers, 2026/6/30 and
// 2026年6月30日 alike), anything else as it is. A value that is not a date
// is shown as it is, for the dry run's error to point at.
func (s Sample) Shown(k, i int) string {
	v := s.Rows[k][i]
	for col, j := range s.Mapping {
		if j == i && dateColumns[col] {
			if d, err := parseDate(strings.TrimSpace(v), s.dates); err == nil {
				return d.String()
			}
		}
	}
	return v
}
