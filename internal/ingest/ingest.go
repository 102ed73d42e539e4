// Package ingest reads a ledger file into a batch and applies it, for
// real or as a dry run: the one path of `huikuan import` and of the
// finance upload page, so both tell the same counts and the same errors.
package ingest

import (
	"context"
	"fmt"
	"io"
	"strings"

	"huikuan/internal/errs"
	"huikuan/internal/importer"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
)

// KindIBM is the pseudo-kind of a file that gives customers, invoices and
// payments at once (the ibm-ar profile's).
const KindIBM = "ibm-ar"

// Job is one file to import.
type Job struct {
	Kind    string // customers, invoices, payments or KindIBM
	Options importer.Options
	DryRun  bool
	Actor   *store.Actor
	File    string // the file's name: in the audit log and the history
	Size    int64
	Upload  int64  // the upload page's id of the file; 0 from the command line
	Mapping string // a custom profile's JSON, for the history
	// Written, when set, is told as the write goes on how many more
	// records were written, and how many the file holds.
	Written func(n, total int)
}

// Report is what an import did, or in a dry run would do: the JSON of
// `huikuan import --format json`.
type Report struct {
	Kind      string  `json:"kind"`
	Profile   string  `json:"profile"`
	DryRun    bool    `json:"dry_run"`
	Rows      int     `json:"rows"`
	New       int     `json:"new"`
	Unchanged int     `json:"unchanged"`
	Updated   int     `json:"updated"`
	Errors    []Error `json:"errors"`
	// Read is how the file was read; Batch and Result what was read and
	// written, for the command line's summary.
	Read   importer.Detected `json:"-"`
	Batch  store.Batch       `json:"-"`
	Result store.Result      `json:"-"`
}

// Error is a refused row's problem: row 0 is the whole file.
type Error struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// Run reads r as j says and applies it. A refused file is an
// *errs.Invalid, also listed in the report's Errors; the report has what
// was read even then.
func Run(ctx context.Context, s *store.Store, j Job, r io.Reader) (Report, error) {
	rep := Report{Kind: j.Kind, DryRun: j.DryRun, Errors: []Error{}}
	b, err := rep.read(j, r)
	if err == nil {
		b.Actor, b.Source, b.DryRun = j.Actor, j.Kind+" "+j.File, j.DryRun
		if j.Written != nil {
			total := len(b.Customers) + len(b.Invoices) + len(b.Payments)
			b.Progress = func(n int) { j.Written(n, total) }
		}
		if j.Actor != nil {
			b.Import = &store.ImportRecord{ID: j.Upload, File: j.File, Size: j.Size, Kind: j.Kind, Profile: rep.Profile, Mapping: j.Mapping, Rows: rep.Rows}
		}
		var res store.Result
		if res, err = s.Apply(ctx, b); err == nil {
			rep.counts(res)
		}
	}
	if inv, ok := err.(*errs.Invalid); ok {
		for _, f := range inv.Fields {
			rep.Errors = append(rep.Errors, Error{Row: f.Row, Column: f.Field, Message: f.Message})
		}
	}
	return rep, err
}

// read reads the whole file into a batch.
func (rep *Report) read(j Job, r io.Reader) (store.Batch, error) {
	var b store.Batch
	var err error
	switch j.Kind {
	case KindIBM:
		var ibm importer.IBM
		ibm, err = importer.ReadIBM(r, j.Options)
		b.Customers, b.Invoices, b.Payments = ibm.Customers, ibm.Invoices, ibm.Payments
		b.CustomerRows, b.InvoiceRows, b.PaymentRows = ibm.CustomerRows, ibm.InvoiceRows, ibm.PaymentRows
		rep.Read, rep.Profile, rep.Rows = ibm.Read, KindIBM, len(ibm.Invoices) // one invoice a row
	case importer.KindCustomers:
		var rows importer.Rows[ledger.Customer]
		rows, err = importer.ReadCustomersFrom(r, j.Options)
		b.Customers, b.CustomerRows = rows.Records, rows.Lines
		rep.Read, rep.Profile, rep.Rows = rows.Read, rows.Profile, len(rows.Records)
	case importer.KindInvoices:
		var rows importer.Rows[ledger.Invoice]
		rows, err = importer.ReadInvoicesFrom(r, j.Options)
		b.Invoices, b.InvoiceRows = rows.Records, rows.Lines
		rep.Read, rep.Profile, rep.Rows = rows.Read, rows.Profile, len(rows.Records)
	default:
		var rows importer.Rows[ledger.Payment]
		rows, err = importer.ReadPaymentsFrom(r, j.Options)
		b.Payments, b.PaymentRows = rows.Records, rows.Lines
		rep.Read, rep.Profile, rep.Rows = rows.Read, rows.Profile, len(rows.Records)
	}
	rep.Batch = b
	return b, err
}

// counts takes the kind's counts from the result (all kinds' for a file
// that holds them all).
func (rep *Report) counts(res store.Result) {
	rep.Result = res
	var cs []store.Counts
	switch rep.Kind {
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
		rep.New += c.Created
		rep.Unchanged += c.Unchanged
		rep.Updated += c.Updated
	}
}

// DetectKind reads the header of rs for the file's kind and the profile
// it fits, then rewinds it; the ibm-ar profile's file holds all kinds
// (KindIBM). opts.Profile, when nil, is set to the profile found.
func DetectKind(rs io.ReadSeeker, opts *importer.Options) (string, error) {
	kind, profile, err := importer.DetectKind(rs, *opts)
	if err != nil {
		return "", err
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	if opts.Profile == nil {
		if opts.Profile, err = importer.ProfileNamed(profile); err != nil {
			return "", err
		}
	}
	if profile == KindIBM {
		return KindIBM, nil
	}
	return kind, nil
}

// Profile returns the profile of that name: a built-in one, or one saved
// from the upload page with its mapping's JSON.
func Profile(ctx context.Context, s *store.Store, name string) (*importer.Profile, string, error) {
	p, err := importer.ProfileNamed(name)
	if err == nil {
		return p, "", nil
	}
	saved, serr := s.ImportProfiles(ctx)
	if serr != nil {
		return nil, "", serr
	}
	for _, sp := range saved {
		if sp.Name == name {
			p, err := importer.ReadMapping(strings.NewReader(sp.Mapping))
			return p, sp.Mapping, err
		}
	}
	var names []string
	for _, sp := range saved {
		names = append(names, sp.Name)
	}
	if len(names) > 0 {
		err = fmt.Errorf("%w, or a profile saved from the upload page: %s", err, strings.Join(names, ", "))
	}
	return nil, "", err
}
