package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"huikuan/internal/errs"
	"huikuan/internal/importer"
	"huikuan/internal/ingest"
	"huikuan/internal/user"
)

// maxImport is the largest file the API takes, as the upload page.
const maxImport = 256 << 20

// ImportReport is what an import did or, as a dry run, would do: the JSON
// of `huikuan import --format json`.
type ImportReport = ingest.Report

// importFile is POST /api/v1/imports: the body is a CSV or XLSX file,
// read and applied as `huikuan import` reads and applies it (ingest.Run),
// for finance and admins. Importing the same file again changes nothing,
// so a retry is harmless.
func (s *Server) importFile(w http.ResponseWriter, r *http.Request, u user.User) error {
	if !u.Role.KeepsBooks() {
		return errs.ErrForbidden
	}
	q := r.URL.Query()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxImport))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the file is larger than %d MB", maxImport>>20)}
	} else if err != nil {
		return err
	}
	j := ingest.Job{Kind: q.Get("kind"), Options: importer.Options{Encoding: q.Get("encoding"), Sheet: q.Get("sheet")},
		Actor: actor(u), File: q.Get("file_name"), Size: int64(len(body))}
	if j.File == "" {
		j.File = "api"
	}
	switch q.Get("dry_run") {
	case "", "false":
	case "true":
		j.DryRun = true
	default:
		return invalidField("dry_run", "want true or false")
	}
	if p := q.Get("profile"); p != "" {
		if j.Options.Profile, j.Mapping, err = ingest.Profile(r.Context(), s.store, p); err != nil {
			return invalidField("profile", err.Error())
		}
	}
	rep := ingest.Report{Kind: j.Kind, DryRun: j.DryRun, Errors: []ingest.Error{}}
	switch {
	case j.Kind == "":
		if j.Kind, err = ingest.DetectKind(bytes.NewReader(body), &j.Options); err != nil {
			return importRefused(w, rep, err)
		}
	case !slices.Contains([]string{importer.KindCustomers, importer.KindInvoices, importer.KindPayments, ingest.KindIBM}, j.Kind):
		return invalidField("kind", "want customers, invoices, payments or ibm-ar")
	}
	if rep, err = ingest.Run(r.Context(), s.store, j, bytes.NewReader(body)); err != nil {
		return importRefused(w, rep, err)
	}
	status := http.StatusOK
	if !j.DryRun && rep.New > 0 {
		status = http.StatusCreated
	}
	return writeJSON(w, status, rep)
}

// importRefused answers a refused file with the report and its errors by
// row and column, 422; other errors are the server's.
func importRefused(w http.ResponseWriter, rep ingest.Report, err error) error {
	var inv *errs.Invalid
	if !errors.As(err, &inv) {
		return err
	}
	if len(rep.Errors) == 0 {
		for _, f := range inv.Fields {
			rep.Errors = append(rep.Errors, ingest.Error{Row: f.Row, Column: f.Field, Message: f.Message})
		}
	}
	return writeJSON(w, http.StatusUnprocessableEntity, rep)
}

func invalidField(field, msg string) error {
	return &errs.Invalid{Fields: []errs.FieldError{{Field: field, Message: msg}}}
}
