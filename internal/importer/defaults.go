package importer

import (
	"fmt"
	"sort"
	"strings"

	"huikuan/internal/errs"
	"huikuan/internal/ledger"
)

// keyColumns are the columns that name a record: a default for one would
// give every row the same code or number.
var keyColumns = map[string]string{KindCustomers: "code", KindInvoices: "number", KindPayments: "number"}

// cleanDefaults checks a kind's defaults as a profile keeps them: trimmed,
// blank ones dropped (an empty form field is no default), nil when none is
// left. An unknown column or a key column is refused, and so is a value
// that a cell could not hold (an *errs.Invalid, one error per column).
func cleanDefaults(kind string, defs map[string]string) (map[string]string, error) {
	cols, ok := kindColumns[kind]
	if !ok {
		return nil, fmt.Errorf("kind %q: want customers, invoices or payments", kind)
	}
	names := make([]string, 0, len(defs))
	for name := range defs {
		names = append(names, name)
	}
	sort.Strings(names) // the first error is the same every time
	var out map[string]string
	for _, name := range names {
		switch {
		case !hasColumn(cols, name):
			return nil, fmt.Errorf("defaults: %s have no column %q: want one of %s", kind, name, columnNames(cols))
		case name == keyColumns[kind]:
			return nil, fmt.Errorf("defaults: %s cannot have a default: each row needs its own", name)
		}
		if v := strings.TrimSpace(defs[name]); v != "" {
			if out == nil {
				out = make(map[string]string, len(defs))
			}
			out[name] = v
		}
	}
	if err := checkDefaults(kind, out, "the default"); err != nil {
		return nil, err
	}
	return out, nil
}

// checkDefaults parses and checks a kind's defaults as the reader parses
// and checks cells, by reading a row where every other cell is blank; only
// the defaulted columns' problems count, each message ending in (whose),
// which says it was the default.
func checkDefaults(kind string, defs map[string]string, whose string) *errs.Invalid {
	if len(defs) == 0 {
		return nil
	}
	var bad []errs.FieldError
	switch kind {
	case KindCustomers:
		bad = checkRow(defs, parseCustomer, ledger.CheckCustomer)
	case KindInvoices:
		bad = checkRow(defs, parseInvoice, ledger.CheckInvoice)
	case KindPayments:
		bad = checkRow(defs, parsePayment, ledger.CheckPayment)
	default:
		return &errs.Invalid{Fields: []errs.FieldError{{Message: fmt.Sprintf("%s cannot have defaults", kind)}}}
	}
	if len(bad) == 0 {
		return nil
	}
	for i := range bad {
		bad[i].Row = 0
		bad[i].Message += " (" + whose + ")"
	}
	sort.SliceStable(bad, func(i, j int) bool { return bad[i].Field < bad[j].Field })
	return &errs.Invalid{Fields: bad}
}

// checkRow runs a reader's parse and check over a row of defaults alone
// and returns the problems of the defaulted columns.
func checkRow[T any](defs map[string]string, parse func(*table) T, check func(T, int, *errs.Invalid)) []errs.FieldError {
	t := &table{src: &source{}, defaults: defs}
	var row errs.Invalid
	t.row = &row
	rec := parse(t)
	row.Also(func(more *errs.Invalid) { check(rec, 0, more) })
	var out []errs.FieldError
	for _, f := range row.Fields {
		if _, ok := defs[f.Field]; ok {
			out = append(out, f)
		}
	}
	return out
}
