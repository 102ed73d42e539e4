package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Profile says which header names a file's columns go by: per kind of
// file, the canonical column each of its headers maps to. Headers are
// compared as normHeader leaves them, so a profile lists each synonym once.
type Profile struct {
	// Name is how --profile and messages name the profile.
	Name string
	// Columns maps a kind (KindInvoices, …) to its canonical columns, each
	// with the headers that mean it, the most usual first.
	Columns map[string]map[string][]string
	// MonthFirst reads slashed dates as M/D/YYYY (an American export).
	MonthFirst bool
	// SkipTotals skips rows whose first cells say 合计 or end in 小计: the
	// total and subtotal lines ERP list exports append.
	SkipTotals bool
}

// synonyms returns the headers a canonical column of a kind goes by; the
// canonical name itself always counts, so a huikuan file reads under any
// profile.
func (p *Profile) synonyms(kind, col string) []string {
	return append([]string{col}, p.Columns[kind][col]...)
}

// mapping is a header matched against a profile: canonical column →
// position, and how many of the kind's columns were found.
type mapping struct {
	profile  *Profile
	index    map[string]int
	required int // required columns found
	found    int // columns found
}

// match maps a header's cells to a kind's canonical columns under p: for
// each column, the first cell that is one of its synonyms.
func (p *Profile) match(kind string, head []string, cols []column) mapping {
	norm := make([]string, len(head))
	for i, h := range head {
		norm[i] = normHeader(h)
	}
	m := mapping{profile: p, index: make(map[string]int, len(cols))}
	for _, c := range cols {
		for _, syn := range p.synonyms(kind, c.name) {
			if i := indexOf(norm, normHeader(syn)); i >= 0 {
				m.index[c.name] = i
				m.found++
				if c.required {
					m.required++
				}
				break
			}
		}
	}
	return m
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s && s != "" {
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

// mappingFile is the JSON form of a custom profile.
type mappingFile struct {
	Name       string              `json:"name"`
	Kind       string              `json:"kind"`
	Columns    map[string][]string `json:"columns"`
	MonthFirst bool                `json:"month_first"`
	SkipTotals bool                `json:"skip_totals"`
}

// ReadMapping reads a custom profile from JSON: {"name": "…", "kind":
// "invoices", "columns": {"amount": ["应收金额", …], …}} with the optional
// "month_first" and "skip_totals". Unknown kinds and canonical columns are
// refused, so a typo does not silently map nothing.
func ReadMapping(r io.Reader) (*Profile, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f mappingFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	cols, ok := kindColumns[f.Kind]
	if !ok {
		return nil, fmt.Errorf("mapping: kind %q: want customers, invoices or payments", f.Kind)
	}
	if strings.TrimSpace(f.Name) == "" {
		return nil, fmt.Errorf("mapping: a name is needed")
	}
	for canon := range f.Columns {
		if !hasColumn(cols, canon) {
			return nil, fmt.Errorf("mapping: %s have no column %q: want one of %s", f.Kind, canon, columnNames(cols))
		}
	}
	return &Profile{Name: f.Name, Columns: map[string]map[string][]string{f.Kind: f.Columns}, MonthFirst: f.MonthFirst, SkipTotals: f.SkipTotals}, nil
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
