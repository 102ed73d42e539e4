package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"

	"huikuan/internal/errs"
	"huikuan/internal/importer"
	"huikuan/internal/ingest"
	"huikuan/internal/store"
)

// maxUpload is the largest file the upload page takes: a million invoice
// rows of an ERP export is about 100 MB as CSV.
const maxUpload = 256 << 20

// ImportsPage is the finance upload page: the form, the saved mapping
// profiles and the import history.
type ImportsPage struct {
	Base
	History  []store.Upload
	Profiles []store.SavedProfile
	Error    string
}

// imports is GET /imports, for finance and admins.
func (s *Server) imports(w http.ResponseWriter, r *http.Request) error {
	return s.importsPage(w, r, http.StatusOK, "")
}

func (s *Server) importsPage(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	p := ImportsPage{Base: s.base(r, "imp.title"), Error: problem}
	p.ActiveNav = "imports"
	var err error
	if p.History, err = s.store.Imports(r.Context(), 50); err != nil {
		return err
	}
	if p.Profiles, err = s.store.ImportProfiles(r.Context()); err != nil {
		return err
	}
	return s.render(w, status, "imports", "", p)
}

// upload is POST /imports (multipart, field file): the file is kept, its
// kind and profile detected, and the upload's page shows the mapping and
// the preview.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) error {
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return s.importsPage(w, r, http.StatusBadRequest, s.base(r, "imp.title").T("imp.no-file"))
	} else if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return s.importsPage(w, r, http.StatusRequestEntityTooLarge, s.base(r, "imp.title").Tf("imp.too-big", maxUpload>>20))
		}
		return err
	}
	defer f.Close()
	content, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	if len(content) == 0 {
		return s.importsPage(w, r, http.StatusBadRequest, s.base(r, "imp.title").T("imp.no-file"))
	}
	u := store.Upload{File: filepath.Base(hdr.Filename)}
	if u.ID, err = s.store.AddUpload(r.Context(), actorOf(r), u.File, content); err != nil {
		return err
	}
	u.Kind, u.Profile = guessKind(content)
	if u.Kind != "" {
		if err := s.store.SetUploadReading(r.Context(), u); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}

// guessKind says what a file holds and under which profile: what its
// header says when it has every column of a kind (ingest.DetectKind), else
// the kind most of whose columns it has, so that the page can offer the
// mapping of the rest; "" when it has none of any kind's.
func guessKind(content []byte) (kind, profile string) {
	opts := importer.Options{}
	if kind, err := ingest.DetectKind(bytes.NewReader(content), &opts); err == nil {
		return kind, opts.Profile.Name
	}
	best := 0
	for _, k := range []string{importer.KindCustomers, importer.KindInvoices, importer.KindPayments} {
		sample, err := importer.Peek(bytes.NewReader(content), importer.Options{}, k, 0)
		if err == nil && len(sample.Mapping) > best {
			best, kind, profile = len(sample.Mapping), k, sample.Profile
		}
	}
	return kind, profile
}

// uploadOf loads the upload the path names.
func (s *Server) uploadOf(r *http.Request) (store.Upload, error) {
	id := pathID(r)
	if id == 0 {
		return store.Upload{}, errs.ErrNotFound
	}
	return s.store.Upload(r.Context(), id)
}

// pathID is the path's {id}, 0 when it is not a number.
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// discardUpload is POST /imports/{id}/discard: the file is thrown away.
func (s *Server) discardUpload(w http.ResponseWriter, r *http.Request) error {
	u, err := s.uploadOf(r)
	if err != nil {
		return err
	}
	if err := s.store.DiscardUpload(r.Context(), u.ID); err != nil && !errors.Is(err, errs.ErrNotFound) {
		return err
	}
	http.Redirect(w, r, "/imports", http.StatusSeeOther)
	return nil
}

// limitBody refuses a request body over n bytes before anything reads it
// (the CSRF check parses the form first): at once when its length says so.
func (s *Server) limitBody(n int64, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			b := s.base(r, "error")
			s.render(w, http.StatusRequestEntityTooLarge, "error", "", ErrorPage{Base: b, Status: http.StatusRequestEntityTooLarge, Message: b.Tf("imp.too-big", n>>20)})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		h.ServeHTTP(w, r)
	})
}
