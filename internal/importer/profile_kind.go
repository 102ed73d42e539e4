package importer

import (
	"io"
	"strings"

	"huikuan/internal/errs"
)

// DetectKind reads a file's header and says which kind of file it is
// (KindCustomers, KindInvoices or KindPayments) and under which profile:
// the kind whose required columns are all found (or given a default by
// the profile), the one with the most columns found when several are. opts.Profile, when set, is the only
// profile tried. A header that fits no kind is an *errs.Invalid naming the
// headers found.
func DetectKind(r io.Reader, opts Options) (kind, profile string, err error) {
	src, err := openSource(r, opts)
	if err != nil {
		return "", "", err
	}
	defer src.Close()
	t := &table{src: src}
	head, err := t.header()
	if err != nil {
		return "", "", err
	}
	kind, best := detect(opts.Profile, head)
	if best.profile == nil {
		return "", "", unknownKind(t.line, head)
	}
	return kind, best.profile.Name, nil
}

// detect picks the kind a header fits under p (nil: the best built-in
// match): all its required columns found or defaulted, the most columns
// found when several kinds fit; the mapping's profile is nil for none.
func detect(p *Profile, head []string) (kind string, best mapping) {
	for _, k := range []string{KindCustomers, KindInvoices, KindPayments} {
		if p != nil && p != huikuanProfile && p.Columns[k] == nil {
			continue // a custom profile is for one kind
		}
		cols := kindColumns[k]
		m := pickProfile(p, k, head, cols)
		if m.required == requiredCount(cols) && (best.profile == nil || m.found > best.found) {
			best, kind = m, k
		}
	}
	return kind, best
}

// unknownKind is the error for a header that fits no kind.
func unknownKind(row int, head []string) error {
	var bad errs.Invalid
	bad.Add(row, "", "cannot tell customers, invoices or payments from the header: give the kind; the header has: %s", strings.Join(nonBlank(head), ", "))
	return &bad
}

func requiredCount(cols []column) int {
	n := 0
	for _, c := range cols {
		if c.required {
			n++
		}
	}
	return n
}

// nonBlank returns the trimmed cells that are not empty.
func nonBlank(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}
