package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"huikuan/internal/errs"
	"huikuan/internal/importer"
	"huikuan/internal/progress"
	"huikuan/internal/store"
)

func runImport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[customers|invoices|payments] FILE (.csv in any encoding, or .xlsx)")
	var opts importer.Options
	var profile, mapping string
	fs.StringVar(&opts.Encoding, "encoding", "", "force a CSV file's `encoding`: utf-8, gb18030, gbk or utf-16 (default: detected)")
	fs.StringVar(&opts.Sheet, "sheet", "", "the XLSX sheet to read, by `name` (default: the first)")
	fs.StringVar(&profile, "profile", "", "the header mapping `profile`: huikuan, kingdee, u8 or ibm-ar (default: the best match)")
	fs.StringVar(&mapping, "mapping", "", "a custom header mapping profile, a JSON `file` (see README)")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if opts.Profile, err = chooseProfile(profile, mapping); err != nil {
		return err
	}
	kind, path, err := importKind(pos, opts.Profile)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	batch, read, err := a.readBatch(kind, f, opts)
	if err != nil {
		if read.Format != "" { // a wrong guess of the encoding shows here
			fmt.Fprintf(a.Stderr, "%s: %s read as %s\n", a.name, filepath.Base(path), read)
		}
		return inFile(err, filepath.Base(path))
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	n := len(batch.Customers) + len(batch.Invoices) + len(batch.Payments)
	bar := progress.New(a.Progress, "writing", int64(n), "rows")
	batch.Progress = func(k int) { bar.Add(int64(k)) }
	batch.Actor, batch.Source = &cliActor, kind+" "+filepath.Base(path)
	res, err := s.Apply(ctx, batch)
	if err != nil {
		return inFile(err, filepath.Base(path))
	}
	bar.Finish()
	if kind == kindIBM {
		fmt.Fprintf(a.Stdout, "%s (%s, profile ibm-ar): %d customers, %d invoices, %d payments read; created %d, %d, %d\n", filepath.Base(path), read,
			len(batch.Customers), len(batch.Invoices), len(batch.Payments), res.Customers.Created, res.Invoices.Created, res.Payments.Created)
		return nil
	}
	c := map[string]store.Counts{importer.KindCustomers: res.Customers, importer.KindInvoices: res.Invoices, importer.KindPayments: res.Payments}[kind]
	fmt.Fprintf(a.Stdout, "%s (%s): %d %s read; %d created, %d updated, %d unchanged\n", filepath.Base(path), read, n, kind, c.Created, c.Updated, c.Unchanged)
	return nil
}

// importKind takes the kind and file from the arguments: a profile that
// loads all kinds from one file (ibm-ar) needs no kind.
func importKind(pos []string, p *importer.Profile) (kind, path string, err error) {
	if len(pos) == 1 && p != nil && p.Name == "ibm-ar" {
		return kindIBM, pos[0], nil
	}
	if len(pos) != 2 {
		return "", "", usagef("want a kind (customers, invoices or payments) and a file")
	}
	kind, path = pos[0], pos[1]
	if kind != importer.KindCustomers && kind != importer.KindInvoices && kind != importer.KindPayments {
		return "", "", usagef("unknown kind %q: want customers, invoices or payments", kind)
	}
	return kind, path, nil
}

// kindIBM is the pseudo-kind of a file that gives customers, invoices and
// payments at once.
const kindIBM = "ibm-ar"

// chooseProfile returns the profile --profile names or --mapping holds;
// nil (neither) lets the reader pick the best match.
func chooseProfile(name, mapping string) (*importer.Profile, error) {
	switch {
	case name != "" && mapping != "":
		return nil, usagef("give --profile or --mapping, not both")
	case mapping != "":
		f, err := os.Open(mapping)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		p, err := importer.ReadMapping(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(mapping), err)
		}
		return p, nil
	case name != "":
		p, err := importer.ProfileNamed(name)
		if err != nil {
			return nil, usagef("%v", err)
		}
		return p, nil
	}
	return nil, nil
}

// readBatch reads a whole file of one kind, with a progress bar over its
// bytes, and says how it was read.
func (a *app) readBatch(kind string, f *os.File, opts importer.Options) (store.Batch, importer.Detected, error) {
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	bar := progress.New(a.Progress, "reading", size, "B")
	var r io.Reader = f
	if bar != nil {
		r = &countingReader{r: f, bar: bar}
		defer bar.Finish()
	}
	var b store.Batch
	switch kind {
	case kindIBM:
		ibm, err := importer.ReadIBM(r, opts)
		b.Customers, b.Invoices, b.Payments = ibm.Customers, ibm.Invoices, ibm.Payments
		b.CustomerRows, b.InvoiceRows, b.PaymentRows = ibm.CustomerRows, ibm.InvoiceRows, ibm.PaymentRows
		return b, ibm.Read, err
	case importer.KindCustomers:
		rows, err := importer.ReadCustomersFrom(r, opts)
		b.Customers, b.CustomerRows = rows.Records, rows.Lines
		return b, rows.Read, err
	case importer.KindInvoices:
		rows, err := importer.ReadInvoicesFrom(r, opts)
		b.Invoices, b.InvoiceRows = rows.Records, rows.Lines
		return b, rows.Read, err
	default:
		rows, err := importer.ReadPaymentsFrom(r, opts)
		b.Payments, b.PaymentRows = rows.Records, rows.Lines
		return b, rows.Read, err
	}
}

func inFile(err error, name string) error {
	if inv, ok := err.(*errs.Invalid); ok {
		return inv.InFile(name)
	}
	return fmt.Errorf("%s: %w", name, err)
}

type countingReader struct {
	r   io.Reader
	bar *progress.Bar
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.bar.Add(int64(n))
	return n, err
}
