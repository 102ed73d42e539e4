package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"huikuan/internal/store/storetest"
)

// TestReportXLSX: report aging and attainment write a workbook to stdout
// or to --output; the aging CSV keeps its old form, which scripts read.
func TestReportXLSX(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		out := filepath.Join(t.TempDir(), "账龄.xlsx")
		if s := mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "xlsx", "--lang", "en", "--output", out); s != "" {
			t.Errorf("--output wrote %q to stdout", s)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); len(got) != 2 || got[0] != "Aging 2026-06-30" {
			t.Errorf("sheets %q; want the lines and the totals", got)
		}
		if v, _ := f.GetCellValue("Aging 2026-06-30", "A2"); v != "C001" {
			t.Errorf("A2 = %q; want C001", v)
		}
		wb := mustRun(t, db, "report", "attainment", "--month", "2026-06", "--format", "xlsx")
		if _, err := excelize.OpenReader(strings.NewReader(wb)); err != nil {
			t.Errorf("attainment to stdout is not a workbook: %v", err)
		}
		csv := mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "csv")
		const head = "code,name,rep,not yet due,1-30,31-60,61-90,91-180,over 180,total,prepaid,disputed,credit_limit,over_limit\n"
		if !strings.HasPrefix(csv, head) || strings.HasPrefix(csv, "\uFEFF") {
			t.Errorf("aging CSV begins %q; want the old header, no BOM", csv[:min(len(csv), len(head)+3)])
		}
		file := filepath.Join(t.TempDir(), "aging.csv")
		mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "csv", "--output", file)
		if b, err := os.ReadFile(file); err != nil || !bytes.Equal(b, []byte(csv)) {
			t.Errorf("--output's CSV differs from stdout's: %v", err)
		}
		if r := run(t, db, "report", "aging", "--format", "xlsx", "--lang", "fr"); r.code != 2 {
			t.Errorf("--lang fr: exit %d", r.code)
		}
	})
}
