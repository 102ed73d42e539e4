package importer

import (
	"io"
	"strings"

	"huikuan/internal/errs"
)

// DetectKind reads a file's header and says which kind of file it is
// (KindCustomers, KindInvoices or KindPayments) and under which profile:
// the kind whose required columns are all found, the one with the most
// columns found when several are. opts.Profile, when set, is the only
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
	var best mapping
	for _, k := range []string{KindCustomers, KindInvoices, KindPayments} {
		if opts.Profile != nil && opts.Profile != huikuanProfile && opts.Profile.Columns[k] == nil {
			continue // a custom profile is for one kind
		}
		cols := kindColumns[k]
		m := pickProfile(opts.Profile, k, head, cols)
		if m.required == requiredCount(cols) && (best.profile == nil || m.found > best.found) {
			best, kind = m, k
		}
	}
	if best.profile == nil {
		var bad errs.Invalid
		bad.Add(t.line, "", "cannot tell customers, invoices or payments from the header: give the kind; the header has: %s", strings.Join(nonBlank(head), ", "))
		return "", "", &bad
	}
	return kind, best.profile.Name, nil
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
