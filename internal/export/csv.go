package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"huikuan/internal/csvfile"
)

// bom is the UTF-8 byte order mark: Excel opens a CSV as UTF-8 only with it
// (without, Chinese text comes out as mojibake in a GBK locale).
const bom = "\uFEFF"

// WriteCSV writes the table to w as CSV through csvfile, the product's one
// CSV writer: UTF-8 with a byte order mark, a header row of the column
// names, fields quoted and records ended by CRLF as RFC 4180 says. Amounts are money's decimal
// string in yuan ("-1234.50", never through a float), dates YYYY-MM-DD,
// ratios as plain decimals (0.123), blanks empty. A field that a
// spreadsheet would run as a formula — one beginning with = + - @, a tab
// or a CR — gets a leading apostrophe, but a plain number (a negative
// amount) stays a number. It returns an error for a cell of the wrong type
// for its column or a failed write.
func WriteCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(bom)
	cw := csvfile.NewCRLFWriter(bw)
	fields := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		fields[i] = c.Name
	}
	cw.Write(fields)
	for r, values := range t.Rows {
		if err := csvRow(fields, t.Columns, values); err != nil {
			return fmt.Errorf("export: %s row %d: %w", t.Name, r+1, err)
		}
		cw.Write(fields) // errors are kept for Flush
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
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
	return c.text
}
