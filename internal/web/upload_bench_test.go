package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"huikuan/internal/store/storetest"
)

// previewRows is the size of the file of issue 15's preview target.
const previewRows = 100_000

// kingdeeInvoices returns n invoice rows of a Kingdee 应收单 list as GB18030
// CSV and as XLSX (excelize's stream writer, dates as real dates).
func kingdeeInvoices(b *testing.B, n int) (csv, xlsx []byte) {
	b.Helper()
	var sb strings.Builder
	sb.WriteString("单据编号,业务日期,到期日,客户编码,价税合计\r\n")
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"单据编号", "业务日期", "到期日", "客户编码", "价税合计"})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		issue := day.AddDate(0, 0, i%170)
		num, cust, amount := fmt.Sprintf("AR-BENCH-%07d", i), fmt.Sprintf("C%d", 1+i%2), float64(100+i%5000)+0.5
		fmt.Fprintf(&sb, "%s,%s,%s,%s,\"%s\"\r\n", num, issue.Format("2006/1/2"), issue.AddDate(0, 0, 30).Format("2006-01-02"), cust, fmt.Sprintf("%.2f", amount))
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{num, excelize.Cell{StyleID: style, Value: issue}, excelize.Cell{StyleID: style, Value: issue.AddDate(0, 0, 30)}, cust, amount})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(sb.String())
	if err != nil {
		b.Fatal(err)
	}
	return []byte(gb), buf.Bytes()
}

// BenchmarkUploadPreview is issue 15's preview target, a 100,000-row
// file shown within 5 s: the upload (the file kept, its kind and profile
// detected), the upload's page (the mapping and the first rows) and its
// check (a dry run of the whole file against the ledger), through the
// whole handler, for a GB18030 CSV and an XLSX of Kingdee invoices.
func BenchmarkUploadPreview(b *testing.B) {
	csv, xlsx := kingdeeInvoices(b, previewRows)
	srv, _ := worldWithStore(b, storetest.SQLiteURL(b))
	fin := loginAs(b, srv, "fin")
	_, page := getTB(b, fin, srv.URL+"/imports")
	csrf := csrfRE.FindStringSubmatch(page)[1]
	for _, f := range []struct {
		name string
		file []byte
	}{{"应收单.csv", csv}, {"应收单.xlsx", xlsx}} {
		var path string
		b.Run("upload-"+f.name[len("应收单."):], func(b *testing.B) {
			for b.Loop() {
				path = upload(b, fin, srv.URL, csrf, f.name, string(f.file))
			}
		})
		b.Run("page-"+f.name[len("应收单."):], func(b *testing.B) {
			for b.Loop() {
				if code, page := getTB(b, fin, srv.URL+path); code != 200 || !strings.Contains(page, `id="imp-preview"`) {
					b.Fatalf("the page: %d", code)
				}
			}
		})
		b.Run("check-"+f.name[len("应收单."):], func(b *testing.B) {
			for b.Loop() {
				code, part := getTB(b, fin, srv.URL+path+"/check")
				if code != 200 || !strings.Contains(part, fmt.Sprintf("共 %d 行：将新增 %d", previewRows, previewRows)) {
					b.Fatalf("the check: %d %s", code, part[max(0, len(part)-2000):])
				}
			}
		})
	}
}

func getTB(b testing.TB, c *http.Client, u string) (int, string) {
	b.Helper()
	res, err := c.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}
