package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// mappingFile is the JSON form of a custom profile.
type mappingFile struct {
	Name       string              `json:"name"`
	Kind       string              `json:"kind"`
	Columns    map[string][]string `json:"columns"`
	Defaults   map[string]string   `json:"defaults,omitempty"`
	Exact      bool                `json:"exact,omitempty"`
	MonthFirst bool                `json:"month_first"`
	SkipTotals bool                `json:"skip_totals"`
}

// ReadMapping reads a custom profile from JSON: {"name": "…", "kind":
// "invoices", "columns": {"amount": ["应收金额", …], …}} with the optional
// "defaults" ({"credit_tier": "B", …}: values for columns the file lacks or
// leaves blank), "exact", "month_first" and "skip_totals". Unknown kinds,
// keys and canonical columns are refused, so a typo does not silently map
// nothing, and so is a default that would be refused in a cell.
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
	defs, err := cleanDefaults(f.Kind, f.Defaults)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	p := &Profile{Name: f.Name, Columns: map[string]map[string][]string{f.Kind: f.Columns},
		Exact: f.Exact, MonthFirst: f.MonthFirst, SkipTotals: f.SkipTotals}
	if defs != nil {
		p.Defaults = map[string]map[string]string{f.Kind: defs}
	}
	return p, nil
}

// WriteMapping writes p's columns and defaults for one kind as the JSON
// ReadMapping reads, so that ReadMapping gives back a profile equal to p
// (p's other kinds are not written: a mapping file is for one kind). A
// profile ReadMapping would refuse for that kind (no such kind, a column
// the kind does not have, a bad default) is refused here too.
func WriteMapping(w io.Writer, p *Profile, kind string) error {
	if p == nil || strings.TrimSpace(p.Name) == "" {
		return errors.New("mapping: a profile with a name is needed")
	}
	cols, ok := kindColumns[kind]
	if !ok {
		return fmt.Errorf("mapping: kind %q: want customers, invoices or payments", kind)
	}
	syn, ok := p.Columns[kind]
	if !ok {
		return fmt.Errorf("mapping: profile %s has no %s columns", p.Name, kind)
	}
	for canon := range syn {
		if !hasColumn(cols, canon) {
			return fmt.Errorf("mapping: profile %s: %s have no column %q", p.Name, kind, canon)
		}
	}
	if _, err := cleanDefaults(kind, p.Defaults[kind]); err != nil {
		return fmt.Errorf("mapping: profile %s: %w", p.Name, err)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // the file is read by people too: keep < and & as they are
	enc.SetIndent("", "  ")
	return enc.Encode(mappingFile{Name: p.Name, Kind: kind, Columns: syn, Defaults: p.Defaults[kind],
		Exact: p.Exact, MonthFirst: p.MonthFirst, SkipTotals: p.SkipTotals})
}
