package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// bom is the UTF-8 byte order mark: Excel opens a CSV as UTF-8 only with it
// (without, Chinese text comes out as mojibake in a GBK locale).
const bom = "\uFEFF"

// WriteCSV writes the table to w as CSV: UTF-8 with a byte order mark, a
// header row of the column names, fields quoted as RFC 4180 says and lines
// ending in CRLF. Amounts are money's decimal string in yuan ("-1234.50",
// never through a float), dates YYYY-MM-DD, ratios as plain decimals
// (0.123), blanks empty. A text field that a spreadsheet would run as a
// formula — one beginning with = + - @, a tab or a CR — gets a leading
// apostrophe; numbers (a negative amount included) are never escaped. It
// returns an error for a cell of the wrong type for its column or a failed
// write.
func WriteCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(bom)
	fields := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		fields[i] = defuse(c.Name)
	}
	writeRecord(bw, fields)
	for r, values := range t.Rows {
		if err := csvRow(fields, t.Columns, values); err != nil {
			return fmt.Errorf("export: %s row %d: %w", t.Name, r+1, err)
		}
		writeRecord(bw, fields)
	}
	return bw.Flush() // a bufio.Writer keeps its first error for Flush
}

// writeRecord writes one RFC 4180 record ending in CRLF: a field with a
// comma, a quote, a CR or LF, or space at either end is quoted, its quotes
// doubled. (encoding/csv with UseCRLF drops a lone CR inside a field.)
func writeRecord(bw *bufio.Writer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			bw.WriteByte(',')
		}
		if !needsQuotes(f) {
			bw.WriteString(f)
			continue
		}
		bw.WriteByte('"')
		bw.WriteString(strings.ReplaceAll(f, `"`, `""`))
		bw.WriteByte('"')
	}
	bw.WriteString("\r\n")
}

func needsQuotes(f string) bool {
	return f != "" && (strings.ContainsAny(f, ",\"\r\n") ||
		f[0] == ' ' || f[0] == '\t' || f[len(f)-1] == ' ' || f[len(f)-1] == '\t')
}

// csvRow fills fields (reused from row to row) with the values' text.
func csvRow(fields []string, cols []Column, values []any) error {
	if len(values) > len(cols) {
		return fmt.Errorf("%d values for %d columns", len(values), len(cols))
	}
	for i, col := range cols {
		fields[i] = ""
		if i >= len(values) {
			continue
		}
		c, err := typed(col.Kind, values[i])
		if err != nil {
			return fmt.Errorf("column %q: %w", col.Name, err)
		}
		if !c.blank {
			fields[i] = csvText(col.Kind, c)
		}
	}
	return nil
}

// csvText formats a cell; only Text can hold a formula, the other kinds
// are numbers or dates written here.
func csvText(k Kind, c cell) string {
	switch k {
	case Money:
		return c.money.String()
	case Date:
		return c.date.String()
	case Int:
		return strconv.FormatInt(c.i, 10)
	case Percent, Number:
		return strconv.FormatFloat(c.f, 'f', -1, 64)
	}
	return defuse(c.text)
}

// defuse prefixes an apostrophe to text that Excel, LibreOffice or Google
// Sheets would take for a formula, so "=1+1" or "+86 138…" from a
// customer's data is shown as text instead of being run (CSV injection).
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
