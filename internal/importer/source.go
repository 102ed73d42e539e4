package importer

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Formats of file the readers know.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// Options says how to read a file; the zero value detects everything.
type Options struct {
	// Format is FormatCSV or FormatXLSX; "" detects it from the first
	// bytes (a zip archive is XLSX).
	Format string
	// Encoding forces a CSV file's encoding: "utf-8", "gb18030", "gbk"
	// (read as GB18030, its superset) or "utf-16" (byte order from the
	// BOM, little-endian without one); "" detects it.
	Encoding string
	// Sheet names the XLSX sheet to read; "" is the first.
	Sheet string
	// MonthFirst reads slashed dates as M/D/YYYY rather than YYYY/M/D.
	MonthFirst bool
	// Profile maps the header's names to the canonical columns; nil picks
	// the built-in profile that finds the most columns (see Rows.Profile).
	Profile *Profile
}

// Detected says how a file was read: format, and the encoding (CSV) or
// sheet (XLSX).
type Detected struct {
	Format   string
	Encoding string // utf-8, gb18030 or utf-16le/utf-16be (CSV)
	Sheet    string // XLSX
}

// String describes the reading for messages: "csv, gb18030".
func (d Detected) String() string {
	if d.Format == FormatXLSX {
		return fmt.Sprintf("xlsx, sheet %q", d.Sheet)
	}
	return d.Format + ", " + d.Encoding
}

// rowSource yields a file's rows: the cells and the row number a person
// sees (the first header row is row 1); io.EOF after the last.
type rowSource interface {
	Next() (cells []string, row int, err error)
}

// source is an opened file: its rows, how it was read, and how its
// numbers and dates are to be understood.
type source struct {
	rows     rowSource
	detected Detected
	date1904 bool   // XLSX serial dates count from 1904-01-01
	numeric  bool   // cells may be spreadsheet numbers (XLSX)
	decoded  bool   // text was decoded from another encoding: U+FFFD marks bad bytes
	close    func() // frees what the reader holds (excelize's temporary files)
}

// Close frees the source; reading stops early on too many errors, so the
// end of the rows cannot be relied on to do it.
func (s *source) Close() {
	if s.close != nil {
		s.close()
		s.close = nil
	}
}

// openSource picks the reader for a file.
func openSource(r io.Reader, opts Options) (*source, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	format := strings.ToLower(opts.Format)
	if format == "" {
		format = FormatCSV
		if b, _ := br.Peek(4); string(b) == "PK\x03\x04" {
			format = FormatXLSX
		}
	}
	switch format {
	case FormatCSV:
		return openCSV(br, opts.Encoding)
	case FormatXLSX:
		return openXLSX(br, opts.Sheet)
	}
	return nil, fmt.Errorf("unknown format %q: want csv or xlsx", opts.Format)
}
