package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
	"huikuan/internal/web"
)

func TestMain(m *testing.M) {
	user.Cost = 4 // bcrypt's cheapest, for speed
	storetest.Main(m)
}

const password = "test-password-1"

// world starts a server on a small ledger: reps R1 (team 东区) and R2
// (team 西区), customers C1 and C2 of R1 and C3 of R2, and users admin,
// boss (manager of 东区), rep1 and rep2.
func world(t *testing.T, dbURL string) *httptest.Server {
	t.Helper()
	srv, _ := worldWithStore(t, dbURL)
	return srv
}

// worldWithStore is world, with its store for writes a page cannot make.
func worldWithStore(t testing.TB, dbURL string) (*httptest.Server, *store.Store) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d := civil.MustParse
	_, err = s.Apply(ctx, store.Batch{
		Reps: []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}, {Code: "R2", Name: "李二", Region: "华南", Team: "西区"}},
		Customers: []ledger.Customer{
			{Code: "C1", Name: "杭州甲公司", Region: "华东", Rep: "R1", Tier: "A", CreditLimit: money.Yuan(1000), TermsDays: 30, Contact: "张三", Phone: "13800000001"},
			{Code: "C2", Name: "宁波乙公司", Region: "华东", Rep: "R1", Tier: "B", CreditLimit: money.Yuan(1000), TermsDays: 30},
			{Code: "C3", Name: "广州丙公司", Region: "华南", Rep: "R2", Tier: "C", CreditLimit: money.Yuan(1000), TermsDays: 30},
		},
		Invoices: []ledger.Invoice{{Number: "I1", Customer: "C1", Issue: d("2026-01-01"), Due: d("2026-01-31"), Amount: money.Yuan(1500)}},
		Payments: []ledger.Payment{{Number: "P1", Customer: "C1", Date: d("2026-05-10"), Amount: money.Yuan(200)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := user.HashPassword(password)
	for _, u := range []user.User{
		{Login: "admin", Name: "管理员", Role: user.Admin},
		{Login: "boss", Name: "经理", Role: user.Manager, Team: "东区"},
		{Login: "rep1", Name: "王一", Role: user.Rep, Rep: "R1"},
		{Login: "rep2", Name: "李二", Role: user.Rep, Rep: "R2"},
		{Login: "fin", Name: "会计", Role: user.Finance},
	} {
		if _, err := s.CreateUser(ctx, store.Actor{Name: "test"}, u, hash); err != nil {
			t.Fatal(err)
		}
	}
	now := func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) }
	ws, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ws.Handler())
	t.Cleanup(srv.Close)
	return srv, s
}

// client is a browser without JavaScript: it keeps cookies and does not
// follow redirects, so tests see them.
func client(t testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func loginAs(t testing.TB, srv *httptest.Server, login string) *http.Client {
	t.Helper()
	c := client(t)
	res, err := c.PostForm(srv.URL+"/login", url.Values{"login": {login}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("login as %s: %d → %s", login, res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func TestRoutesNeedLogin(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := client(t)
	for _, p := range []string{"/", "/customers", "/customers/C1", "/aging", "/aging.csv", "/settings", "/forecast", "/commitments", "/imports", "/imports/1", "/imports/1/check", "/imports/1/progress"} {
		res, err := c.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Errorf("GET %s without login: %d → %q, want a redirect to the login page", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	for _, p := range []string{"/settings/buckets", "/settings/calendar", "/logout", "/imports", "/imports/1/run", "/imports/1/mapping", "/imports/1/reading", "/imports/1/discard"} {
		res, err := c.PostForm(srv.URL+p, url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("POST %s without login: %d", p, res.StatusCode)
		}
	}
	// htmx asking for a part after the session ended sends the whole page
	// to the login, to come back where the user was.
	req, _ := http.NewRequest("POST", srv.URL+"/worklist/calls", strings.NewReader("customer=C1&disposition=no-answer"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Current-URL", srv.URL+"/worklist?rep=R1")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || res.Header.Get("HX-Redirect") != "/login?next=%2Fworklist%3Frep%3DR1" {
		t.Errorf("htmx without a session: %d %q", res.StatusCode, res.Header.Get("HX-Redirect"))
	}
	if code, body := get(t, c, srv.URL+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", code, body)
	}
}

func TestScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv := world(t, dbURL)
		tests := []struct {
			login       string
			sees, hides []string
		}{
			{"admin", []string{"C1", "C2", "C3"}, nil},
			{"boss", []string{"C1", "C2"}, []string{"C3"}},
			{"rep1", []string{"C1", "C2"}, []string{"C3"}},
			{"rep2", []string{"C3"}, []string{"C1", "C2"}},
		}
		for _, tt := range tests {
			c := loginAs(t, srv, tt.login)
			_, list := get(t, c, srv.URL+"/customers")
			for _, code := range tt.sees {
				if !strings.Contains(list, ">"+code+"<") {
					t.Errorf("%s does not see %s in the list", tt.login, code)
				}
				for _, page := range []string{"", "/documents"} {
					if status, _ := get(t, c, srv.URL+"/customers/"+code+page); status != 200 {
						t.Errorf("%s opening %s%s: %d", tt.login, code, page, status)
					}
				}
			}
			for _, code := range tt.hides {
				if strings.Contains(list, ">"+code+"<") {
					t.Errorf("%s sees %s in the list", tt.login, code)
				}
				for _, page := range []string{"", "/documents"} {
					if status, _ := get(t, c, srv.URL+"/customers/"+code+page); status != http.StatusNotFound {
						t.Errorf("%s opening %s%s: %d, want 404", tt.login, code, page, status)
					}
				}
			}
			_, csv := get(t, c, srv.URL+"/aging.csv?as_of=2026-06-30")
			for _, code := range tt.hides {
				if strings.Contains(csv, "\n"+code+",") {
					t.Errorf("%s's aging export has %s", tt.login, code)
				}
			}
			if status, _ := get(t, c, srv.URL+"/settings"); (status == 200) != (tt.login == "admin") {
				t.Errorf("%s opening settings: %d", tt.login, status)
			}
		}
	})
}

func TestCustomerPage(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "rep1")
	_, body := get(t, c, srv.URL+"/customers/C1")
	for _, want := range []string{"杭州甲公司", `href="tel:13800000001"`, "¥1,300.00", "超信用额度", `hx-get="/customers/C1/documents"`, `href="/customers/C1/documents"`} {
		if !strings.Contains(body, want) {
			t.Errorf("customer page lacks %q", want)
		}
	}
	// The invoices, payments and statement come when scrolled to (htmx
	// asks for the part alone), or as a page of their own without
	// JavaScript.
	_, docs := get(t, c, srv.URL+"/customers/C1/documents")
	for _, want := range []string{"<html", "杭州甲公司", "I1", "¥1,500.00", "P1", "对账单"} {
		if !strings.Contains(docs, want) {
			t.Errorf("documents page lacks %q", want)
		}
	}
	req, _ := http.NewRequest("GET", srv.URL+"/customers/C1/documents", nil)
	req.Header.Set("HX-Request", "true")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(part), "<html") || !strings.Contains(string(part), `<section id="documents">`) || !strings.Contains(string(part), "I1") {
		t.Errorf("documents part for htmx: %.300s", part)
	}
	_, en := get(t, c, srv.URL+"/customers/C1?lang=en")
	if !strings.Contains(en, "Over credit limit") || !strings.Contains(en, `lang="en"`) {
		t.Error("?lang=en does not give the English page")
	}
	_, again := get(t, c, srv.URL+"/customers")
	if !strings.Contains(again, "Customers") {
		t.Error("the language chosen with ?lang= is not remembered")
	}
}

func TestCSRF(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "admin")
	_, page := get(t, c, srv.URL+"/settings")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token in the settings form")
	}
	post := func(form url.Values) int {
		res, err := c.PostForm(srv.URL+"/settings/buckets", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := post(url.Values{"buckets": {"0, 15, 45"}}); code != http.StatusForbidden {
		t.Errorf("without the token: %d, want 403", code)
	}
	if code := post(url.Values{"buckets": {"0, 15, 45"}, "csrf": {"0000"}}); code != http.StatusForbidden {
		t.Errorf("with a wrong token: %d, want 403", code)
	}
	if code := post(url.Values{"buckets": {"0, 15, 45"}, "csrf": {m[1]}}); code != http.StatusSeeOther {
		t.Errorf("with the token: %d, want 303", code)
	}
	if code := post(url.Values{"buckets": {"5, 1"}, "csrf": {m[1]}}); code != http.StatusBadRequest {
		t.Errorf("bad buckets: %d, want 400", code)
	}
	_, aging := get(t, c, srv.URL+"/aging?as_of=2026-06-30")
	if !strings.Contains(aging, "16-45") || !strings.Contains(aging, "45天以上") {
		t.Error("the aging page does not use the saved buckets")
	}
}

func TestLoginLockout(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := client(t)
	try := func(pw string) int {
		res, err := c.PostForm(srv.URL+"/login", url.Values{"login": {"rep1"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for i := range 5 {
		if code := try("wrong-password"); code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, code)
		}
	}
	if code := try(password); code != http.StatusTooManyRequests {
		t.Errorf("the right password after 5 failures: %d, want 429 (locked)", code)
	}
}

func TestLogout(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "rep1")
	_, page := get(t, c, srv.URL+"/customers")
	m := csrfRE.FindStringSubmatch(page)
	res, err := c.PostForm(srv.URL+"/logout", url.Values{"csrf": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if code, _ := get(t, c, srv.URL+"/customers"); code != http.StatusSeeOther {
		t.Errorf("after logout the list answers %d", code)
	}
}

func TestAddUserAndAudit(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "admin")
	_, page := get(t, c, srv.URL+"/settings")
	token := csrfRE.FindStringSubmatch(page)[1]
	res, err := c.PostForm(srv.URL+"/settings/users", url.Values{"csrf": {token}, "login": {"zhao"}, "name": {"赵六"}, "role": {"rep"}, "rep": {"R2"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`初始密码（只显示这一次）：(\S+)<`).FindSubmatch(body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("adding a user: %d\n%s", res.StatusCode, body)
	}
	// The new rep can log in with the password shown, and sees only R2's customers.
	nc := client(t)
	res, _ = nc.PostForm(srv.URL+"/login", url.Values{"login": {"zhao"}, "password": {string(m[1])}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the new user cannot log in: %d", res.StatusCode)
	}
	if _, list := get(t, nc, srv.URL+"/customers"); !strings.Contains(list, ">C3<") || strings.Contains(list, ">C1<") {
		t.Error("the new rep does not see exactly R2's customers")
	}
	_, audit := get(t, c, srv.URL+"/audit")
	if !strings.Contains(audit, "zhao") || !strings.Contains(audit, "admin") {
		t.Error("the audit log does not show who created the user")
	}
	if code, _ := get(t, loginAs(t, srv, "rep1"), srv.URL+"/audit"); code != http.StatusForbidden {
		t.Errorf("a rep opening the audit log: %d", code)
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader("login=rep1&password="+password))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site login POST: %d, want 403", res.StatusCode)
	}
}

func TestRecordPromise(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "rep1")
	_, page := get(t, c, srv.URL+"/customers/C1")
	token := csrfRE.FindStringSubmatch(page)[1]
	post := func(c *http.Client, path string, form url.Values) *http.Response {
		t.Helper()
		res, err := c.PostForm(srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		res.Body = io.NopCloser(bytes.NewReader(b))
		return res
	}
	ref := regexp.MustCompile(`name="ref" value="(web:[0-9a-f]{16}:promise)"`).FindStringSubmatch(page)
	if ref == nil {
		t.Fatal("the promise form sends no ref")
	}
	form := url.Values{"csrf": {token}, "amount": {"12,000"}, "date": {"2026-07-15"}, "support_kind": {"downstream_promotion"}, "support": {"端午促销"}, "ref": {ref[1]}}
	for range 2 { // a double tap records the promise once
		if res := post(c, "/customers/C1/commitments", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("recording a promise: %d", res.StatusCode)
		}
	}
	_, page = get(t, c, srv.URL+"/customers/C1")
	if !strings.Contains(page, "¥12,000.00") || !strings.Contains(page, "进行中") || !strings.Contains(page, "下游促销") {
		t.Error("the promise is not on the customer page")
	}
	if n := strings.Count(page, "<td class=\"num\">¥12,000.00</td>"); n != 1 {
		t.Errorf("a promise sent twice is listed %d times", n)
	}
	bad := url.Values{"csrf": {token}, "amount": {"12,000"}, "date": {"2026-06-01"}}
	if res := post(c, "/customers/C1/commitments", bad); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a promise dated before today: %d, want 400", res.StatusCode)
	} else if b, _ := io.ReadAll(res.Body); !strings.Contains(string(b), "承诺日期：不能早于今天") {
		t.Error("the promise form does not say, in Chinese, that the date is before today")
	}
	bad = url.Values{"csrf": {token}, "amount": {"一万"}, "date": {"7月3日"}}
	if res := post(c, "/customers/C1/commitments", bad); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a promise in words: %d, want 400", res.StatusCode)
	} else if b, _ := io.ReadAll(res.Body); !strings.Contains(string(b), "金额：请填金额，如 50000 或 1234.50；承诺日期：请填日期，如 2026-12-01") {
		t.Error("the promise form does not name both mistakes in Chinese")
	}
	// Another rep can neither add to nor cancel promises of C1.
	c2 := loginAs(t, srv, "rep2")
	_, page2 := get(t, c2, srv.URL+"/customers/C3")
	token2 := csrfRE.FindStringSubmatch(page2)[1]
	form.Set("csrf", token2)
	if res := post(c2, "/customers/C1/commitments", form); res.StatusCode != http.StatusNotFound {
		t.Errorf("rep2 adding a promise for C1: %d, want 404", res.StatusCode)
	}
	if res := post(c2, "/commitments/1/cancel", url.Values{"csrf": {token2}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("rep2 cancelling C1's promise: %d, want 404", res.StatusCode)
	}
	if res := post(c, "/commitments/1/cancel", url.Values{"csrf": {token}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("cancelling: %d", res.StatusCode)
	}
	if _, page = get(t, c, srv.URL+"/customers/C1"); !strings.Contains(page, "已撤销") {
		t.Error("the cancelled promise does not show as cancelled")
	}
}

func TestLiveCredibility(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "rep1")
	_, page := get(t, c, srv.URL+"/customers/C1")
	token := csrfRE.FindStringSubmatch(page)[1]
	res, err := c.PostForm(srv.URL+"/customers/C1/commitments/score", url.Values{"csrf": {token}, "amount": {"900000"}, "date": {"2026-07-20"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	// C1 has paid nothing in the 180 days before: any promise is implausible.
	for _, want := range []string{"可信度", "难以兑现", "需要支撑方案", "没有支撑方案"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the live credibility lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(string(body), "<html") {
		t.Error("the fragment is a whole page")
	}
}

func TestCommitmentsPage(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "rep1")
	_, page := get(t, c, srv.URL+"/customers/C1")
	token := csrfRE.FindStringSubmatch(page)[1]
	for _, f := range []url.Values{
		{"csrf": {token}, "amount": {"100"}, "date": {"2026-06-30"}},                     // due today (the test clock's today)
		{"csrf": {token}, "amount": {"200"}, "date": {"2026-07-03"}},                     // this week
		{"csrf": {token}, "amount": {"90000"}, "date": {"2026-07-20"}, "contact": {"x"}}, // large, no plan: needs one
	} {
		res, err := c.PostForm(srv.URL+"/customers/C1/commitments", f)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	count := func(view string) int {
		_, body := get(t, c, srv.URL+"/commitments?view="+view)
		return strings.Count(body, `href="/customers/C1#commitments"`)
	}
	if n := count("today"); n != 1 {
		t.Errorf("due today: %d, want 1", n)
	}
	if n := count("week"); n != 2 {
		t.Errorf("due this week: %d, want 2", n)
	}
	if n := count("plan"); n < 1 {
		t.Errorf("needing a support plan: %d, want at least the ¥90,000 one", n)
	}
	if _, body := get(t, loginAs(t, srv, "rep2"), srv.URL+"/commitments?view=week"); strings.Contains(body, "C1#commitments") {
		t.Error("rep2 sees rep1's promises")
	}
}

// TestForecastTile: the list fetches the forecast tile after it is shown,
// and has it at once while it is fresh.
func TestForecastTile(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	rep1 := loginAs(t, srv, "rep1")
	if _, page := get(t, rep1, srv.URL+"/customers"); !strings.Contains(page, `hx-get="/forecast/tile"`) {
		t.Error("a rep's customer list does not fetch the forecast tile")
	}
	if _, tile := get(t, rep1, srv.URL+"/forecast/tile"); !strings.Contains(tile, "本月回款预测 2026-06") {
		t.Errorf("a rep's forecast tile: %s", tile)
	}
	if _, page := get(t, rep1, srv.URL+"/customers"); !strings.Contains(page, "本月回款预测 2026-06") {
		t.Error("the rep's list does not show the forecast worked out a moment ago")
	}
	if _, tile := get(t, loginAs(t, srv, "boss"), srv.URL+"/forecast/tile"); !strings.Contains(tile, `class="tile"`) {
		t.Error("a manager has no forecast tile")
	}
	admin := loginAs(t, srv, "admin")
	if _, page := get(t, admin, srv.URL+"/customers"); strings.Contains(page, `class="tile"`) || strings.Contains(page, "/forecast/tile") {
		t.Error("the admin's list computes a company forecast on every view")
	}
}

// TestForecastPage checks the forecast as made on each day of a past
// month: every day is there, against the actual, and only of the
// viewer's customers.
func TestForecastPage(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	rep1 := loginAs(t, srv, "rep1")
	code, page := get(t, rep1, srv.URL+"/forecast?month=2026-05")
	if code != http.StatusOK {
		t.Fatalf("GET /forecast?month=2026-05: %d", code)
	}
	if n := strings.Count(page, "<td>2026-05-"); n != 31 {
		t.Errorf("%d days of May shown, want 31", n)
	}
	if !strings.Contains(page, "实际 <strong>¥200.00</strong>") {
		t.Error("the actual of May (¥200 from C1) is not shown to C1's rep")
	}
	if _, page := get(t, loginAs(t, srv, "rep2"), srv.URL+"/forecast?month=2026-05"); !strings.Contains(page, "实际 <strong>¥0.00</strong>") {
		t.Error("another rep sees C1's payment in their forecast")
	}
	if _, page := get(t, rep1, srv.URL+"/forecast"); strings.Count(page, "<td>2026-06-") != 30 || strings.Contains(page, "偏差") {
		t.Error("the running month should show each day up to today and no error against an actual")
	}
	for _, bad := range []string{"2026-13", "2026-07", "may"} {
		if code, _ := get(t, rep1, srv.URL+"/forecast?month="+bad); code != http.StatusBadRequest {
			t.Errorf("month %q: %d, want 400", bad, code)
		}
	}
	// htmx, asking for a part, gets the problem alone to show in its place.
	req, _ := http.NewRequest("GET", srv.URL+"/forecast?month=may", nil)
	req.Header.Set("HX-Request", "true")
	res, err := rep1.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.HasPrefix(string(part), `<p class="error" role="alert">month`) {
		t.Errorf("a bad month asked by htmx: %d %.200s", res.StatusCode, part)
	}
}

// TestCalendarFeed makes a rep's secret feed and reads it as a phone
// calendar would: no session, the secret in the address.
func TestCalendarFeed(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "rep1")
	_, page := get(t, c, srv.URL+"/worklist")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no form token on the worklist")
	}
	res, err := c.PostForm(srv.URL+"/worklist/feed", url.Values{"csrf": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	feed := regexp.MustCompile(`/calendar/[0-9a-zA-Z_-]+\.ics`).FindString(string(b))
	if feed == "" {
		t.Fatalf("no feed address shown: %s", b)
	}
	code, ics := get(t, client(t), srv.URL+feed)
	if code != http.StatusOK || !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.Contains(ics, "SUMMARY:") || !strings.Contains(ics, "DTSTART;VALUE=DATE:20260630") {
		t.Errorf("the feed: %d\n%s", code, ics)
	}
	if !strings.Contains(ics, "杭州甲公司") {
		t.Errorf("C1, overdue and never called, is not in rep1's feed:\n%s", ics)
	}
	if code, _ := get(t, client(t), srv.URL+"/calendar/not-a-token.ics"); code != http.StatusNotFound {
		t.Errorf("a made-up feed: %d, want 404", code)
	}
	// A new address ends the old one.
	c.PostForm(srv.URL+"/worklist/feed", url.Values{"csrf": {m[1]}})
	if code, _ := get(t, client(t), srv.URL+feed); code != http.StatusNotFound {
		t.Errorf("the old feed after a new one: %d, want 404", code)
	}
}

// TestWorklistPage: a rep's list holds only their customers and a call
// logged from it takes the customer off; another rep cannot log a call
// with it; a manager sees the team's standing.
func TestWorklistPage(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	rep1 := loginAs(t, srv, "rep1")
	_, page := get(t, rep1, srv.URL+"/worklist")
	if !strings.Contains(page, `id="w-C1"`) || strings.Contains(page, `id="w-C3"`) {
		t.Fatalf("rep1's worklist:\n%s", page)
	}
	token := csrfRE.FindStringSubmatch(page)[1]
	res, err := rep1.PostForm(srv.URL+"/worklist/calls", url.Values{"csrf": {token}, "customer": {"C1"}, "disposition": {"no-answer"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if _, page := get(t, rep1, srv.URL+"/worklist"); strings.Contains(page, `id="w-C1"`) {
		t.Error("C1 is still on the list after the call")
	}
	_, c2 := get(t, rep1, srv.URL+"/customers/C2")
	if m := regexp.MustCompile(`name="ref" value="(web:[0-9a-f]{16}:C2)"`).FindStringSubmatch(c2); m == nil {
		t.Error("C2's page sends no ref with the call logged there")
	} else {
		// The same tap sent twice (the first answer lost on the way) logs
		// one call.
		for range 2 {
			res, err := rep1.PostForm(srv.URL+"/worklist/calls", url.Values{"csrf": {token}, "customer": {"C2"}, "from": {"customer"}, "disposition": {"no-answer"}, "ref": {m[1]}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
		}
		if _, c2 := get(t, rep1, srv.URL+"/customers/C2"); strings.Count(c2, "<td>未接通</td>") != 1 {
			t.Errorf("a tap sent twice logged %d calls", strings.Count(c2, "<td>未接通</td>"))
		}
	}
	rep2 := loginAs(t, srv, "rep2")
	_, page2 := get(t, rep2, srv.URL+"/worklist")
	// A rep's mistakes are told in the rep's language, field by field,
	// and nothing is logged.
	for _, tt := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"disposition": {"reached-promised"}, "amount": {"3000"}}, "广州丙公司 · 承诺日期：必填"},
		{url.Values{"disposition": {"reached-promised"}, "amount": {"三千"}, "date": {"2026-07-03"}}, "广州丙公司 · 金额：请填金额，如 50000 或 1234.50"},
		{url.Values{"disposition": {"reached-promised"}, "amount": {"3000"}, "date": {"2026-06-01"}}, "广州丙公司 · 承诺日期：不能早于今天"},
		{url.Values{"disposition": {"reached-refused"}, "next": {"明天"}}, "广州丙公司 · 下次跟进：请填日期，如 2026-12-01"},
		{url.Values{"disposition": {"reached-refused"}, "lang": {"en"}, "next": {"tomorrow"}}, "广州丙公司 · Next follow-up: not a date; write e.g. 2026-12-01"},
	} {
		tt.form.Set("csrf", csrfRE.FindStringSubmatch(page2)[1])
		tt.form.Set("customer", "C3")
		u := srv.URL + "/worklist/calls"
		if tt.form.Get("lang") != "" {
			u += "?lang=" + tt.form.Get("lang")
		}
		res, err := rep2.PostForm(u, tt.form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), tt.want) {
			t.Errorf("%v: %d, want 400 with %q", tt.form, res.StatusCode, tt.want)
		}
	}
	// From the customer's page, the page comes back with the problem by
	// the call's buttons.
	res, err = rep2.PostForm(srv.URL+"/worklist/calls?lang=zh", url.Values{"csrf": {csrfRE.FindStringSubmatch(page2)[1]}, "customer": {"C3"}, "from": {"customer"},
		"disposition": {"reached-promised"}, "amount": {"3000"}, "date": {"2026-06-01"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `class="cust-head"`) || !strings.Contains(string(b), `role="alert">承诺日期：不能早于今天</p>
</form>`) {
		t.Errorf("a mistake on the customer page: %d", res.StatusCode)
	}
	// From the list (htmx) the problem goes on the customer's card.
	form := url.Values{"csrf": {csrfRE.FindStringSubmatch(page2)[1]}, "customer": {"C3"}, "disposition": {"reached-promised"}, "amount": {"3000"}}
	req, _ := http.NewRequest("POST", srv.URL+"/worklist/calls?lang=zh", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	res, err = rep2.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || res.Header.Get("HX-Retarget") != `[data-problem="C3"]` || string(part) != `<p class="error" role="alert">承诺日期：必填</p>` {
		t.Errorf("a mistake from the list: %d %q %s", res.StatusCode, res.Header.Get("HX-Retarget"), part)
	}
	if _, page := get(t, rep2, srv.URL+"/customers/C3"); strings.Contains(page, `table class="calls"`) {
		t.Error("a call with a mistake was logged")
	}
	_, page2 = get(t, rep2, srv.URL+"/worklist?lang=zh")
	res, _ = rep2.PostForm(srv.URL+"/worklist/calls", url.Values{"csrf": {csrfRE.FindStringSubmatch(page2)[1]}, "customer": {"C1"}, "disposition": {"reached-paid"}})
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("rep2 logging a call with rep1's customer: %d", res.StatusCode)
	}
	if _, page := get(t, loginAs(t, srv, "boss"), srv.URL+"/worklist"); !strings.Contains(page, "团队跟进情况") || !strings.Contains(page, `href="/worklist?rep=R1"`) {
		t.Error("the manager's worklist has no team standing")
	}
}

// TestCustomerCadenceForm: a manager gives a customer its own days between
// calls on its page; a rep has no form and may not post one; a bad value
// is shown on the page and saved nowhere.
func TestCustomerCadenceForm(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	boss := loginAs(t, srv, "boss")
	_, page := get(t, boss, srv.URL+"/customers/C1")
	if !strings.Contains(page, `name="cadence_days"`) {
		t.Fatal("the manager sees no cadence form on the customer page")
	}
	token := csrfRE.FindStringSubmatch(page)[1]
	post := func(c *http.Client, days string) (int, string) {
		res, err := c.PostForm(srv.URL+"/customers/C1/cadence", url.Values{"csrf": {token}, "cadence_days": {days}})
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := post(boss, "10"); code != http.StatusSeeOther {
		t.Fatalf("saving 10 days: %d", code)
	}
	if _, page = get(t, boss, srv.URL+"/customers/C1"); !strings.Contains(page, `name="cadence_days" inputmode="numeric" size="3" value="10"`) {
		t.Error("the page does not show the customer's own 10 days")
	}
	if code, body := post(boss, "91"); code != http.StatusBadRequest || !strings.Contains(body, `role="alert">本客户跟进间隔：须为 0（按信用等级）到 90 天<`) {
		t.Errorf("saving 91 days: %d", code)
	}
	if _, page = get(t, boss, srv.URL+"/customers/C1"); !strings.Contains(page, `value="10"`) {
		t.Error("a refused value changed the cadence")
	}
	rep := loginAs(t, srv, "rep1")
	if _, page = get(t, rep, srv.URL+"/customers/C1"); strings.Contains(page, `name="cadence_days"`) {
		t.Error("a rep sees the cadence form")
	}
	token = csrfRE.FindStringSubmatch(page)[1]
	if code, _ := post(rep, "1"); code != http.StatusForbidden {
		t.Errorf("a rep posting a cadence: %d", code)
	}
}

// TestPendingCall: a call from the call center waits at the top of the
// rep's list; one tap gives it its outcome, and a second tap (another
// phone, a retry) is told the outcome is there already.
func TestPendingCall(t *testing.T) {
	srv, s := worldWithStore(t, storetest.SQLiteURL(t))
	at := time.Date(2026, 6, 30, 8, 50, 0, 0, time.UTC)
	c, err := s.RecordCTIEvent(context.Background(), store.CTIEvent{ID: "e1", Type: "call.ended", At: at, Date: civil.MustParse("2026-06-30"), CallID: "cc-1", Rep: "R1", Phone: "+86 138 0000 0001", Direction: "inbound", DurationS: 42})
	if err != nil || c == nil {
		t.Fatalf("recording the call center's call: %v %v", c, err)
	}
	rep1 := loginAs(t, srv, "rep1")
	_, page := get(t, rep1, srv.URL+"/worklist")
	if !strings.Contains(page, fmt.Sprintf(`action="/calls/%d/disposition"`, c.ID)) {
		t.Fatal("the call center's call is not waiting on the rep's list")
	}
	token := csrfRE.FindStringSubmatch(page)[1]
	give := func() (int, string) {
		res, err := rep1.PostForm(fmt.Sprintf("%s/calls/%d/disposition", srv.URL, c.ID), url.Values{"csrf": {token}, "disposition": {"reached-paid"}})
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := give(); code != http.StatusSeeOther {
		t.Errorf("giving the outcome: %d", code)
	}
	if code, body := give(); code != http.StatusBadRequest || !strings.Contains(body, "这通电话已经记录了结果") {
		t.Errorf("giving it again: %d", code)
	}
	if _, page = get(t, rep1, srv.URL+"/worklist"); strings.Contains(page, fmt.Sprintf(`action="/calls/%d/disposition"`, c.ID)) {
		t.Error("the call still waits after its outcome")
	}
}
