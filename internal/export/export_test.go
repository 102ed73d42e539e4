package export

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

func ratio(f float64) *float64 { return &f }

// sample is a table with every kind, blanks, CJK text and text that a
// spreadsheet would run as a formula.
func sample() Table {
	neg := money.Amount(-3000)
	return Table{
		Name: "账龄 aging",
		Columns: []Column{
			{Name: "客户", Kind: Text},
			{Name: "余额", Kind: Money},
			{Name: "到期日", Kind: Date},
			{Name: "笔数", Kind: Int},
			{Name: "回款率", Kind: Percent},
			{Name: "DSO", Kind: Number},
		},
		Rows: [][]any{
			{"上海宏达贸易有限公司", money.Amount(12345), civil.MustParse("2026-03-31"), 3, ratio(0.123), 45.25},
			{"=1+1", &neg, civil.Date(0), int64(-2), (*float64)(nil), math.NaN()},
			{"+86 138 0000 0000", money.Amount(-1), nil, nil, 1.0, nil},
			{"-", nil},
			{"@x", money.MaxAmount, civil.MustParse("1999-12-31"), 0, 0.0, -1.5},
		},
	}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, sample()); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF" +
		"客户,余额,到期日,笔数,回款率,DSO\r\n" +
		"上海宏达贸易有限公司,123.45,2026-03-31,3,0.123,45.25\r\n" +
		"'=1+1,-30.00,,-2,,\r\n" +
		"'+86 138 0000 0000,-0.01,,,1,\r\n" +
		"'-,,,,,\r\n" +
		"'@x,10000000000.00,1999-12-31,0,0,-1.5\r\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

func TestCSVQuoting(t *testing.T) {
	tab := Table{Columns: []Column{{Name: "a,b", Kind: Text}, {Name: "n", Kind: Text}},
		Rows: [][]any{{`say "hi"`, "two\nlines"}, {"\tTAB", "\rCR"}, {" lead", "ok"}}}
	var b bytes.Buffer
	if err := WriteCSV(&b, tab); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF" + `"a,b",n` + "\r\n" +
		`"say ""hi""","two` + "\n" + `lines"` + "\r\n" +
		"'\tTAB,\"'\rCR\"\r\n" +
		`" lead",ok` + "\r\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

func TestWrongType(t *testing.T) {
	tab := Table{Name: "x", Columns: []Column{{Name: "余额", Kind: Money}}, Rows: [][]any{{int64(5)}}}
	if err := WriteCSV(&bytes.Buffer{}, tab); err == nil || !strings.Contains(err.Error(), "余额") {
		t.Errorf("CSV of an int64 in a Money column: err = %v; want one naming the column", err)
	}
	if err := WriteXLSX(&bytes.Buffer{}, tab); err == nil {
		t.Error("XLSX of an int64 in a Money column: no error")
	}
	long := Table{Columns: []Column{{Name: "a"}}, Rows: [][]any{{"1", "2"}}}
	if err := WriteCSV(&bytes.Buffer{}, long); err == nil {
		t.Error("CSV of a row longer than the columns: no error")
	}
	if err := WriteXLSX(&bytes.Buffer{}); err == nil {
		t.Error("XLSX of no tables: no error")
	}
}

// The float written for an amount must be the double nearest its decimal
// value, the one a reader parsing "123.45" gets.
func TestYuanExact(t *testing.T) {
	check := func(a money.Amount) {
		want, err := strconv.ParseFloat(a.String(), 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := yuan(a); got != want {
			t.Errorf("yuan(%d) = %v; want %v", a, got, want)
		}
		if s := strconv.FormatFloat(yuan(a), 'f', -1, 64); strings.TrimRight(strings.TrimRight(a.String(), "0"), ".") != s {
			t.Errorf("yuan(%d) prints as %s; want %s", a, s, a.String())
		}
	}
	for a := money.Amount(-100_000); a <= 100_000; a++ {
		check(a)
	}
	for _, base := range []money.Amount{money.MaxAmount, -money.MaxAmount, 123_456_789_01, 999_999_999_99} {
		for d := money.Amount(0); d < 1000; d++ {
			check(base - d)
		}
	}
}

func openXLSX(t *testing.T, tables ...Table) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := WriteXLSX(&b, tables...); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteXLSXCells(t *testing.T) {
	f := openXLSX(t, sample())
	sheet := "账龄 aging"
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"客户", "余额", "到期日", "笔数", "回款率", "DSO"},
		{"上海宏达贸易有限公司", "123.45", "46112", "3", "0.123", "45.25"},
		{"=1+1", "-30", "", "-2"},
		{"+86 138 0000 0000", "-0.01", "", "", "1"},
		{"-"},
		{"@x", "10000000000", "36525", "0", "0", "-1.5"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("raw cells (-want +got):\n%s", diff)
	}
	formats := map[string]string{"B2": moneyFormat, "C2": dateFormat, "D2": intFormat, "E2": percentFormat, "F2": numberFormat, "B3": moneyFormat}
	for ref, want := range formats {
		if got := numFmt(t, f, sheet, ref); got != want {
			t.Errorf("%s number format = %q; want %q", ref, got, want)
		}
	}
	for ref, want := range map[string]excelize.CellType{"A3": excelize.CellTypeInlineString, "B2": excelize.CellTypeUnset, "C2": excelize.CellTypeUnset} {
		if got, _ := f.GetCellType(sheet, ref); got != want {
			t.Errorf("%s type = %v; want %v (a string, or a number)", ref, got, want)
		}
	}
	if shown, _ := f.GetCellValue(sheet, "C2"); shown != "2026-03-31" {
		t.Errorf("C2 shown as %q; want 2026-03-31", shown)
	}
}

func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

func TestWriteXLSXHeaderAndWidths(t *testing.T) {
	tab := sample()
	tab.Columns[5].Width = 30
	f := openXLSX(t, tab)
	sheet := "账龄 aging"
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v; want the first row frozen", panes)
	}
	id, _ := f.GetCellStyle(sheet, "A1")
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style = %+v; want bold", st)
	}
	// 上海宏达贸易有限公司 is 10 ideographs: 20 characters wide, plus padding;
	// the widest amount is ¥10,000,000,000.00 (19 bytes); 笔数 is 4 wide, plus bold.
	for col, want := range map[string]float64{"A": 22, "B": 21, "F": 30, "D": 7} {
		if got, _ := f.GetColWidth(sheet, col); got != want {
			t.Errorf("column %s width = %v; want %v", col, got, want)
		}
	}
}
