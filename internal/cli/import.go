package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"huikuan/internal/errs"
	"huikuan/internal/importer"
	"huikuan/internal/ingest"
	"huikuan/internal/progress"
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
	var mappingJSON string
	if opts.Profile, mappingJSON, err = a.chooseProfile(ctx, profile, mapping); err != nil {
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
		if kind, err = ingest.DetectKind(f, &opts); err != nil {
			return inFile(err, name)
		}
	}
	rep, err := a.importFile(ctx, ingest.Job{Kind: kind, Options: opts, DryRun: *dry, Actor: &cliActor, File: name, Mapping: mappingJSON}, f)
	if err != nil {
		if rep.Read.Format != "" { // a wrong guess of the encoding shows here
			fmt.Fprintf(a.Stderr, "%s: %s read as %s\n", a.name, name, rep.Read)
		}
		err = inFile(err, name)
		if _, ok := err.(*errs.Invalid); ok && *format == "json" {
			if werr := writeJSON(a.Stdout, rep); werr != nil {
				return werr
			}
		}
		return err
	}
	if *format == "json" {
		return writeJSON(a.Stdout, rep)
	}
	printImport(a.Stdout, rep, name)
	return nil
}

// importFile runs an import with progress bars: over the file's bytes
// while it is read, then over the records while they are written.
func (a *app) importFile(ctx context.Context, j ingest.Job, f *os.File) (ingest.Report, error) {
	s, err := a.open(ctx)
	if err != nil {
		return ingest.Report{Kind: j.Kind, Errors: []ingest.Error{}}, err
	}
	defer s.Close()
	if st, err := f.Stat(); err == nil {
		j.Size = st.Size()
	}
	reading := progress.New(a.Progress, "reading", j.Size, "B")
	var r io.Reader = f
	if reading != nil {
		r = &countingReader{r: f, bar: reading}
	}
	var writing *progress.Bar
	read := false
	j.Written = func(k, total int) {
		if !read { // the whole file is read before the first write
			read = true
			reading.Finish()
			writing = progress.New(a.Progress, "writing", int64(total), "rows")
		}
		writing.Add(int64(k))
	}
	rep, err := ingest.Run(ctx, s, j, r)
	if !read {
		reading.Finish()
	}
	writing.Finish()
	return rep, err
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
const kindIBM = ingest.KindIBM

// chooseProfile returns the profile --profile names (built in, or saved
// from the upload page) or --mapping holds, with the mapping's JSON for the
// import history; nil (neither) lets the reader pick the best match.
func (a *app) chooseProfile(ctx context.Context, name, mapping string) (*importer.Profile, string, error) {
	switch {
	case name != "" && mapping != "":
		return nil, "", usagef("give --profile or --mapping, not both")
	case mapping != "":
		b, err := os.ReadFile(mapping)
		if err != nil {
			return nil, "", err
		}
		p, err := importer.ReadMapping(bytes.NewReader(b))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", filepath.Base(mapping), err)
		}
		return p, string(b), nil
	case name != "":
		if p, err := importer.ProfileNamed(name); err == nil {
			return p, "", nil
		}
		s, err := a.open(ctx)
		if err != nil {
			return nil, "", err
		}
		defer s.Close()
		p, js, err := ingest.Profile(ctx, s, name)
		if err != nil {
			return nil, "", usagef("%v", err)
		}
		return p, js, nil
	}
	return nil, "", nil
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
