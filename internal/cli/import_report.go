package cli

import (
	"fmt"
	"io"

	"huikuan/internal/ingest"
)

// printImport writes an import's report as a line of text.
func printImport(w io.Writer, r ingest.Report, name string) {
	b, res := r.Batch, r.Result
	if r.Kind == kindIBM {
		fmt.Fprintf(w, "%s (%s), profile ibm-ar: %d customers, %d invoices, %d payments read; ", name, r.Read, len(b.Customers), len(b.Invoices), len(b.Payments))
		if r.DryRun {
			fmt.Fprintf(w, "would create %d, %d, %d; nothing written (dry run)\n", res.Customers.Created, res.Invoices.Created, res.Payments.Created)
			return
		}
		fmt.Fprintf(w, "created %d, %d, %d\n", res.Customers.Created, res.Invoices.Created, res.Payments.Created)
		return
	}
	fmt.Fprintf(w, "%s (%s), profile %s: %d %s read; ", name, r.Read, r.Profile, r.Rows, r.Kind)
	if r.DryRun {
		fmt.Fprintf(w, "would create %d, update %d, leave %d unchanged; nothing written (dry run)\n", r.New, r.Updated, r.Unchanged)
		return
	}
	fmt.Fprintf(w, "%d created, %d updated, %d unchanged\n", r.New, r.Updated, r.Unchanged)
}
