package web

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"huikuan/internal/errs"
	"huikuan/internal/importer"
	"huikuan/internal/ingest"
	"huikuan/internal/store"
)

// previewRows is how many of a file's first rows the upload page shows.
const previewRows = 20

// checkInline is the largest file whose dry run the upload page waits
// for; a larger one shows its first rows at once and its check when it is
// done (GET /imports/{id}/check, which htmx asks for), since a dry run of a
// 100,000-row workbook takes seconds.
const checkInline = 1 << 20

// UploadPage is one upload: how it is read (kind, profile, encoding, the
// column mapping, defaults), a preview of its first rows with every error
// marked where it is, what importing it would do, and, once started, the
// import's progress or result.
type UploadPage struct {
	Base
	Upload    store.Upload
	Read      importer.Detected
	Kinds     []string
	Profiles  []string // built in, then saved
	Edited    bool     // the profile is this file's own changes to one
	Encodings []string
	Columns   []importer.Column // the kind's canonical columns, for the dropdowns
	Header    []MappedColumn
	Defaults  []DefaultValue
	Rows      []PreviewRow
	Errors    []PreviewError
	Report    ingest.Report // the dry run
	Checked   bool          // the dry run ran: no column is missing
	Deferred  bool          // the dry run comes as a part of its own (a large file)
	Fixed     bool          // the mapping was just changed
	Job       *ImportJob    // the import started from this page, while it runs or when it failed
	Running   bool          // the job ran when the page was asked for
	Problem   string        // a mistake in the mapping form, or why the file cannot be read
}

// MappedColumn is one column of the file: its header, the canonical column
// it is read as ("" for none) and its first value.
type MappedColumn struct {
	Index  int
	Name   string
	As     string
	Sample string
}

// DefaultValue is a canonical column's value for rows that have none.
type DefaultValue struct {
	Name     string
	Value    string
	Required bool
	Missing  bool // required, neither in the file nor given a default
}

// PreviewRow is a row of the file as the spreadsheet numbers it.
type PreviewRow struct {
	Number int
	Cells  []PreviewCell
	Bad    bool
}

// PreviewCell is a cell and what is wrong with it, if anything.
type PreviewCell struct {
	Text  string
	Error string
}

// PreviewError is a refused row's problem, with the file's own header of
// the column.
type PreviewError struct {
	ingest.Error
	Header string
}

// uploadPage is GET /imports/{id}.
func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request) error {
	// Whether the job runs is asked before the upload is read: a job that
	// has ended has committed, so the upload then says what it did; one
	// that ran gets the progress, which asks again.
	job := s.jobs.get(pathID(r))
	running := job != nil && job.Running()
	u, err := s.uploadOf(r)
	if err != nil {
		return err
	}
	p, err := s.previewUpload(r, u, r.URL.Query().Get("check") == "1")
	if err != nil {
		return err
	}
	p.Job, p.Running = job, running
	p.Fixed = r.URL.Query().Get("fixed") == "1"
	return s.render(w, http.StatusOK, "upload", "", p)
}

// checkUpload is GET /imports/{id}/check: the preview with the dry run's
// findings, the part a large file's page asks for.
func (s *Server) checkUpload(w http.ResponseWriter, r *http.Request) error {
	u, err := s.uploadOf(r)
	if err != nil {
		return err
	}
	p, err := s.previewUpload(r, u, true)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "upload", "check", p)
}

// previewUpload reads the upload as it is set to be read: the head of the
// file for the mapping and the preview, then, when check is set or the
// file is small, the whole file as a dry run.
func (s *Server) previewUpload(r *http.Request, u store.Upload, check bool) (UploadPage, error) {
	p := UploadPage{Base: s.base(r, "imp.upload"), Upload: u, Kinds: []string{importer.KindCustomers, importer.KindInvoices, importer.KindPayments, ingest.KindIBM},
		Encodings: []string{"utf-8", "gb18030", "utf-16"}}
	p.Title = u.File
	p.ActiveNav = "imports"
	if u.Status != store.UploadWaiting {
		return p, nil
	}
	saved, err := s.store.ImportProfiles(r.Context())
	if err != nil {
		return p, err
	}
	for _, b := range importer.Builtin() {
		p.Profiles = append(p.Profiles, b.Name)
	}
	for _, sp := range saved {
		p.Profiles = append(p.Profiles, sp.Name)
	}
	p.Edited = u.Mapping != "" && !slices.Contains(p.Profiles, u.Profile)
	opts, err := readingOf(u)
	if err != nil {
		p.Problem = err.Error()
		return p, nil
	}
	sample, err := importer.Peek(bytes.NewReader(u.Content), opts, peekKind(u.Kind), previewRows)
	p.Read = sample.Read
	if err != nil {
		p.Problem = problemText(p.Base, err)
		return p, nil
	}
	if p.Upload.Kind == "" {
		p.Upload.Kind = sample.Kind
	}
	if p.Upload.Profile == "" {
		p.Upload.Profile = sample.Profile
	}
	p.Columns = importer.Columns(sample.Kind)
	p.mapping(sample, opts.Profile)
	p.Deferred = len(sample.Missing) == 0 && !check && len(u.Content) > checkInline
	if len(sample.Missing) == 0 && !p.Deferred {
		p.Checked = true
		p.Report, err = ingest.Run(r.Context(), s.store, ingest.Job{Kind: p.Upload.Kind, Options: opts, DryRun: true}, bytes.NewReader(u.Content))
		if _, refused := err.(*errs.Invalid); err != nil && !refused {
			return p, err // the file's problems are in the report; anything else is the server's
		}
	}
	p.preview(sample)
	return p, nil
}

// peekKind is the kind of columns a file of a kind is previewed with: the
// IBM sample is a file of invoices.
func peekKind(kind string) string {
	if kind == ingest.KindIBM {
		return importer.KindInvoices
	}
	return kind
}

// readingOf says how to read an upload: its encoding and sheet, and its
// custom mapping or the profile it names (nil: the best match).
func readingOf(u store.Upload) (importer.Options, error) {
	opts := importer.Options{Encoding: u.Encoding, Sheet: u.Sheet}
	var err error
	switch {
	case u.Mapping != "":
		opts.Profile, err = importer.ReadMapping(strings.NewReader(u.Mapping))
	case u.Profile != "":
		opts.Profile, err = importer.ProfileNamed(u.Profile)
	}
	return opts, err
}

// mapping fills the dropdowns: each header cell with the column it is read
// as, and the defaults of the kind's columns.
func (p *UploadPage) mapping(sample importer.Sample, prof *importer.Profile) {
	as := make(map[int]string, len(sample.Mapping))
	for col, i := range sample.Mapping {
		as[i] = col
	}
	for i, h := range sample.Header {
		mc := MappedColumn{Index: i, Name: h, As: as[i]}
		if len(sample.Rows) > 0 {
			mc.Sample = sample.Shown(0, i)
		}
		p.Header = append(p.Header, mc)
	}
	var defaults map[string]string
	if prof != nil {
		defaults = prof.Defaults[peekKind(p.Upload.Kind)]
	}
	for _, c := range p.Columns {
		_, found := sample.Mapping[c.Name]
		if found && defaults[c.Name] == "" {
			continue
		}
		p.Defaults = append(p.Defaults, DefaultValue{Name: c.Name, Value: defaults[c.Name], Required: c.Required,
			Missing: slices.Contains(sample.Missing, c.Name)})
	}
}

// preview lays the first rows out with each error on its cell, and lists
// every error with the file's header of its column.
func (p *UploadPage) preview(sample importer.Sample) {
	byCell := map[[2]int]string{} // row, header index → message
	badRow := map[int]bool{}
	headerOf := func(col string) (string, int) {
		if i, ok := sampleIndex(sample, col); ok {
			return sample.Header[i], i
		}
		return "", -1
	}
	for _, e := range p.Report.Errors {
		h, i := headerOf(e.Column)
		p.Errors = append(p.Errors, PreviewError{Error: e, Header: h})
		badRow[e.Row] = true
		if i >= 0 {
			byCell[[2]int{e.Row, i}] = e.Message
		}
	}
	for k := range sample.Rows {
		n := sample.RowNumbers[k]
		row := PreviewRow{Number: n, Bad: badRow[n]}
		for i := range sample.Header {
			row.Cells = append(row.Cells, PreviewCell{Text: sample.Shown(k, i), Error: byCell[[2]int{n, i}]})
		}
		p.Rows = append(p.Rows, row)
	}
}

func sampleIndex(sample importer.Sample, col string) (int, bool) {
	i, ok := sample.Mapping[col]
	return i, ok && i < len(sample.Header)
}

// problemText is an error as the page says it: a refused file's problems
// in the page's language, anything else as it is.
func problemText(b Base, err error) string {
	if inv, ok := err.(*errs.Invalid); ok {
		return b.Lang.Problem(inv)
	}
	return err.Error()
}

// setReading is POST /imports/{id}/reading: the kind, profile, encoding
// and sheet to read the upload with; the mapping goes back to the
// profile's.
func (s *Server) setReading(w http.ResponseWriter, r *http.Request) error {
	u, err := s.uploadOf(r)
	if err != nil {
		return err
	}
	u.Kind, u.Profile = r.PostFormValue("kind"), r.PostFormValue("profile")
	u.Encoding, u.Sheet = r.PostFormValue("encoding"), strings.TrimSpace(r.PostFormValue("sheet"))
	u.Mapping = ""
	if u.Profile != "" {
		if _, u.Mapping, err = ingest.Profile(r.Context(), s.store, u.Profile); err != nil {
			return &invalidParam{"profile", err.Error()}
		}
	}
	if u.Profile == ingest.KindIBM {
		u.Kind = ingest.KindIBM
	}
	if err := s.store.SetUploadReading(r.Context(), u); err != nil {
		return err
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}

// setMapping is POST /imports/{id}/mapping: the column each header is read
// as (col.N), the defaults (default.COLUMN), and, with save_as, the
// mapping saved as a named profile for the next file.
func (s *Server) setMapping(w http.ResponseWriter, r *http.Request) error {
	u, err := s.uploadOf(r)
	if err != nil {
		return err
	}
	if u.Status != store.UploadWaiting || u.Kind == "" || u.Kind == ingest.KindIBM {
		return &invalidParam{"mapping", "this upload's columns cannot be mapped"}
	}
	opts, err := readingOf(u)
	if err != nil {
		return err
	}
	sample, err := importer.Peek(bytes.NewReader(u.Content), opts, u.Kind, 0)
	if err != nil {
		return err
	}
	assign := map[int]string{}
	for i := range sample.Header {
		if col := r.PostFormValue("col." + strconv.Itoa(i)); col != "" {
			assign[i] = col
		}
	}
	defaults := map[string]string{}
	for _, c := range importer.Columns(u.Kind) {
		if v := strings.TrimSpace(r.PostFormValue("default." + c.Name)); v != "" {
			defaults[c.Name] = v
		}
	}
	name := strings.TrimSpace(r.PostFormValue("save_as"))
	profName := name
	if profName == "" {
		profName = u.Profile + "*" // this file's own changes to the profile
	}
	prof, err := importer.Custom(profName, u.Kind, sample.Header, assign, defaults, opts.Profile)
	if err != nil {
		return s.mappingProblem(w, r, u, err)
	}
	var buf bytes.Buffer
	if err := importer.WriteMapping(&buf, prof, u.Kind); err != nil {
		return err
	}
	u.Mapping, u.Profile = buf.String(), profName
	if name != "" {
		if _, err := importer.ProfileNamed(name); err == nil {
			return s.mappingProblem(w, r, u, &invalidParam{"save_as", "the name of a built-in profile"})
		}
		if err := s.store.SaveImportProfile(r.Context(), actorOf(r), store.SavedProfile{Name: name, Kind: u.Kind, Mapping: u.Mapping}); err != nil {
			return err
		}
	}
	if err := s.store.SetUploadReading(r.Context(), u); err != nil {
		return err
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(u.ID, 10)+"?fixed=1", http.StatusSeeOther)
	return nil
}

// mappingProblem shows the upload's page with what was wrong with the
// mapping form.
func (s *Server) mappingProblem(w http.ResponseWriter, r *http.Request, u store.Upload, err error) error {
	p, perr := s.previewUpload(r, u, true)
	if perr != nil {
		return perr
	}
	if bad, ok := err.(*invalidParam); ok {
		err = &errs.Invalid{Fields: []errs.FieldError{{Field: bad.field, Message: bad.msg}}}
	}
	p.Problem = problemText(p.Base, err)
	return s.render(w, http.StatusBadRequest, "upload", "", p)
}
