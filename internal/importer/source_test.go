package importer

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
)

// rareName has characters only GB18030 encodes (not GBK): 䶮 (U+4DAE) and
// 𠀀 (U+20000, outside the BMP).
const rareName = "䶮记𠀀建材有限公司"

const custFile = "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone\n" +
	"C1," + rareName + ",华东,R1,A,\"12,000.00\",30,张三,13800000001\n"

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// TestCSVEncodings reads one customers file in every encoding, detected
// and forced, comma and tab separated, and wants the same record and the
// encoding named.
func TestCSVEncodings(t *testing.T) {
	tsv := strings.ReplaceAll(strings.ReplaceAll(custFile, ",", "\t"), "\"12\t000.00\"", "\"12,000.00\"")
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	tests := []struct {
		name     string
		file     []byte
		encoding string // forced
		want     string // detected
	}{
		{"utf-8", []byte(custFile), "", "utf-8"},
		{"utf-8 with BOM", []byte("\xef\xbb\xbf" + custFile), "", "utf-8"},
		{"gb18030", encode(t, simplifiedchinese.GB18030, custFile), "", "gb18030"},
		{"gb18030 forced as gbk", encode(t, simplifiedchinese.GB18030, custFile), "gbk", "gb18030"},
		{"utf-16le tab separated", encode(t, utf16le, tsv), "", "utf-16le"},
		{"utf-16be", encode(t, utf16be, custFile), "", "utf-16be"},
		{"utf-16le forced", encode(t, utf16le, custFile), "utf-16", "utf-16le"},
		{"utf-8 tab separated", []byte(tsv), "", "utf-8"},
		{"utf-8 forced", []byte("\xef\xbb\xbf" + custFile), "UTF-8", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadCustomersFrom(bytes.NewReader(tt.file), Options{Encoding: tt.encoding})
			if err != nil {
				t.Fatal(err)
			}
			if rows.Read != (Detected{Format: FormatCSV, Encoding: tt.want}) {
				t.Errorf("read as %+v, want csv %s", rows.Read, tt.want)
			}
			if len(rows.Records) != 1 || rows.Records[0].Name != rareName || rows.Records[0].CreditLimit != money.Yuan(12000) || rows.Lines[0] != 2 {
				t.Errorf("records = %+v, lines %v", rows.Records, rows.Lines)
			}
		})
	}
}

// TestCSVEncodingRefused: GB18030 bytes read as UTF-8, or a file that is
// no text in any encoding, are refused naming row and column; an unknown
// encoding name is an error.
func TestCSVEncodingRefused(t *testing.T) {
	gb := encode(t, simplifiedchinese.GB18030, custFile)
	for _, tt := range []struct {
		name string
		file []byte
		enc  string
	}{
		{"gb18030 forced as utf-8", gb, "utf-8"},
		{"bytes that are no text", []byte(strings.Replace(custFile, rareName, "\x81\x20\xff", 1)), ""},
	} {
		_, err := ReadCustomersFrom(bytes.NewReader(tt.file), Options{Encoding: tt.enc})
		var inv *errs.Invalid
		if !errors.As(err, &inv) || len(inv.Fields) == 0 || inv.Fields[0].Row != 2 || inv.Fields[0].Field != "name" {
			t.Errorf("%s: err = %v, want row 2, name", tt.name, err)
		}
	}
	if _, err := ReadCustomersFrom(strings.NewReader(custFile), Options{Encoding: "latin1"}); err == nil || !strings.Contains(err.Error(), "latin1") {
		t.Errorf("unknown encoding: err = %v", err)
	}
}

// TestLongGB18030Detection: a file whose first megabyte is ASCII is taken
// as UTF-8 and its later GB18030 bytes are refused, not stored as junk.
func TestLongGB18030Detection(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone\n")
	for b.Len() < sniffSize {
		b.WriteString("C1,ascii,EAST,R1,A,100,30,,\n")
	}
	b.WriteString("C2," + rareName + ",华东,R1,A,100,30,,\n")
	_, err := ReadCustomersFrom(bytes.NewReader(encode(t, simplifiedchinese.GB18030, b.String())), Options{})
	var inv *errs.Invalid
	if !errors.As(err, &inv) || inv.Fields[0].Field != "name" {
		t.Errorf("err = %v, want the name refused", err)
	}
}

// workbook builds an XLSX file: sheets of rows, cells as excelize writes
// them (numbers as numbers, time.Time as a date serial).
func workbook(t *testing.T, date1904 bool, sheets map[string][][]any, order ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range order {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			if row == nil {
				continue // a row left out of the sheet
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tenth is a variable so that tenth+0.2 is computed in float64, not
// exactly as a constant.
var tenth = 0.1

var invHeader = []any{"number", "customer", "issue_date", "due_date", "amount"}

// TestXLSXInvoices reads invoices from a named sheet, dates as serials
// (written as numbers and as time.Time) and as text, amounts as numbers
// and text, a left-out row keeping the sheet's numbering.
func TestXLSXInvoices(t *testing.T) {
	june30 := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	file := workbook(t, false, map[string][][]any{
		"说明": {{"this sheet is not the data"}},
		"应收单": {
			invHeader,
			{"AR-1", "C1", 46203, 46233, 1234.5},
			{"AR-2", "C1", june30, "2026/7/30", "(1,000.00)"},
			nil,
			{"AR-3", "C1", "2026年6月30日", 46233.5, "1.2万"},
			{"AR-4", "C1", 46203, 46233, tenth + 0.2}, // 0.30000000000000004
		},
	}, "说明", "应收单")
	rows, err := ReadInvoicesFrom(bytes.NewReader(file), Options{Sheet: "应收单"})
	if err != nil {
		t.Fatal(err)
	}
	if rows.Read != (Detected{Format: FormatXLSX, Sheet: "应收单"}) {
		t.Errorf("read as %+v", rows.Read)
	}
	want := []struct {
		number string
		issue  string
		amount money.Amount
		line   int
	}{{"AR-1", "2026-06-30", 123450, 2}, {"AR-2", "2026-06-30", -100000, 3}, {"AR-3", "2026-06-30", 1_200_000, 5}, {"AR-4", "2026-06-30", 30, 6}}
	if len(rows.Records) != len(want) {
		t.Fatalf("records = %+v", rows.Records)
	}
	for i, w := range want {
		r := rows.Records[i]
		if r.Number != w.number || r.Issue != civil.MustParse(w.issue) || r.Due != civil.MustParse("2026-07-30") || r.Amount != w.amount || rows.Lines[i] != w.line {
			t.Errorf("record %d = %+v at row %d, want %+v", i, r, rows.Lines[i], w)
		}
	}
	if _, err := ReadInvoicesFrom(bytes.NewReader(file), Options{Sheet: "Sheet9"}); err == nil || !strings.Contains(err.Error(), "Sheet9") {
		t.Errorf("missing sheet: err = %v", err)
	}
	if _, err := ReadInvoicesFrom(bytes.NewReader(file), Options{}); err == nil || !strings.Contains(err.Error(), `missing columns "number"`) {
		t.Errorf("first sheet: err = %v; want 说明 read, missing its columns", err)
	}
}

// TestXLSX1904 reads serial dates of a workbook in the 1904 system, its
// header below two empty rows, numbered as the sheet shows them.
func TestXLSX1904(t *testing.T) {
	file := workbook(t, true, map[string][][]any{"S": {nil, {""}, invHeader, {"AR-1", "C1", 44741, 44771, 5}}}, "S")
	rows, err := ReadInvoicesFrom(bytes.NewReader(file), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows.Lines[0] != 4 {
		t.Errorf("row %d, want 4", rows.Lines[0])
	}
	if got := rows.Records[0]; got.Issue != civil.MustParse("2026-06-30") || got.Due != civil.MustParse("2026-07-30") {
		t.Errorf("dates = %s, %s; want 2026-06-30, 2026-07-30", got.Issue, got.Due)
	}
}

// TestXLSXErrors: a document number that became an 18-digit number, a bad
// date, an amount with three decimals, each named by the sheet's row and
// the column; a payment number in E notation too.
func TestXLSXErrors(t *testing.T) {
	file := workbook(t, false, map[string][][]any{"S": {
		invHeader,
		{int64(123456789012345678), "C1", 46203, 46233, 5},
		nil,
		{"AR-2", "C1", "2026-02-30", 46233, 5},
		{"AR-3", "C1", 46203, 46233, "1.234"},
	}}, "S")
	_, err := ReadInvoicesFrom(bytes.NewReader(file), Options{})
	wantFields(t, err, [][2]any{{2, "number"}, {4, "issue_date"}, {5, "amount"}})
	pay := workbook(t, false, map[string][][]any{"S": {{"number", "customer", "date", "amount"}, {"1.23457E+17", "C1", 46203, 5}}}, "S")
	_, err = ReadPaymentsFrom(bytes.NewReader(pay), Options{})
	wantFields(t, err, [][2]any{{2, "number"}})
	_, err = ReadPaymentsFrom(strings.NewReader("number,customer,date,amount\n1.23457E+17,C1,2026-06-30,5\n"), Options{})
	wantFields(t, err, [][2]any{{2, "number"}})
	if _, err := ReadInvoicesFrom(strings.NewReader("PK\x03\x04junk"), Options{}); err == nil || !strings.Contains(err.Error(), "xlsx") {
		t.Errorf("broken xlsx: err = %v", err)
	}
}

// TestMonthFirst reads M/D/YYYY dates only when asked.
func TestMonthFirst(t *testing.T) {
	const file = "number,customer,issue_date,due_date,amount\nI1,C1,6/30/2026,7/30/2026,5\n"
	rows, err := ReadInvoicesFrom(strings.NewReader(file), Options{MonthFirst: true})
	if err != nil || rows.Records[0].Issue != civil.MustParse("2026-06-30") {
		t.Errorf("month first: %+v, %v", rows.Records, err)
	}
	_, err = ReadInvoicesFrom(strings.NewReader(file), Options{})
	wantFields(t, err, [][2]any{{2, "issue_date"}, {2, "due_date"}})
}

// wantFields checks err is an *errs.Invalid naming exactly these rows and
// columns, in order.
func wantFields(t *testing.T, err error, want [][2]any) {
	t.Helper()
	var inv *errs.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want *errs.Invalid", err)
	}
	if len(inv.Fields) != len(want) {
		t.Fatalf("errors = %v, want %v", inv.Fields, want)
	}
	for i, w := range want {
		if f := inv.Fields[i]; f.Row != w[0].(int) || f.Field != w[1].(string) {
			t.Errorf("error %d = %v, want row %v, %v", i, f, w[0], w[1])
		}
	}
}
