package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// BenchmarkBrowserPreview is issue 15's preview target as a finance user
// sees it: from pressing 上传并预览 with a 100,000-row Kingdee invoice list
// to its page in Chromium with the first rows (s-to-first-rows), then to
// the whole file's check with the counts (s-to-checked), for a GBK CSV and
// an XLSX (the demo company, the customers of the U8 list imported first).
func BenchmarkBrowserPreview(b *testing.B) {
	base := startServer(b)
	dir := b.TempDir()
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(u8CustomersCSV)
	customers := filepath.Join(dir, "客户档案.csv")
	os.WriteFile(customers, []byte(gbk), 0o600)
	csv, xlsx := filepath.Join(dir, "应收单.csv"), filepath.Join(dir, "应收单.xlsx")
	writeBigKingdee(b, csv, xlsx, 100_000)
	ctx := browser(b, 1280, 900)
	login(b, ctx, base, "finance")
	uploadFile(b, ctx, base, customers)
	runImport(b, ctx, "新增 2")
	for _, path := range []string{csv, xlsx} {
		b.Run(filepath.Ext(path)[1:], func(b *testing.B) {
			var rows, checked time.Duration
			for b.Loop() {
				start := time.Now()
				uploadFile(b, ctx, base, path)
				rows += time.Since(start)
				appears(b, ctx, "#imp-would")
				checked += time.Since(start)
				if would := eval(b, ctx, chromedp.Text(`#imp-would`)); !strings.Contains(would, "将新增 100000") {
					b.Fatalf("the preview says %q", would)
				}
			}
			b.ReportMetric(rows.Seconds()/float64(b.N), "s-to-first-rows")
			b.ReportMetric(checked.Seconds()/float64(b.N), "s-to-checked")
		})
	}
}

// writeBigKingdee writes n invoices of the U8 list's customers as a GBK
// CSV and an XLSX of Kingdee's list export.
func writeBigKingdee(b testing.TB, csvPath, xlsxPath string, n int) {
	var sb strings.Builder
	sb.WriteString("单据编号,业务日期,到期日,客户编码,价税合计\r\n")
	f := excelize.NewFile()
	defer f.Close()
	sw, _ := f.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"单据编号", "业务日期", "到期日", "客户编码", "价税合计"})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		issue := day.AddDate(0, 0, i%300)
		num, cust, amount := fmt.Sprintf("AR-BIG-%07d", i), []string{"U801", "U802"}[i%2], float64(100+i%5000)+0.5
		fmt.Fprintf(&sb, "%s,%s,%s,%s,\"%.2f\"\r\n", num, issue.Format("2006/1/2"), issue.AddDate(0, 0, 30).Format("2006-01-02"), cust, amount)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{num, excelize.Cell{StyleID: style, Value: issue}, excelize.Cell{StyleID: style, Value: issue.AddDate(0, 0, 30)}, cust, amount})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(xlsxPath); err != nil {
		b.Fatal(err)
	}
	gb, _ := simplifiedchinese.GBK.NewEncoder().String(sb.String())
	if err := os.WriteFile(csvPath, []byte(gb), 0o600); err != nil {
		b.Fatal(err)
	}
}
