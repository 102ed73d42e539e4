package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Format is a download format.
type Format string

// The download formats; the value is also the file extension and what
// ?format= says.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// Media types of the formats.
const (
	XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	CSVType  = "text/csv"
)

// ParseFormat reads a ?format= value: xlsx or csv; anything else is an
// error saying which values are allowed.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case XLSX, CSV:
		return Format(s), nil
	}
	return "", fmt.Errorf("format must be xlsx or csv, not %q", s)
}

// Negotiate says in which format to answer a request: the ?format= value
// when given ("json" meaning none), else the first of the Accept header's
// types that is XLSXType, CSVType or JSON (any JSON or */* meaning none).
// It returns "" for JSON, and an error for a ?format= value it does not know.
func Negotiate(format, accept string) (Format, error) {
	switch format {
	case "json":
		return "", nil
	case "":
	default:
		return ParseFormat(format)
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, _ := strings.Cut(part, ";")
		if refused(params) {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(mt)) {
		case XLSXType:
			return XLSX, nil
		case CSVType:
			return CSV, nil
		case "application/json", "application/problem+json", "application/*", "*/*":
			return "", nil
		}
	}
	return "", nil
}

// refused reports whether media type parameters carry q=0.
func refused(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "q") {
			q, err := strconv.ParseFloat(v, 64)
			return err == nil && q == 0
		}
	}
	return false
}

// ContentType is the Content-Type header of a download in format f.
func (f Format) ContentType() string {
	if f == CSV {
		return CSVType + "; charset=utf-8"
	}
	return XLSXType
}

// Write writes the tables in format f: every table as a sheet of one
// workbook for XLSX, the first table for CSV (a CSV file holds one).
func Write(w io.Writer, f Format, tables ...Table) error {
	switch f {
	case XLSX:
		return WriteXLSX(w, tables...)
	case CSV:
		if len(tables) == 0 {
			return fmt.Errorf("export: no table to write")
		}
		return WriteCSV(w, tables[0])
	}
	return fmt.Errorf("export: unknown format %q", f)
}

// Attachment is the Content-Disposition header of a download of name (a
// file name without extension) in format f: RFC 6266, with the name as
// UTF-8 in filename* and an ASCII fallback in filename for old clients
// (characters outside letters, digits, - . _ become _).
func (f Format) Attachment(name string) string {
	full := name + "." + string(f)
	return `attachment; filename="` + asciiName(name) + "." + string(f) + `"; filename*=UTF-8''` + pathEscape(full)
}

func asciiName(name string) string {
	var b strings.Builder
	lastUnderscore := false
	for _, r := range name {
		ok := r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_')
		switch {
		case ok:
			b.WriteRune(r)
			lastUnderscore = r == '_'
		case !lastUnderscore:
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	s := strings.Trim(b.String(), "_.")
	if s == "" {
		return "export"
	}
	return s
}

// pathEscape percent-encodes everything but RFC 5987's attr-chars.
func pathEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
		}
	}
	return b.String()
}
