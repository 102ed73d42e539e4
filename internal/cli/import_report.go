package cli

import (
	"fmt"
	"io"

	"huikuan/internal/errs"
	"huikuan/internal/importer"
	"huikuan/internal/store"
)

// importReport is what an import did, or with --dry-run would do: the
// --format json output.
type importReport struct {
	Kind      string        `json:"kind"`
	Profile   string        `json:"profile"`
	DryRun    bool          `json:"dry_run"`
	Rows      int           `json:"rows"`
	New       int           `json:"new"`
	Unchanged int           `json:"unchanged"`
	Updated   int           `json:"updated"`
	Errors    []importError `json:"errors"`
	batch     store.Batch
	res       store.Result
}

// importError is a refused row's problem: row 0 is the whole file.
type importError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// counts takes the kind's counts from Apply's result (all kinds' for a
// file that holds them all).
func (r *importReport) counts(kind string, res store.Result) {
	r.res = res
	var cs []store.Counts
	switch kind {
	case importer.KindCustomers:
		cs = []store.Counts{res.Customers}
	case importer.KindInvoices:
		cs = []store.Counts{res.Invoices}
	case importer.KindPayments:
		cs = []store.Counts{res.Payments}
	default:
		cs = []store.Counts{res.Customers, res.Invoices, res.Payments}
	}
	for _, c := range cs {
		r.New += c.Created
		r.Unchanged += c.Unchanged
		r.Updated += c.Updated
	}
}

func (r *importReport) addErrors(inv *errs.Invalid) {
	for _, f := range inv.Fields {
		r.Errors = append(r.Errors, importError{Row: f.Row, Column: f.Field, Message: f.Message})
	}
}

// print writes the report as a line of text.
func (r *importReport) print(w io.Writer, name string, read importer.Detected) {
	b := r.batch
	if r.Kind == kindIBM {
		fmt.Fprintf(w, "%s (%s), profile ibm-ar: %d customers, %d invoices, %d payments read; ", name, read, len(b.Customers), len(b.Invoices), len(b.Payments))
		if r.DryRun {
			fmt.Fprintf(w, "would create %d, %d, %d; nothing written (dry run)\n", r.res.Customers.Created, r.res.Invoices.Created, r.res.Payments.Created)
			return
		}
		fmt.Fprintf(w, "created %d, %d, %d\n", r.res.Customers.Created, r.res.Invoices.Created, r.res.Payments.Created)
		return
	}
	fmt.Fprintf(w, "%s (%s), profile %s: %d %s read; ", name, read, r.Profile, r.Rows, r.Kind)
	if r.DryRun {
		fmt.Fprintf(w, "would create %d, update %d, leave %d unchanged; nothing written (dry run)\n", r.New, r.Updated, r.Unchanged)
		return
	}
	fmt.Fprintf(w, "%d created, %d updated, %d unchanged\n", r.New, r.Updated, r.Unchanged)
}
