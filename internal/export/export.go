// Package export writes report tables as XLSX workbooks and CSV files.
//
// A report describes its output once, as Tables of typed columns; WriteXLSX
// and WriteCSV turn the same Table into either format, so a download from
// the pages, the API and the CLI can never disagree. The package is pure:
// it knows money, dates and ratios, never where the rows came from.
package export

import (
	"fmt"
	"math"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Kind says how a column's cells are typed and formatted.
type Kind int

const (
	// Text cells are strings (a fmt.Stringer or any other value is
	// printed with fmt); nil is blank. XLSX never reads them as formulas;
	// CSV escapes the ones that would be (see WriteCSV).
	Text Kind = iota
	// Money cells are money.Amount or *money.Amount (nil: blank), written
	// to XLSX as numbers in yuan with the "¥ #,##0.00" format and to CSV as
	// money's own decimal string ("-1234.50").
	Money
	// Date cells are civil.Date or *civil.Date, written to XLSX as real
	// dates with the yyyy-mm-dd format and to CSV as YYYY-MM-DD. The zero
	// Date and a nil pointer are blank (the zero Date means "no date").
	Date
	// Int cells are any Go integer or a pointer to int or int64 (nil: blank).
	Int
	// Percent cells are ratios: float64, *float64 or kpi.Ratio (nil, NaN
	// and ±Inf: blank); 0.123 shows as 12.3 % in XLSX and is written as
	// 0.123 to CSV.
	Percent
	// Number cells are float64, *float64 or kpi.Ratio that are not ratios
	// (days, scores), or integers; nil, NaN and ±Inf are blank.
	Number
)

// Column is one column of a Table: its header, its kind, and its width in
// characters in XLSX (0: fitted to the header and the cells, counting a
// CJK character as two).
type Column struct {
	Name  string
	Kind  Kind
	Width float64
}

// Table is one sheet of a workbook or one CSV file. Name is the sheet name
// (made valid for Excel by WriteXLSX); every row has one value per column,
// of the column's Kind (a shorter row is padded with blanks).
type Table struct {
	Name    string
	Columns []Column
	Rows    [][]any
}

// cell is a value normalised for its column's kind.
type cell struct {
	blank bool
	text  string       // Text
	money money.Amount // Money
	date  civil.Date   // Date
	i     int64        // Int
	f     float64      // Percent, Number
}

// typed normalises v for kind k; a value of the wrong type is an error,
// not a guess, because it is a bug in the report that built the table.
func typed(k Kind, v any) (cell, error) {
	if v == nil {
		return cell{blank: true}, nil
	}
	var c cell
	ok := true
	switch k {
	case Text:
		c.text = textOf(v)
	case Money:
		c.money, c.blank, ok = moneyOf(v)
	case Date:
		c.date, c.blank, ok = dateOf(v)
	case Int:
		c.i, c.blank, ok = intOf(v)
	case Percent, Number:
		c.f, c.blank, ok = floatOf(v)
	default:
		return c, fmt.Errorf("export: unknown column kind %d", k)
	}
	if !ok {
		return c, fmt.Errorf("export: a %T is not a %s value", v, k)
	}
	return c, nil
}

// String names the kind in errors.
func (k Kind) String() string {
	switch k {
	case Text:
		return "Text"
	case Money:
		return "Money"
	case Date:
		return "Date"
	case Int:
		return "Int"
	case Percent:
		return "Percent"
	case Number:
		return "Number"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

func moneyOf(v any) (a money.Amount, blank, ok bool) {
	switch v := v.(type) {
	case money.Amount:
		return v, false, true
	case *money.Amount:
		if v == nil {
			return 0, true, true
		}
		return *v, false, true
	}
	return 0, false, false
}

func dateOf(v any) (d civil.Date, blank, ok bool) {
	switch v := v.(type) {
	case civil.Date:
		return v, v == 0, true
	case *civil.Date:
		if v == nil {
			return 0, true, true
		}
		return *v, *v == 0, true
	}
	return 0, false, false
}

func intOf(v any) (n int64, blank, ok bool) {
	switch v := v.(type) {
	case int:
		return int64(v), false, true
	case int8:
		return int64(v), false, true
	case int16:
		return int64(v), false, true
	case int32:
		return int64(v), false, true
	case int64:
		return v, false, true
	case uint8:
		return int64(v), false, true
	case uint16:
		return int64(v), false, true
	case uint32:
		return int64(v), false, true
	case *int:
		if v == nil {
			return 0, true, true
		}
		return int64(*v), false, true
	case *int64:
		if v == nil {
			return 0, true, true
		}
		return *v, false, true
	}
	return 0, false, false
}

func floatOf(v any) (f float64, blank, ok bool) {
	switch v := v.(type) {
	case float64:
		f = v
	case float32:
		f = float64(v)
	case *float64:
		if v == nil {
			return 0, true, true
		}
		f = *v
	default:
		n, blank, ok := intOf(v)
		return float64(n), blank, ok
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, true, true
	}
	return f, false, true
}

// yuan is the amount in yuan as the float64 nearest to its exact decimal
// value: a is an integer below 2⁵³ (|a| ≤ money.MaxAmount), so float64(a)
// is exact and one IEEE division by 100 rounds once, to the nearest
// double — the same double strconv.ParseFloat(a.String()) gives, which
// Excel shows back as the exact yuan and fen (12345 分 → 123.45).
func yuan(a money.Amount) float64 { return float64(a) / 100 }
