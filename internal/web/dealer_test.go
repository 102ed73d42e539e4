package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
	"huikuan/internal/web"
)

// TestDealerLink: the dealer's page opens by its link without a login, in
// Chinese, with its statement and open invoices and nothing of other
// customers or the reps; its three forms record a confirmation, a
// mismatch dispute and a proposed promise; a tampered, expired or revoked
// link is a 4xx page without data; cross-site posts are refused; an
// address that hammers the page is slowed down.
func TestDealerLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv, s := worldWithStore(t, dbURL)
		ctx := context.Background()
		now := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) // the world's clock
		tok, err := s.CreateLink(ctx, store.Actor{Name: "fin"}, user.Scope{All: true}, "C1", civil.MustParse("2026-06-30"), 14, now)
		if err != nil {
			t.Fatal(err)
		}
		c := client(t)
		code, body := get(t, c, srv.URL+"/d/"+tok)
		if code != http.StatusOK || !strings.Contains(body, "杭州甲公司") || !strings.Contains(body, "对账确认") || !strings.Contains(body, "I1") || !strings.Contains(body, "¥1,300.00") {
			t.Fatalf("the dealer page: %d\n%s", code, body)
		}
		for _, other := range []string{"宁波乙公司", "广州丙公司", "王一", ">R1<", "/customers/C1", "p_late", "可信度"} {
			if strings.Contains(body, other) {
				t.Errorf("the dealer page shows %q", other)
			}
		}
		post := func(form string, v url.Values) (int, string) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/d/"+tok+"/"+form, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			return res.StatusCode, res.Header.Get("Location")
		}
		if code, loc := post("confirm", url.Values{"name": {"张会计"}, "balance": {"1300.00"}}); code != http.StatusSeeOther || !strings.Contains(loc, "done=confirm") {
			t.Errorf("confirm: %d → %s", code, loc)
		}
		if code, _ := post("confirm", url.Values{"balance": {"1300.00"}}); code != http.StatusBadRequest {
			t.Errorf("confirm without a name: %d", code)
		}
		if code, loc := post("mismatch", url.Values{"name": {"张会计"}, "invoice0": {"I1"}, "amount0": {"200"}, "note": {"少了一笔退货"}}); code != http.StatusSeeOther || !strings.Contains(loc, "done=mismatch") {
			t.Errorf("mismatch: %d → %s", code, loc)
		}
		if code, _ := post("promise", url.Values{"name": {"张会计"}, "amount": {"500"}, "date": {"2026-07-10"}}); code != http.StatusSeeOther {
			t.Errorf("promise: %d", code)
		}
		cs, _ := s.Commitments(ctx, store.CommitmentFilter{Scope: user.Scope{Rep: "R1"}, Customer: "C1"})
		if len(cs) != 1 || !cs[0].ProposedByCustomer || cs[0].Amount != 50000 || cs[0].P == nil {
			t.Errorf("the rep's promises: %+v", cs)
		}
		ds, _ := s.Disputes(ctx, store.DisputeFilter{Scope: user.Scope{All: true}, Customer: "C1"})
		if len(ds) != 1 || ds[0].Reason != "statement_mismatch" || ds[0].Amount != 20000 {
			t.Errorf("the mismatch's dispute: %+v", ds)
		}
		// a cross-site form is refused before anything is recorded
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/d/"+tok+"/confirm", strings.NewReader("name=x&balance=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res, err := c.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
			t.Errorf("a cross-site post: %v %v", res.StatusCode, err)
		}
		if rs, _ := s.Replies(ctx, "C1"); len(rs) != 3 {
			t.Errorf("%d replies; want confirm, mismatch and promise", len(rs))
		}

		b := []byte(tok)
		b[len(b)-1] ^= 1
		if code, body := get(t, c, srv.URL+"/d/"+string(b)); code != http.StatusForbidden || strings.Contains(body, "杭州甲公司") || !strings.Contains(body, "此链接无效") {
			t.Errorf("a tampered link: %d\n%s", code, body)
		}
		old, _ := s.CreateLink(ctx, store.Actor{Name: "fin"}, user.Scope{All: true}, "C1", civil.MustParse("2026-05-31"), 1, now.Add(-48*time.Hour))
		if code, body := get(t, c, srv.URL+"/d/"+old); code != http.StatusGone || strings.Contains(body, "杭州甲公司") || !strings.Contains(body, "已过期") {
			t.Errorf("an expired link: %d\n%s", code, body)
		}
		if _, err := s.RevokeLinks(ctx, store.Actor{Name: "fin"}, user.Scope{All: true}, "C1", now); err != nil {
			t.Fatal(err)
		}
		if code, body := get(t, c, srv.URL+"/d/"+tok); code != http.StatusGone || strings.Contains(body, "杭州甲公司") || !strings.Contains(body, "已停用") {
			t.Errorf("a revoked link: %d\n%s", code, body)
		}
		limited := false
		for range 40 {
			if code, _ := get(t, c, srv.URL+"/d/"+tok); code == http.StatusTooManyRequests {
				limited = true
				break
			}
		}
		if !limited {
			t.Error("40 requests in a minute from one address were all answered")
		}
	})
}

// TestDealerRate: the per-address limit of the dealer pages is the
// configured one (HUIKUAN_DEALER_RATE), for many dealers behind one
// address.
func TestDealerRate(t *testing.T) {
	_, s := worldWithStore(t, storetest.SQLiteURL(t))
	now := func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) }
	tok, err := s.CreateLink(context.Background(), store.Actor{Name: "fin"}, user.Scope{All: true}, "C1", civil.MustParse("2026-06-30"), 14, now())
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{45, 50} {
		ws, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{Now: now, DealerPerMinute: limit})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(ws.Handler())
		answered := 0
		for range 50 {
			if code, _ := get(t, client(t), srv.URL+"/d/"+tok); code == http.StatusOK {
				answered++
			}
		}
		srv.Close()
		if answered != limit {
			t.Errorf("a limit of %d a minute answered %d of 50", limit, answered)
		}
	}
}

// TestDealerPagesAtOnce: many dealers at once, more than the pool has
// connections, are all answered (a statement prepared inside its read
// transaction once waited for ever for a second connection).
func TestDealerPagesAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		_, s := worldWithStore(t, dbURL)
		now := func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) }
		tok, err := s.CreateLink(context.Background(), store.Actor{Name: "fin"}, user.Scope{All: true}, "C1", civil.MustParse("2026-06-30"), 14, now())
		if err != nil {
			t.Fatal(err)
		}
		ws, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{Now: now, DealerPerMinute: 1000})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(ws.Handler())
		defer srv.Close()
		c := &http.Client{Timeout: 30 * time.Second}
		codes := make(chan int, 64)
		for range 64 {
			go func() {
				res, err := c.Get(srv.URL + "/d/" + tok)
				if err != nil {
					codes <- 0
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				codes <- res.StatusCode
			}()
		}
		for range 64 {
			if code := <-codes; code != http.StatusOK {
				t.Errorf("a dealer page at once: %d (0: no answer)", code)
			}
		}
	})
}
