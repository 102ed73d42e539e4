// Package csvfile writes the CSV files huikuan hands to people, who open
// them in a spreadsheet. Every CSV the product writes goes through Writer,
// so none of them can carry a formula into Excel or WPS.
package csvfile

import (
	"encoding/csv"
	"io"
	"strings"
)

// Writer writes CSV records like encoding/csv, escaping every cell a
// spreadsheet would run as a formula (OWASP's advice on CSV injection): a
// cell that begins with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe, which spreadsheets show as text. Plain numbers the
// product writes, such as -500.00, are left alone so they stay numbers.
type Writer struct {
	w *csv.Writer
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// NewCRLFWriter returns a Writer that ends its records with CRLF, as RFC
// 4180 says (the downloads of internal/export); a line break inside a
// field is written as CRLF too, and a lone CR in one is dropped
// (encoding/csv's UseCRLF).
func NewCRLFWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{w: cw}
}

// Write writes one record, escaping its cells as the Writer says. Errors
// are kept for Flush, as encoding/csv does.
func (w *Writer) Write(record []string) error {
	out := make([]string, len(record))
	for i, cell := range record {
		out[i] = Escape(cell)
	}
	return w.w.Write(out)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Escape returns cell as a spreadsheet will show it as text: with a
// leading apostrophe when it begins with a character that starts a formula
// and is not a plain number — or when it is already such a cell behind an
// apostrophe of its own, so that Unescape gives every cell back exactly.
func Escape(cell string) string {
	if !needsEscape(cell) {
		return cell
	}
	return "'" + cell
}

func needsEscape(cell string) bool {
	switch {
	case cell == "":
		return false
	case cell[0] == '\'':
		return needsEscape(cell[1:])
	}
	return strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !plainNumber(cell)
}

// Unescape undoes Escape: a cell read back from a file huikuan wrote (or
// one a person escaped the same way) loses the apostrophe Escape added.
func Unescape(cell string) string {
	if strings.HasPrefix(cell, "'") && needsEscape(cell[1:]) {
		return cell[1:]
	}
	return cell
}

// plainNumber reports whether s is a sign, digits and at most one decimal
// point with digits after it: "-500.00", "+3", "-7".
func plainNumber(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	return whole != "" && digits(whole) && (!dot || frac != "" && digits(frac))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
