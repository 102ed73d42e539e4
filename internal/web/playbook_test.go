package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// The admin edits the counters in settings: a counter naming a fact that
// does not exist is refused with its name and the typed text kept; a good
// one is saved and the call sheet fills it with the customer's figures. A
// rep may not edit them.
func TestPlaybookEditor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv := world(t, dbURL)
		c := loginAs(t, srv, "admin")
		_, page := get(t, c, srv.URL+"/settings")
		m := csrfRE.FindStringSubmatch(page)
		if m == nil || !strings.Contains(page, `name="zh.cash_tight"`) {
			t.Fatal("no playbook editor on the settings page")
		}
		post := func(c *http.Client, zh string) (int, string) {
			res, err := c.PostForm(srv.URL+"/settings/playbook", url.Values{"csrf": {m[1]}, "zh.cash_tight": {zh}, "en.cash_tight": {"Owed {owed}"}})
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		code, body := post(c, "您欠我们 {owed}，上月 {paid_last}")
		if code != http.StatusBadRequest || !strings.Contains(body, "{paid_last}") || !strings.Contains(body, "上月 {paid_last}") {
			t.Errorf("an unknown fact: %d, %.400s", code, body)
		}
		if code, _ := post(c, "您欠我们 {owed}"); code != http.StatusSeeOther {
			t.Errorf("a good counter: %d", code)
		}
		_, page = get(t, c, srv.URL+"/settings")
		if !strings.Contains(page, "您欠我们 {owed}") {
			t.Error("the saved counter is not in the editor")
		}
		if _, sheet := get(t, c, srv.URL+"/customers/C1/sheet"); !strings.Contains(sheet, `id="ask"`) {
			t.Errorf("the call sheet: %.300s", sheet)
		}
		rep := loginAs(t, srv, "rep1")
		if code, _ := post(rep, "x"); code != http.StatusForbidden {
			t.Errorf("a rep editing the playbook: %d", code)
		}
	})
}
