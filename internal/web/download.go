package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"huikuan/internal/export"
)

// download answers the tables as a file in format ("xlsx" or "csv"; any
// other value is a 400 naming the format parameter) called filename (without
// extension). The file is made in memory first, so an error still gets
// an error page rather than a cut-off download.
func (s *Server) download(w http.ResponseWriter, r *http.Request, format, filename string, tables ...export.Table) error {
	f, err := export.ParseFormat(format)
	if err != nil {
		return &invalidParam{"format", err.Error()}
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, f, tables...); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	h.Set("Content-Disposition", f.Attachment(filename))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = buf.WriteTo(w)
	return err
}

// DownloadURL is the page's own URL (its filters kept) asking for the
// page's table as a download in format, headers in the page's language.
func (b Base) DownloadURL(format string) string {
	p := b.Path
	sep := "?"
	if strings.Contains(p, "?") {
		sep = "&"
	}
	return p + sep + "format=" + url.QueryEscape(format) + "&lang=" + string(b.Lang)
}

// downloadFormat is the format a page is asked to download in, "" for the
// page itself.
func downloadFormat(r *http.Request) string { return r.URL.Query().Get("format") }
