package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"huikuan/internal/money"
)

// u8CustomersCSV is a Yonyou U8 customer list (客户档案) as Excel saves it
// for a Chinese Windows: GBK, comma separated, amounts with separators.
const u8CustomersCSV = "客户编码,客户名称,地区,专管业务员,信用等级,信用额度,信用期限,联系人,电话\r\n" +
	"U801,杭州西溪五金有限公司,华东,R001,B,\"50,000.00\",30,周明,13900001111\r\n" +
	"U802,宁波甬江建材商行,华东,R001,C,\"20,000.00\",45,孙丽,13900002222\r\n"

// writeKingdeeInvoices writes a Kingdee 应收单 list the way its import
// template looks, with excelize: field keys, then captions with * for
// required, dates as real spreadsheet dates, amounts as numbers, a 合计
// line; the amount is headed 应收金额, which no profile knows, so the
// person importing it maps it by hand. It returns the invoices' total.
func writeKingdeeInvoices(t *testing.T, path string) (money.Amount, time.Time) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	rows := [][]any{
		{"FBillNo", "FDATE", "FENDDATE_H", "FCUSTOMERID", "FAMOUNT"},
		{"*(单据头)单据编号", "*(单据头)业务日期", "(单据头)到期日", "(单据头)客户.编码", "应收金额"},
	}
	y, m, d := time.Now().AddDate(0, 0, -10).Date()
	issue := time.Date(y, m, d, 0, 0, 0, 0, time.UTC) // a day, as Kingdee writes it
	for i, r := range []struct {
		number, customer string
		amount           float64
	}{{"AR-KD-2026-0001", "U801", 12345.60}, {"AR-KD-2026-0002", "U802", 8800}, {"AR-KD-2026-0003", "U801", 1000.05}} {
		d := issue.AddDate(0, 0, i)
		rows = append(rows, []any{r.number, d, d.AddDate(0, 0, 30), r.customer, r.amount})
	}
	rows = append(rows, []any{"合计", nil, nil, nil, 22145.65})
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle(sh, "B3", "C5", date); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return money.Yuan(22145) + 65, issue
}

// TestBrowserImport is issue 15's finance user, new to huikuan, at a desk:
// uploads a U8 customer list saved as GBK CSV (detected: encoding, kind,
// profile), imports it; uploads a Kingdee-style XLSX of invoices whose
// amount column no profile knows, maps it with the dropdown, saves the
// mapping as a profile, previews, imports with the progress page, and
// finds the invoices in the aging and both files in the import history.
func TestBrowserImport(t *testing.T) {
	base := startServer(t)
	dir := t.TempDir()
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(u8CustomersCSV)
	if err != nil {
		t.Fatal(err)
	}
	customers := filepath.Join(dir, "客户档案.csv")
	if err := os.WriteFile(customers, []byte(gbk), 0o600); err != nil {
		t.Fatal(err)
	}
	invoices := filepath.Join(dir, "应收单列表.xlsx")
	total, issued := writeKingdeeInvoices(t, invoices)

	ctx := browser(t, 1280, 900)
	login(t, ctx, base, "finance")
	if loc := eval(t, ctx, chromedp.Location()); !strings.HasSuffix(loc, "/imports") {
		t.Errorf("finance lands on %s, want the upload page", loc)
	}
	do(t, ctx, chromedp.Navigate(base+"/aging"), chromedp.WaitVisible(`p.total strong`))
	before := parseYuan(t, eval(t, ctx, chromedp.Text(`p.total strong`)))

	// The U8 customer list: everything detected, nothing to map.
	uploadFile(t, ctx, base, customers)
	detected := eval(t, ctx, chromedp.Text(`#imp-detected`))
	if !strings.Contains(detected, "gb18030") {
		t.Errorf("the GBK file was read as %q, want gb18030 (GBK's superset)", detected)
	}
	if k, p := selected(t, ctx, "#imp-kind"), selected(t, ctx, "#imp-profile"); k != "customers" || p != "u8" {
		t.Errorf("the U8 customer list detected as kind %q, profile %q", k, p)
	}
	if would := eval(t, ctx, chromedp.Text(`#imp-would`)); !strings.Contains(would, "将新增 2") {
		t.Errorf("the dry run of the customers says %q, want 2 new", would)
	}
	shot(t, ctx, "desktop-import-u8", 1280)
	runImport(t, ctx, "新增 2")

	// The Kingdee invoices: the amount column is mapped by hand.
	uploadFile(t, ctx, base, invoices)
	if k, p := selected(t, ctx, "#imp-kind"), selected(t, ctx, "#imp-profile"); k != "invoices" || p != "kingdee" {
		t.Errorf("the Kingdee list detected as kind %q, profile %q", k, p)
	}
	if n := eval(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#imp-preview tbody tr').length`)); n != 3 {
		t.Errorf("the preview shows %d rows, want the 3 invoices (the 合计 line skipped)", n)
	}
	if first := eval(t, ctx, chromedp.Text(`#imp-preview tbody tr:first-child td:first-child`)); first != "3" {
		t.Errorf("the first invoice is row %q, want 3 (the field keys and captions are rows 1 and 2)", first)
	}
	if d := eval(t, ctx, chromedp.Text(`#imp-preview tbody tr:first-child td:nth-child(3)`)); d != issued.Format("2006-01-02") {
		t.Errorf("the first invoice's date (a spreadsheet date) is shown as %q, want %s", d, issued.Format("2006-01-02"))
	}
	if !strings.Contains(eval(t, ctx, chromedp.Text(`#imp-mapping`)), "文件中缺少") {
		t.Error("the mapping does not say that the amount is missing")
	}
	if eval(t, ctx, chromedp.Evaluate[bool](`!!document.querySelector('#imp-run')`)) {
		t.Error("the import can be run with the amount column missing")
	}
	do(t, ctx,
		chromedp.SetValue(`select[data-header="应收金额"]`, "amount"),
		chromedp.SetValue(`#imp-save-as`, "我们的金蝶应收单"),
		chromedp.Submit(`#imp-apply`),
		chromedp.WaitVisible(`#imp-would`),
	)
	if would := eval(t, ctx, chromedp.Text(`#imp-would`)); !strings.Contains(would, "共 3 行：将新增 3") {
		t.Errorf("after the mapping the dry run says %q, want 3 new", would)
	}
	if p := selected(t, ctx, "#imp-profile"); p != "我们的金蝶应收单" {
		t.Errorf("the profile after saving is %q", p)
	}
	shot(t, ctx, "desktop-import-kingdee", 1280)
	runImport(t, ctx, "新增 3")

	do(t, ctx, chromedp.Click(`#imp-aging`), chromedp.WaitVisible(`p.total strong`))
	after := parseYuan(t, eval(t, ctx, chromedp.Text(`p.total strong`)))
	if after-before != total {
		t.Errorf("the aging's total went from %s to %s, want up by the invoices' %s", before.Format(), after.Format(), total.Format())
	}
	do(t, ctx, chromedp.Navigate(base+"/imports"), chromedp.WaitVisible(`#imp-history`))
	history := eval(t, ctx, chromedp.Text(`#imp-history tbody`))
	for _, want := range []string{"客户档案.csv", "应收单列表.xlsx", "我们的金蝶应收单", "u8", "finance"} {
		if !strings.Contains(history, want) {
			t.Errorf("the import history lacks %q: %s", want, history)
		}
	}
	shot(t, ctx, "desktop-import-history", 1280)
}

// uploadFile sends a file from the upload page and waits for its preview.
func uploadFile(t testing.TB, ctx context.Context, base, path string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/imports"),
		chromedp.WaitVisible(`#imp-file`),
		chromedp.SetUploadFiles(`#imp-file`, []string{path}),
		chromedp.Submit(`#imp-upload`),
		chromedp.WaitVisible(`#imp-detected`),
	)
}

// runImport imports the previewed file and waits for the result.
func runImport(t testing.TB, ctx context.Context, want string) {
	t.Helper()
	do(t, ctx, chromedp.Submit(`#imp-run`))
	// The page follows the import and loads itself again when it is done:
	// asked across those loads, a selector is looked for page by page.
	appears(t, ctx, "#imp-done")
	if done := eval(t, ctx, chromedp.Text(`#imp-done`)); !strings.Contains(done, want) {
		t.Errorf("the import says %q, want %q", done, want)
	}
}

// appears waits for an element to be on the page, through the page's
// reloads and redirects (chromedp's WaitVisible can lose a document that
// is replaced while it waits).
func appears(t testing.TB, ctx context.Context, sel string) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector(`+strconv.Quote(sel)+`)`)); err == nil && ok {
			return
		}
	}
	page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
	t.Fatalf("%s did not appear; the page:\n%s", sel, page)
}

func selected(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	return eval(t, ctx, chromedp.Value(sel))
}

func parseYuan(t *testing.T, s string) money.Amount {
	t.Helper()
	a, err := money.Parse(strings.NewReplacer("¥", "", ",", "").Replace(s))
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return a
}
