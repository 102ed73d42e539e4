package api

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"huikuan/internal/export"
)

// writeReport answers JSON v, or the tables as XLSX/CSV when ?format=xlsx|csv or
// the Accept header asks for it (filename without extension). Another ?format= is
// a 400 problem. The file is made in memory before anything is sent, so a
// failure is still answered as a problem rather than a cut-off download.
func (s *Server) writeReport(w http.ResponseWriter, r *http.Request, filename string, v any, tables func() []export.Table) error {
	f, err := exportFormat(r)
	if err != nil {
		return err
	}
	if f == "" {
		return writeJSON(w, http.StatusOK, v)
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, f, tables()...); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	h.Set("Content-Disposition", f.Attachment(filename))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Add("Vary", "Accept")
	_, err = buf.WriteTo(w)
	return err
}

// exportFormat is the format the request asks for ("" for JSON), for
// handlers that must know it before they load: a list exported is the
// whole filtered list, not one page.
func exportFormat(r *http.Request) (export.Format, error) {
	f, err := export.Negotiate(r.URL.Query().Get("format"), r.Header.Get("Accept"))
	if err != nil {
		return "", &httpError{http.StatusBadRequest, err.Error()}
	}
	return f, nil
}

// exportLang is the language of an export's column headers: ?lang= (zh or
// en), else the first of those in Accept-Language, else zh.
func exportLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(part))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return "zh"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "zh"
}
