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
	fs := a.flags("[customers|invoices|payments] FILE [--profile P | --mapping F] [--dry-run] [--format table|json] (.csv in any encoding, or .xlsx)")
	var opts importer.Options
	var profile, mapping string
	fs.StringVar(&opts.Encoding, "encoding", "", "force a CSV file's `encoding`: utf-8, gb18030, gbk or utf-16 (default: detected)")
	fs.StringVar(&opts.Sheet, "sheet", "", "the XLSX sheet to read, by `name` (default: the first)")
	fs.StringVar(&profile, "profile", "", "the header mapping `profile`: huikuan, kingdee, u8 or ibm-ar (default: the best match)")
	fs.StringVar(&mapping, "mapping", "", "a custom header mapping profile, a JSON `file` (see README)")
	dry := fs.Bool("dry-run", false, "say what the import would do, writing nothing")
	format := fs.String("format", "table", "output `format`: table or json")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
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
	name := filepath.Base(path)
	if kind == "" {
		if kind, err = detectKind(f, &opts); err != nil {
			return inFile(err, name)
		}
	}
	rep, read, err := a.importFile(ctx, kind, f, opts, *dry)
	if err != nil {
		if read.Format != "" { // a wrong guess of the encoding shows here
			fmt.Fprintf(a.Stderr, "%s: %s read as %s\n", a.name, name, read)
		}
		err = inFile(err, name)
		if inv, ok := err.(*errs.Invalid); ok && *format == "json" {
			rep.addErrors(inv)
			if werr := writeJSON(a.Stdout, rep); werr != nil {
				return werr
			}
		}
		return err
	}
	if *format == "json" {
		return writeJSON(a.Stdout, rep)
	}
	rep.print(a.Stdout, name, read)
	return nil
}

// detectKind reads the file's header for its kind and the profile it
// fits, then rewinds the file; the ibm-ar profile's file holds all kinds.
func detectKind(f *os.File, opts *importer.Options) (string, error) {
	kind, profile, err := importer.DetectKind(f, *opts)
	if err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	if opts.Profile == nil {
		if opts.Profile, err = importer.ProfileNamed(profile); err != nil {
			return "", err
		}
	}
	if profile == kindIBM {
		return kindIBM, nil
	}
	return kind, nil
}

// importFile reads a file of one kind and applies it, for real or as a
// dry run; the report has what was read even when it fails.
func (a *app) importFile(ctx context.Context, kind string, f *os.File, opts importer.Options, dry bool) (importReport, importer.Detected, error) {
	rep := importReport{Kind: kind, DryRun: dry, Errors: []importError{}}
	batch, read, profile, err := a.readBatch(kind, f, opts)
	rep.Profile = profile
	rep.Rows = len(batch.Customers) + len(batch.Invoices) + len(batch.Payments)
	if kind == kindIBM {
		rep.Rows = len(batch.Invoices) // one invoice a row
	}
	if err != nil {
		return rep, read, err
	}
	s, err := a.open(ctx)
	if err != nil {
		return rep, read, err
	}
	defer s.Close()
	n := len(batch.Customers) + len(batch.Invoices) + len(batch.Payments)
	bar := progress.New(a.Progress, "writing", int64(n), "rows")
	batch.Progress = func(k int) { bar.Add(int64(k)) }
	batch.Actor, batch.Source, batch.DryRun = &cliActor, kind+" "+filepath.Base(f.Name()), dry
	res, err := s.Apply(ctx, batch)
	if err != nil {
		return rep, read, err
	}
	bar.Finish()
	rep.counts(kind, res)
	rep.batch = batch
	return rep, read, nil
}

// importKind takes the kind and file from the arguments: a profile that
// loads all kinds from one file (ibm-ar) needs no kind.
func importKind(pos []string, p *importer.Profile) (kind, path string, err error) {
	if len(pos) == 1 && p != nil && p.Name == "ibm-ar" {
		return kindIBM, pos[0], nil
	}
	if len(pos) != 2 {
		if len(pos) == 1 {
			return "", pos[0], nil // the kind comes from the header
		}
		return "", "", usagef("want a file, or a kind (customers, invoices or payments) and a file")
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
// bytes, and says how it was read and under which profile.
func (a *app) readBatch(kind string, f *os.File, opts importer.Options) (store.Batch, importer.Detected, string, error) {
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
		return b, ibm.Read, kindIBM, err
	case importer.KindCustomers:
		rows, err := importer.ReadCustomersFrom(r, opts)
		b.Customers, b.CustomerRows = rows.Records, rows.Lines
		return b, rows.Read, rows.Profile, err
	case importer.KindInvoices:
		rows, err := importer.ReadInvoicesFrom(r, opts)
		b.Invoices, b.InvoiceRows = rows.Records, rows.Lines
		return b, rows.Read, rows.Profile, err
	default:
		rows, err := importer.ReadPaymentsFrom(r, opts)
		b.Payments, b.PaymentRows = rows.Records, rows.Lines
		return b, rows.Read, rows.Profile, err
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
