package importer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Profile says which header names a file's columns go by: per kind of
// file, the canonical column each of its headers maps to. Headers are
// compared as normHeader leaves them, so a profile lists each synonym once.
type Profile struct {
	// Name is how --profile and messages name the profile.
	Name string
	// Columns maps a kind (KindInvoices, …) to its canonical columns, each
	// with the headers that mean it, the most usual first. A header written
	// "日期#2" means the second column headed 日期 (see splitNth).
	Columns map[string]map[string][]string
	// Defaults maps a kind to the values of canonical columns used when
	// the file has no such column or its cell is blank. A required column
	// with a default may be absent from the file.
	Defaults map[string]map[string]string
	// Exact means only the headers listed count: the canonical names are
	// not synonyms too. Custom sets it, so that a profile saved from a
	// person's choices maps exactly the columns they chose.
	Exact bool
	// MonthFirst reads slashed dates as M/D/YYYY (an American export).
	MonthFirst bool
	// SkipTotals skips rows whose first cells say 合计 or end in 小计: the
	// total and subtotal lines ERP list exports append.
	SkipTotals bool
}

// synonyms returns the headers a canonical column of a kind goes by; the
// canonical name itself counts too unless the profile is exact, so a
// huikuan file reads under any built-in profile.
func (p *Profile) synonyms(kind, col string) []string {
	if p.Exact {
		return p.Columns[kind][col]
	}
	return append([]string{col}, p.Columns[kind][col]...)
}

// hasDefault reports whether the profile gives a value for a column of a
// kind that the file lacks.
func (p *Profile) hasDefault(kind, col string) bool {
	_, ok := p.Defaults[kind][col]
	return ok
}

// mapping is a header matched against a profile: canonical column →
// position, and how many of the kind's columns were found.
type mapping struct {
	profile  *Profile
	index    map[string]int
	required int // required columns found or defaulted
	found    int // columns found
}

// match maps a header's cells to a kind's canonical columns under p: each
// column, in the kind's order, takes the first cell that one of its
// synonyms names and no earlier column took, so two columns never share a
// cell, and two cells with one header go to the columns listing it in turn.
func (p *Profile) match(kind string, head []string, cols []column) mapping {
	norm := make([]string, len(head))
	for i, h := range head {
		norm[i] = normHeader(h)
	}
	taken := make([]bool, len(head))
	m := mapping{profile: p, index: make(map[string]int, len(cols))}
	for _, c := range cols {
		i := p.find(kind, c.name, norm, taken)
		if i >= 0 {
			m.index[c.name] = i
			taken[i] = true
			m.found++
		}
		if c.required && (i >= 0 || p.hasDefault(kind, c.name)) {
			m.required++
		}
	}
	return m
}

// find returns the cell a column's synonyms name first, -1 for none.
func (p *Profile) find(kind, col string, norm []string, taken []bool) int {
	for _, syn := range p.synonyms(kind, col) {
		text, nth := splitNth(syn)
		if i := nthIndex(norm, normHeader(text), nth, taken); i >= 0 {
			return i
		}
	}
	return -1
}

// splitNth splits a synonym written "日期#2" into its header and which of
// the cells so headed it means (2: the second); nth is 0 for a plain
// synonym. normHeader drops '#', so no header cell reads as such a form.
func splitNth(syn string) (text string, nth int) {
	i := strings.LastIndexByte(syn, '#')
	if i <= 0 || i == len(syn)-1 || len(syn)-i > 4 {
		return syn, 0
	}
	n, err := strconv.Atoi(syn[i+1:])
	if err != nil || n < 1 || syn[i+1] == '+' || syn[i+1] == '-' {
		return syn, 0
	}
	return syn[:i], n
}

// nthIndex finds s in norm: for nth 0 the first cell not taken, otherwise
// the nth cell so headed when it is not taken; -1 when there is none.
func nthIndex(norm []string, s string, nth int, taken []bool) int {
	if s == "" {
		return -1
	}
	seen := 0
	for i, v := range norm {
		if v != s {
			continue
		}
		seen++
		switch {
		case nth == 0 && !taken[i]:
			return i
		case nth == seen:
			if taken[i] {
				return -1
			}
			return i
		}
	}
	return -1
}

// better reports whether m beats o: more required columns, then more
// columns; a tie goes to the one found first.
func (m mapping) better(o mapping) bool {
	if m.required != o.required {
		return m.required > o.required
	}
	return m.found > o.found
}

// bestMatch picks, among profiles, the one whose synonyms find the most of
// a kind's columns in the header.
func bestMatch(profiles []*Profile, kind string, head []string, cols []column) mapping {
	var best mapping
	for _, p := range profiles {
		if _, ok := p.Columns[kind]; !ok {
			continue
		}
		if m := p.match(kind, head, cols); best.profile == nil || m.better(best) {
			best = m
		}
	}
	return best
}

// Builtin returns the built-in profiles: huikuan (the canonical columns),
// kingdee, u8 and ibm-ar, in the order a tie is broken.
func Builtin() []*Profile {
	return []*Profile{huikuanProfile, kingdeeProfile, u8Profile, ibmProfile}
}

// ProfileNamed returns the built-in profile of that name.
func ProfileNamed(name string) (*Profile, error) {
	var names []string
	for _, p := range Builtin() {
		if strings.EqualFold(p.Name, name) {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return nil, fmt.Errorf("unknown profile %q: want one of %s or a --mapping file", name, strings.Join(names, ", "))
}

// kindColumns holds each kind's canonical columns.
var kindColumns = map[string][]column{
	KindCustomers: customerColumns, KindInvoices: invoiceColumns, KindPayments: paymentColumns,
}

func hasColumn(cols []column, name string) bool {
	for _, c := range cols {
		if c.name == name {
			return true
		}
	}
	return false
}

func columnNames(cols []column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
