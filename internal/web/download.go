package web

import (
	"bytes"
	"net/http"
	"strconv"

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
