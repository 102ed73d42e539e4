package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
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

// "I'll pay soon" is written down as a dated promise with its
// credibility, not as a note; without a day it is refused, naming it.
func TestWillPaySoonIsAPromise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv, s := worldWithStore(t, dbURL)
		c := loginAs(t, srv, "rep1")
		_, page := get(t, c, srv.URL+"/customers/C1/sheet")
		m := csrfRE.FindStringSubmatch(page)
		if m == nil || !strings.Contains(page, `name="excuse_date"`) {
			t.Fatal("no excuse date on the sheet's call form")
		}
		form := url.Values{"csrf": {m[1]}, "customer": {"C1"}, "from": {"sheet"}, "excuse": {"will_pay_soon"}, "excuse_amount": {"800"}}
		code, _, body := postForm(t, c, srv.URL+"/worklist/calls", form, "")
		if code != http.StatusBadRequest || !strings.Contains(body, "日期") {
			t.Errorf("will_pay_soon without a day: %d %.300s", code, body)
		}
		form.Set("excuse_date", "2026-07-02")
		if code, loc, body := postForm(t, c, srv.URL+"/worklist/calls", form, ""); code != http.StatusSeeOther || loc != "/customers/C1/sheet" {
			t.Fatalf("will_pay_soon with a day: %d %s %.300s", code, loc, body)
		}
		ps, err := s.Commitments(context.Background(), store.CommitmentFilter{Scope: user.Scope{All: true}, Customer: "C1"})
		if err != nil || len(ps) != 1 || ps[0].Amount != money.Yuan(800) || ps[0].Due != civil.MustParse("2026-07-02") || ps[0].P == nil {
			t.Errorf("the promise %+v (%v)", ps, err)
		}
	})
}
