package export

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Number formats of the XLSX cells, by kind.
const (
	moneyFormat   = "¥ #,##0.00"
	dateFormat    = "yyyy-mm-dd"
	intFormat     = "#,##0"
	percentFormat = "0.0%"
	numberFormat  = "#,##0.0"
)

// excelEpoch is 1970-01-01 as an Excel serial date (days since
// 1899-12-30 in the 1900 date system, valid from 1900-03-01 on).
const excelEpoch = 25569

// WriteXLSX writes the tables as one workbook to w, one sheet per table in
// order, through excelize's stream writer so a long list is not held as a
// DOM. Each sheet has a bold header row that stays frozen when scrolling,
// columns fitted to their text (CJK counted as two characters) unless
// Column.Width says otherwise, amounts in yuan with the ¥ #,##0.00 format,
// and real dates with the yyyy-mm-dd format. It returns an error for no
// tables, a cell of the wrong type for its column, or a failed write.
func WriteXLSX(w io.Writer, tables ...Table) (err error) {
	if len(tables) == 0 {
		return errors.New("export: no tables to write")
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, name := range sheetNames(tables) {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err == nil {
			err = writeSheet(f, name, tables[i], st)
		}
		if err != nil {
			return fmt.Errorf("export: sheet %q: %w", name, err)
		}
	}
	return f.Write(w)
}

// styles are the workbook's style ids: the header's, and each kind's.
type styles struct {
	header int
	kind   map[Kind]int
}

func newStyles(f *excelize.File) (styles, error) {
	st := styles{kind: map[Kind]int{}}
	var err error
	st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return st, err
	}
	// In a fixed order, so the same tables give the same bytes.
	for _, kf := range []struct {
		k    Kind
		code string
	}{{Money, moneyFormat}, {Date, dateFormat}, {Int, intFormat}, {Percent, percentFormat}, {Number, numberFormat}} {
		if st.kind[kf.k], err = f.NewStyle(&excelize.Style{CustomNumFmt: &kf.code}); err != nil {
			return st, err
		}
	}
	return st, nil
}

// writeSheet streams one table into its sheet: the widths and the frozen
// header first (the stream writer wants them before any row), then rows.
func writeSheet(f *excelize.File, sheet string, t Table, st styles) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths, err := columnWidths(t)
	if err != nil {
		return err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		row[i] = excelize.Cell{StyleID: st.header, Value: c.Name}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for r, values := range t.Rows {
		if err := xlsxRow(row, t.Columns, values, st); err != nil {
			return fmt.Errorf("row %d: %w", r+1, err)
		}
		if err := sw.SetRow("A"+strconv.Itoa(r+2), row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// xlsxRow fills row (reused from row to row) with the typed cells of values.
func xlsxRow(row []any, cols []Column, values []any, st styles) error {
	if len(values) > len(cols) {
		return fmt.Errorf("%d values for %d columns", len(values), len(cols))
	}
	for i, col := range cols {
		row[i] = nil
		if i >= len(values) {
			continue
		}
		c, err := typed(col.Kind, values[i])
		if err != nil {
			return fmt.Errorf("column %q: %w", col.Name, err)
		}
		if c.blank {
			continue
		}
		row[i] = excelize.Cell{StyleID: st.kind[col.Kind], Value: xlsxValue(col.Kind, c)}
	}
	return nil
}

func xlsxValue(k Kind, c cell) any {
	switch k {
	case Money:
		return yuan(c.money)
	case Date:
		return int64(c.date) + excelEpoch
	case Int:
		return c.i
	case Percent, Number:
		return c.f
	}
	return c.text
}

// columnWidths is each column's Width, or for 0 the width that fits the
// header and every cell as XLSX shows it.
func columnWidths(t Table) ([]float64, error) {
	widest := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widest[i] = displayWidth(c.Name) + 1 // bold
	}
	for _, values := range t.Rows {
		for i := 0; i < len(values) && i < len(t.Columns); i++ {
			k := t.Columns[i].Kind
			if t.Columns[i].Width > 0 {
				continue
			}
			c, err := typed(k, values[i])
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", t.Columns[i].Name, err)
			}
			if !c.blank {
				widest[i] = max(widest[i], shownWidth(k, c))
			}
		}
	}
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = c.Width
		if widths[i] <= 0 {
			widths[i] = fitWidth(widest[i])
		}
	}
	return widths, nil
}

// shownWidth approximates how wide Excel shows the cell in its format.
func shownWidth(k Kind, c cell) int {
	switch k {
	case Money:
		return len(c.money.Format()) // "¥ 12,345.50": the ¥ is 2 bytes, shown as 1 plus the space
	case Date:
		return len("2006-01-02")
	case Int:
		return grouped(len(strconv.FormatInt(c.i, 10)))
	case Percent:
		return len(strconv.FormatFloat(c.f*100, 'f', 1, 64)) + 1
	case Number:
		return grouped(len(strconv.FormatFloat(c.f, 'f', 1, 64)))
	}
	return displayWidth(c.text)
}

// grouped adds room for the thousands separators of a number n digits long.
func grouped(n int) int { return n + (n-1)/3 }
