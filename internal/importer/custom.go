package importer

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Custom builds a profile from a person's choices on a file's header.
// assign maps an index of header to a canonical column of kind (a column
// assigned twice: the later index wins; "" or an unknown name is ignored);
// an index outside header or a cell without header text is an error, since
// a profile finds columns by their header. defaults maps a canonical column
// to the value used when the file has no such column or the cell is blank
// (credit_tier "B", payment_terms_days "30", region "华东", rep "R001");
// blank values are dropped, and a value a cell could not hold is an
// *errs.Invalid naming the column. MonthFirst and SkipTotals come from base
// (may be nil). The profile is exact: matched against the same header it
// maps exactly the columns assigned, a repeated header included (the
// second 日期 is kept as "日期#2").
func Custom(name, kind string, header []string, assign map[int]string, defaults map[string]string, base *Profile) (*Profile, error) {
	cols, ok := kindColumns[kind]
	if !ok {
		return nil, fmt.Errorf("kind %q: want customers, invoices or payments", kind)
	}
	if name = strings.TrimSpace(name); name == "" {
		return nil, fmt.Errorf("a profile needs a name")
	}
	chosen, err := chosenColumns(cols, header, assign)
	if err != nil {
		return nil, err
	}
	syn := make(map[string][]string, len(chosen))
	for col, i := range chosen {
		syn[col] = []string{headerName(header, i)}
	}
	defs, err := cleanDefaults(kind, defaults)
	if err != nil {
		return nil, err
	}
	p := &Profile{Name: name, Columns: map[string]map[string][]string{kind: syn}, Exact: true}
	if defs != nil {
		p.Defaults = map[string]map[string]string{kind: defs}
	}
	if base != nil {
		p.MonthFirst, p.SkipTotals = base.MonthFirst, base.SkipTotals
	}
	// The names are made to find these cells; a header whose cells fold to
	// one name in a way headerName did not foresee is caught here.
	if got := p.match(kind, header, cols).index; !maps.Equal(got, chosen) {
		return nil, fmt.Errorf("the header's names cannot tell its columns apart: %v maps to %v", chosen, got)
	}
	return p, nil
}

// chosenColumns turns assign into canonical column → header index, the
// later index winning for a column assigned twice.
func chosenColumns(cols []column, header []string, assign map[int]string) (map[string]int, error) {
	idx := slices.Sorted(maps.Keys(assign))
	chosen := make(map[string]int, len(idx))
	for _, i := range idx {
		col := assign[i]
		if !hasColumn(cols, col) {
			continue
		}
		if i < 0 || i >= len(header) {
			return nil, fmt.Errorf("column %d for %s: the header has %d columns", i+1, col, len(header))
		}
		if normHeader(header[i]) == "" {
			return nil, fmt.Errorf("column %d for %s has no header: a profile finds a column by its header", i+1, col)
		}
		chosen[col] = i
	}
	return chosen, nil
}

// headerName is the synonym that finds cell i of header: its text, with
// "#k" when it is the k-th cell of that name (k > 1).
func headerName(header []string, i int) string {
	text := strings.TrimSpace(header[i])
	if _, n := splitNth(text); n > 0 {
		text = normHeader(text) // a header ending in #digits: the form without '#'
	}
	norm, k := normHeader(header[i]), 0
	for _, h := range header[:i+1] {
		if normHeader(h) == norm {
			k++
		}
	}
	if k > 1 {
		text += "#" + strconv.Itoa(k)
	}
	return text
}
