package cli_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"huikuan/internal/civil"
	"huikuan/internal/store/storetest"
)

// TestImportAnyFormat imports the example ledger as ERP files come — the
// customers as GB18030 CSV, the invoices as XLSX on a named sheet with
// serial dates and full-width amounts, the payments as UTF-16 tab-separated
// text — and wants each format named and the same aging as the canonical
// files give, on both databases.
func TestImportAnyFormat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		canonical := storetest.SQLiteURL(t)
		importExamples(t, canonical)
		want := mustRun(t, canonical, "report", "aging", "--as-of", "2026-06-30", "--format", "json")

		dir := t.TempDir()
		cust := filepath.Join(dir, "客户.csv")
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(readExample(t, "customers.csv"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(cust, gb, 0o644)
		inv := filepath.Join(dir, "应收单.xlsx")
		writeInvoicesXLSX(t, inv)
		pay := filepath.Join(dir, "收款单.txt")
		tsv := strings.ReplaceAll(string(readExample(t, "payments.csv")), ",", "\t")
		u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(tsv))
		os.WriteFile(pay, u16, 0o644)

		for _, c := range []struct{ kind, path, read string }{
			{"customers", cust, "(csv, gb18030)"},
			{"invoices", inv, `(xlsx, sheet "应收单")`},
			{"payments", pay, "(csv, utf-16le)"},
		} {
			args := []string{"import", c.kind, c.path}
			if c.kind == "invoices" {
				args = append(args, "--sheet", "应收单")
			}
			if out := mustRun(t, db, args...); !strings.Contains(out, c.read) {
				t.Errorf("%s: said %q, want %s", c.kind, out, c.read)
			}
		}
		if got := mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "json"); got != want {
			t.Errorf("aging from ERP files:\n%s\nwant:\n%s", got, want)
		}
	})
}

// TestImportFormatErrors: a rounded document number in a workbook is
// refused naming file, row and column, and a forced encoding that is
// wrong refuses the file rather than storing mojibake.
func TestImportFormatErrors(t *testing.T) {
	db := storetest.SQLiteURL(t)
	importExamples(t, db)
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"number", "customer", "issue_date", "due_date", "amount"})
	f.SetSheetRow("Sheet1", "A2", &[]any{int64(202606300000000123), "C001", 46203, 46233, 5})
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	r := run(t, db, "import", "invoices", book)
	if r.code != 1 || !strings.Contains(r.stderr, "book.xlsx: row 2: column number:") || !strings.Contains(r.stderr, "15 digits") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	gbk := filepath.Join(dir, "gbk.csv")
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes(readExample(t, "customers.csv"))
	os.WriteFile(gbk, gb, 0o644)
	r = run(t, db, "import", "customers", gbk, "--encoding", "utf-8")
	if r.code != 1 || !strings.Contains(r.stderr, "column name:") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, db, "import", "customers", gbk, "--encoding", "ebcdic")
	if r.code == 0 || !strings.Contains(r.stderr, "ebcdic") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func readExample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(examples + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeInvoicesXLSX writes the example invoices to a workbook's second
// sheet, dates as serial numbers and amounts as ¥ text in full-width digits.
func writeInvoicesXLSX(t *testing.T, path string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(string(readExample(t, "invoices.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	f.NewSheet("应收单")
	excelEpoch := civil.MustParse("1899-12-30")
	for i, rec := range recs {
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
			if d, err := civil.Parse(v); err == nil && i > 0 {
				row[j] = d.Sub(excelEpoch)
			} else if j == 4 && i > 0 {
				row[j] = "￥" + fullWidth(v)
			}
		}
		f.SetSheetRow("应收单", "A"+strconv.Itoa(i+1), &row)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == '.' || r == '-' {
			r += 0xFEE0 // the full-width forms sit at a fixed offset
		}
		b.WriteRune(r)
	}
	return b.String()
}
