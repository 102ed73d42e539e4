package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// postForm posts form as c with a Referer, returning the status, the
// redirect's target and the body.
func postForm(t *testing.T, c *http.Client, u string, form url.Values, referer string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if referer != "" {
		req.Header.Set("Referer", referer)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// TestDisputesPage: a rep carves a disputed part out of an own
// customer's invoice from a form and goes back where the form was; the
// mistakes are shown with the form as sent; another rep can neither carve
// nor see it; only an admin resolves it, with a resolution.
func TestDisputesPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv, s := worldWithStore(t, dbURL)
		c := loginAs(t, srv, "rep1")
		_, page := get(t, c, srv.URL+"/disputes?customer=C1")
		m := csrfRE.FindStringSubmatch(page)
		if m == nil || !strings.Contains(page, `name="invoice[]" value="I1"`) || !strings.Contains(page, "¥1,300.00") {
			t.Fatalf("the carve-out form of C1 does not offer I1's open ¥1,300:\n%s", page)
		}
		token := m[1]
		form := func(amount string) url.Values {
			return url.Values{"csrf": {token}, "invoice[]": {"I1"}, "amount[]": {amount}, "reason": {"quality"}, "note": {"包装破损"}}
		}
		path := srv.URL + "/customers/C1/disputes"
		for _, tc := range []struct{ amount, want string }{
			{"2,000", "金额"}, // more than I1's open amount
			{"一万", "请填金额"},
		} {
			code, _, body := postForm(t, c, path, form(tc.amount), "")
			if code != http.StatusBadRequest || !strings.Contains(body, tc.want) || !strings.Contains(body, `value="`+tc.amount+`"`) || !strings.Contains(body, "包装破损") {
				t.Errorf("amount %q: %d, want 400 saying %q with the form as sent", tc.amount, code, tc.want)
			}
		}
		if code, to, _ := postForm(t, c, path, form("300"), srv.URL+"/customers/C1?from=sheet"); code != http.StatusSeeOther || to != "/customers/C1?from=sheet" {
			t.Errorf("carving out: %d → %q, want back to the page it came from", code, to)
		}
		if code, to, _ := postForm(t, c, path, form("100"), "http://elsewhere.example/x"); code != http.StatusSeeOther || to != "/customers/C1" {
			t.Errorf("carving out from another site's page: %d → %q, want the customer page", code, to)
		}
		rows, err := s.Disputes(context.Background(), store.DisputeFilter{Scope: user.Scope{All: true}, AsOf: civil.MustParse("2026-06-30")})
		if err != nil || len(rows) != 2 || rows[0].Reason != "quality" || rows[0].OpenedBy != "rep1" || rows[0].Note != "包装破损" {
			t.Fatalf("disputes %+v, %v", rows, err)
		}
		// The rep reads the list and cannot resolve.
		_, page = get(t, c, srv.URL+"/disputes")
		if !strings.Contains(page, "杭州甲公司") || !strings.Contains(page, "产品质量") || strings.Contains(page, "/resolve") {
			t.Errorf("rep1's disputes page: want C1's disputes without resolve forms")
		}
		if code, _, _ := postForm(t, c, srv.URL+"/disputes/1/resolve", url.Values{"csrf": {token}, "resolution": {"rejected"}}, ""); code != http.StatusForbidden {
			t.Errorf("rep1 resolves: %d, want 403", code)
		}
		if _, page := get(t, c, srv.URL+"/customers"); strings.Contains(page, `href="/disputes"`) {
			t.Error("a rep's menu links to the disputes page")
		}
		c2 := loginAs(t, srv, "rep2")
		_, page2 := get(t, c2, srv.URL+"/disputes")
		if strings.Contains(page2, "杭州甲公司") {
			t.Error("rep2 sees C1's disputes")
		}
		form2 := form("10")
		form2.Set("csrf", csrfRE.FindStringSubmatch(page2)[1])
		if code, _, _ := postForm(t, c2, path, form2, ""); code != http.StatusNotFound {
			t.Errorf("rep2 carving out of C1: %d, want 404", code)
		}
		if code, _ := get(t, c2, srv.URL+"/disputes?customer=C1"); code != http.StatusNotFound {
			t.Errorf("rep2 on C1's disputes: %d, want 404", code)
		}
		// Finance resolves.
		a := loginAs(t, srv, "admin")
		_, page = get(t, a, srv.URL+"/disputes")
		if !strings.Contains(page, `href="/disputes"`) || !strings.Contains(page, `action="/disputes/1/resolve"`) || !strings.Contains(page, "开红字") {
			t.Fatal("the admin's disputes page has no menu link or no resolve form")
		}
		at := csrfRE.FindStringSubmatch(page)[1]
		if code, _, _ := postForm(t, a, srv.URL+"/disputes/1/resolve", url.Values{"csrf": {at}, "resolution": {"paid"}}, ""); code != http.StatusBadRequest {
			t.Errorf("resolution paid: %d, want 400", code)
		}
		if code, to, _ := postForm(t, a, srv.URL+"/disputes/1/resolve", url.Values{"csrf": {at}, "resolution": {"credit_note"}}, srv.URL+"/disputes"); code != http.StatusSeeOther || to != "/disputes" {
			t.Errorf("resolving: %d → %q", code, to)
		}
		rows, err = s.Disputes(context.Background(), store.DisputeFilter{Scope: user.Scope{All: true}, All: true, AsOf: civil.MustParse("2026-06-30")})
		if err != nil || len(rows) != 2 || rows[0].Resolution != ledger.CreditNote || rows[1].Open() == false {
			t.Errorf("after resolving: %+v, %v", rows, err)
		}
		if _, page := get(t, a, srv.URL+"/disputes?lang=en"); !strings.Contains(page, "Open disputes, oldest first") || !strings.Contains(page, "quality") {
			t.Error("the English disputes page")
		}
	})
}
