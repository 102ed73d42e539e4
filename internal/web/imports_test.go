package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// upload posts a file to the upload page as c and returns the upload's
// page path.
func upload(t testing.TB, c *http.Client, srv, csrf, name, content string) string {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("file", name)
	io.WriteString(fw, content)
	mw.Close()
	req, _ := http.NewRequest("POST", srv+"/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/imports/") {
		t.Fatalf("upload %s: %d → %q", name, res.StatusCode, loc)
	}
	return loc
}

// TestImportRoles: only finance and admins reach the upload page; finance
// starts its day there, and neither sets targets nor sees the settings.
func TestImportRoles(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	for login, want := range map[string]int{"rep1": 403, "boss": 403, "fin": 200, "admin": 200} {
		if code, _ := get(t, loginAs(t, srv, login), srv.URL+"/imports"); code != want {
			t.Errorf("%s GET /imports: %d, want %d", login, code, want)
		}
	}
	fin := loginAs(t, srv, "fin")
	res, err := fin.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/imports" {
		t.Errorf("finance's home is %q, want /imports", loc)
	}
	for _, p := range []string{"/settings", "/targets"} {
		if code, _ := get(t, fin, srv.URL+p); code != 403 {
			t.Errorf("finance GET %s: %d, want 403", p, code)
		}
	}
	for _, p := range []string{"/aging", "/disputes", "/audit", "/customers/C3", "/ledger/invoices.csv"} {
		if code, _ := get(t, fin, srv.URL+p); code != 200 {
			t.Errorf("finance GET %s: %d, want 200", p, code)
		}
	}
}

// TestUploadPreviewErrors: every refused row is marked on its cell in the
// preview and listed with the file's own header, and the file cannot be
// imported until it is fixed.
func TestUploadPreviewErrors(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	fin := loginAs(t, srv, "fin")
	_, page := get(t, fin, srv.URL+"/imports")
	csrf := csrfRE.FindStringSubmatch(page)[1]
	file := "单据编号,客户编码,业务日期,到期日,价税合计\r\n" +
		"AR10,C1,2026-06-01,2026-07-01,\"1,000.00\"\r\n" +
		"AR11,C1,2026-13-01,2026-07-01,50\r\n" +
		"AR12,C2,2026-06-02,2026-07-02,60\r\n" +
		"AR13,C2,2026-06-03,2026-07-03,12.345\r\n"
	path := upload(t, fin, srv.URL, csrf, "应收单.csv", file)
	code, page := get(t, fin, srv.URL+path)
	if code != 200 {
		t.Fatalf("the upload's page: %d", code)
	}
	for _, want := range []struct {
		row    string
		column int // the cell, counting the row number's as 0
		says   string
	}{{"3", 3, "not a date"}, {"5", 5, "decimal"}} {
		tr := regexp.MustCompile(`<tr class="late" data-row="` + want.row + `">(.*?)</tr>`).FindStringSubmatch(page)
		if tr == nil {
			t.Errorf("row %s is not marked in the preview", want.row)
			continue
		}
		cells := regexp.MustCompile(`<td[^>]*>`).FindAllString(tr[1], -1)
		if len(cells) <= want.column || !strings.Contains(cells[want.column], `class="bad"`) || !strings.Contains(cells[want.column], want.says) {
			t.Errorf("row %s: cell %d is not marked with %q: %v", want.row, want.column, want.says, cells)
		}
	}
	for _, row := range []string{"2", "4"} {
		if !strings.Contains(page, `<tr data-row="`+row+`">`) {
			t.Errorf("the good row %s is marked bad", row)
		}
	}
	if strings.Contains(page, `id="imp-run"`) {
		t.Error("a file with errors can be imported")
	}
	if errs := regexp.MustCompile(`(?s)<table id="imp-errors">.*?</table>`).FindString(page); !strings.Contains(errs, "业务日期") || !strings.Contains(errs, "价税合计") {
		t.Errorf("the error list does not name the file's headers: %s", errs)
	}
	// What only the ledger can tell (a customer it does not have) comes
	// from the same dry run, once the file reads.
	path = upload(t, fin, srv.URL, csrf, "应收单2.csv", "单据编号,客户编码,业务日期,到期日,价税合计\r\nAR20,C1,2026-06-01,2026-07-01,10\r\nAR21,C9,2026-06-02,2026-07-02,60\r\n")
	_, page = get(t, fin, srv.URL+path)
	tr := regexp.MustCompile(`<tr class="late" data-row="3">(.*?)</tr>`).FindStringSubmatch(page)
	if tr == nil || !strings.Contains(tr[1], `class="bad" title="unknown customer`) {
		t.Errorf("the unknown customer's row is not marked on its cell: %v", tr)
	}
}

// TestUploadWithDefaults: a Kingdee customer list without region, tier or
// terms is mapped with defaults on the page, saved as a profile, imported
// in the background; the import is in the history and the audit log with
// its counts, and cannot be run twice; a file thrown away stays in the
// history without its content.
func TestUploadWithDefaults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv, s := worldWithStore(t, dbURL)
		fin := loginAs(t, srv, "fin")
		_, page := get(t, fin, srv.URL+"/imports")
		csrf := csrfRE.FindStringSubmatch(page)[1]
		file := "客户编码,客户名称,销售员,信用额度,联系人,联系电话\r\nK001,温州瓯江电器有限公司,R1,\"80,000.00\",陈东,13911112222\r\n"
		path := upload(t, fin, srv.URL, csrf, "客户列表.csv", file)
		_, page = get(t, fin, srv.URL+path)
		for _, col := range []string{"region", "credit_tier", "payment_terms_days"} {
			if !regexp.MustCompile(`<label class="error">[^<]*<input name="default.` + col + `"`).MatchString(page) {
				t.Errorf("the page does not ask for a default %s", col)
			}
		}
		form := url.Values{"csrf": {csrf}, "col.0": {"code"}, "col.1": {"name"}, "col.2": {"rep"}, "col.3": {"credit_limit"}, "col.4": {"contact"}, "col.5": {"phone"},
			"default.region": {"华东"}, "default.credit_tier": {"B"}, "default.payment_terms_days": {"abc"}}
		if code, _, body := postForm(t, fin, srv.URL+path+"/mapping", form, ""); code != 400 || !strings.Contains(body, "payment_terms_days") {
			t.Errorf("a bad default: %d, want 400 naming the column", code)
		}
		form.Set("default.payment_terms_days", "45")
		form.Set("save_as", "金蝶客户")
		if code, loc, _ := postForm(t, fin, srv.URL+path+"/mapping", form, ""); code != 303 || loc != path+"?fixed=1" {
			t.Fatalf("the mapping: %d → %q", code, loc)
		}
		_, page = get(t, fin, srv.URL+path)
		if !strings.Contains(page, `id="imp-would">共 1 行：将新增 1`) {
			t.Fatalf("the dry run after the mapping: %s", regexp.MustCompile(`(?s)<main>.*</main>`).FindString(page))
		}
		if code, _, _ := postForm(t, fin, srv.URL+path+"/run", url.Values{"csrf": {csrf}}, ""); code != 303 {
			t.Fatalf("run: %d", code)
		}
		for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if _, page = get(t, fin, srv.URL+path); strings.Contains(page, `id="imp-done"`) {
				break
			}
		}
		if !strings.Contains(page, "已导入 1 行：新增 1") {
			t.Fatalf("the import did not end: %s", regexp.MustCompile(`(?s)<main>.*</main>`).FindString(page))
		}
		c, err := s.CustomerRow(context.Background(), "K001", user.Scope{All: true}, civil.MustParse("2026-06-30"))
		if err != nil || c.Region != "华东" || c.Tier != "B" || c.TermsDays != 45 || c.Rep != "R1" {
			t.Errorf("the imported customer: %+v, %v", c, err)
		}
		if code, _, _ := postForm(t, fin, srv.URL+path+"/run", url.Values{"csrf": {csrf}}, ""); code != 400 {
			t.Errorf("running an imported upload again: %d, want 400", code)
		}
		log, _ := s.Audit(context.Background(), 20)
		found := false
		for _, e := range log {
			found = found || e.Action == "import" && e.Actor == "fin" && strings.Contains(e.Key, "客户列表.csv") && strings.Contains(e.After, `"created":1`)
		}
		if !found {
			t.Errorf("no audit entry of the import with its counts: %+v", log)
		}
		other := upload(t, fin, srv.URL, csrf, "错的.csv", "a,b\n1,2\n")
		if code, _, _ := postForm(t, fin, srv.URL+other+"/discard", url.Values{"csrf": {csrf}}, ""); code != 303 {
			t.Errorf("discard: %d", code)
		}
		h, _ := s.Imports(context.Background(), 10)
		if len(h) != 2 || h[0].Status != store.UploadDiscarded || h[1].Status != store.UploadImported || h[1].Created != 1 || h[1].Profile != "金蝶客户" {
			t.Errorf("the history: %+v", h)
		}
		if ps, _ := s.ImportProfiles(context.Background()); len(ps) != 1 || ps[0].Name != "金蝶客户" || !strings.Contains(ps[0].Mapping, `"华东"`) {
			t.Errorf("the saved profile: %+v", ps)
		}
		_, page = get(t, fin, srv.URL+"/imports")
		if !strings.Contains(page, "客户列表.csv") || !strings.Contains(page, "金蝶客户") {
			t.Error("the upload page lacks the history or the saved profile")
		}
	})
}

// TestLargeUploadChecksAfter: a file over a megabyte shows its first rows
// at once and asks for the whole file's check as a part of its own, which
// has the same counts the import would give.
func TestLargeUploadChecksAfter(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	fin := loginAs(t, srv, "fin")
	_, page := get(t, fin, srv.URL+"/imports")
	csrf := csrfRE.FindStringSubmatch(page)[1]
	var sb strings.Builder
	sb.WriteString("单据编号,业务日期,到期日,客户编码,价税合计\r\n")
	const n = 30_000
	for i := range n {
		fmt.Fprintf(&sb, "AR-BIG-%06d,2026-06-01,2026-07-01,C%d,\"1,000.00\"\r\n", i, 1+i%3)
	}
	path := upload(t, fin, srv.URL, csrf, "大文件.csv", sb.String())
	_, page = get(t, fin, srv.URL+path)
	if !strings.Contains(page, `hx-get="`+path+`/check"`) || strings.Contains(page, `id="imp-would"`) || !strings.Contains(page, `data-row="2"`) {
		t.Errorf("a large file's page: want its first rows and the check asked for after")
	}
	code, part := get(t, fin, srv.URL+path+"/check")
	if code != 200 || !strings.Contains(part, fmt.Sprintf(`id="imp-would">共 %d 行：将新增 %d`, n, n)) || strings.Contains(part, "<html") || strings.Contains(part, "hx-get") {
		t.Errorf("the check part: %d %s", code, part[:min(len(part), 500)])
	}
	if code, _ := get(t, loginAs(t, srv, "rep1"), srv.URL+path+"/check"); code != 403 {
		t.Errorf("a rep asking for the check: %d", code)
	}
}

// TestExpectedPaymentsShown: once the daily job has predicted the open
// invoices, the customer's documents and the call sheet show each one's
// expected pay date and chance of being late, the same figures as the
// store keeps.
func TestExpectedPaymentsShown(t *testing.T) {
	srv, s := worldWithStore(t, storetest.SQLiteURL(t))
	ctx := context.Background()
	if _, err := s.TrainPayDates(ctx, civil.MustParse("2026-06-30")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ScorePayDates(ctx, civil.MustParse("2026-01-15")); err != nil {
		t.Fatal(err)
	}
	es, err := s.PayExpectations(ctx, "C1")
	e, ok := es["I1"]
	if err != nil || !ok {
		t.Fatalf("I1's expectation: %+v, %v", es, err)
	}
	rep := loginAs(t, srv, "rep1")
	want := e.Expected.String()
	pct := fmt.Sprintf("%.0f%%", 100*e.PLate)
	for _, p := range []string{"/customers/C1/documents", "/customers/C1/sheet"} {
		code, page := get(t, rep, srv.URL+p)
		if code != 200 || !strings.Contains(page, want) || !strings.Contains(page, pct) {
			t.Errorf("%s: %d; want the expected date %s and %s late", p, code, want, pct)
		}
	}
}
