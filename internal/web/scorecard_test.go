package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// TestScorecardAccess is who may open which scorecard: a rep only their
// own (the dashboard sends them there), a manager their team and its
// reps, an admin any team; and a month after this one is refused.
func TestScorecardAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv := world(t, dbURL)
		tests := []struct {
			login, path string
			status      int
			has, lacks  []string
		}{
			{"rep1", "/scorecard", http.StatusSeeOther, nil, nil},
			{"rep1", "/scorecard/R1", 200, []string{`class="chart-data habits"`, `data-month="2026-06"`}, []string{`table.attainment`}},
			{"rep1", "/scorecard/R2", http.StatusNotFound, nil, nil},
			{"boss", "/scorecard", 200, []string{`<tr data-rep="R1">`, `class="chart-data attainment"`, `data-month="2025-07"`}, []string{`data-rep="R2"`, `name="team"`}},
			{"boss", "/scorecard/R1", 200, []string{"王一"}, nil},
			{"boss", "/scorecard/R2", http.StatusNotFound, nil, nil},
			{"boss", "/scorecard?team=西区", http.StatusNotFound, nil, nil},
			{"boss", "/scorecard?month=2026-07", http.StatusBadRequest, nil, nil},
			{"boss", "/scorecard?lang=en", 200, []string{"Collections, last 12 months", "CEI is the whole-period form", "Not yet due"}, []string{"近 12 个月"}},
			{"admin", "/scorecard", 200, []string{`data-rep="R1"`, `data-rep="R2"`, `<option value="西区">`}, nil},
			{"admin", "/scorecard?team=西区", 200, []string{`<tr data-rep="R2">`, `<option value="西区" selected>`}, []string{`data-rep="R1"`}},
		}
		for _, tt := range tests {
			c := loginAs(t, srv, tt.login)
			status, body := get(t, c, srv.URL+tt.path)
			if status != tt.status {
				t.Errorf("%s GET %s: %d, want %d", tt.login, tt.path, status, tt.status)
				continue
			}
			for _, s := range tt.has {
				if !strings.Contains(body, s) {
					t.Errorf("%s GET %s lacks %s", tt.login, tt.path, s)
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(body, s) {
					t.Errorf("%s GET %s has %s", tt.login, tt.path, s)
				}
			}
		}
		res, err := loginAs(t, srv, "rep1").Get(srv.URL + "/scorecard?month=2026-05")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if to := res.Header.Get("Location"); to != "/scorecard/R1?month=2026-05" {
			t.Errorf("a rep's dashboard sends them to %q, want their own page for the same month", to)
		}
	})
}

// TestScorecardDownloads is the month's KPIs as CSV and its scorecard as
// XLSX, for the scope the page showed.
func TestScorecardDownloads(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "boss")
	for _, tt := range []struct{ query, ctype, starts string }{
		{"what=kpis&format=csv&month=2026-06", "text/csv", "\uFEFF"},
		{"what=card&format=xlsx&month=2026-06", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
	} {
		res, err := c.Get(srv.URL + "/scorecard/export?" + tt.query)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 3)
		n, _ := res.Body.Read(b)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.ctype) || !strings.HasPrefix(string(b[:n]), tt.starts) {
			t.Errorf("GET /scorecard/export?%s: %d %s %q", tt.query, res.StatusCode, res.Header.Get("Content-Type"), b[:n])
		}
	}
	if status, _ := get(t, c, srv.URL+"/scorecard/export?what=card&format=xlsx&team=西区"); status != http.StatusNotFound {
		t.Errorf("a manager downloading another team's scorecard: %d, want 404", status)
	}
	if status, _ := get(t, c, srv.URL+"/scorecard/export?what=all&format=xlsx"); status != http.StatusBadRequest {
		t.Errorf("an unknown download: %d, want 400", status)
	}
}

var mayCollected = regexp.MustCompile(`data-month="2026-05"[^>]*><td>2026-05</td><td class="num" data-k="collected" data-v="([^"]*)"`)

// TestScorecardCacheSeesBackdatedPayment checks that a month that is
// over, kept by the server, is computed again once a payment dated in it
// arrives.
func TestScorecardCacheSeesBackdatedPayment(t *testing.T) {
	srv, s := worldWithStore(t, storetest.SQLiteURL(t))
	c := loginAs(t, srv, "boss")
	collected := func() string {
		t.Helper()
		_, body := get(t, c, srv.URL+"/scorecard?month=2026-06")
		m := mayCollected.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("the dashboard has no collections for May")
		}
		return m[1]
	}
	if got := collected(); got != "200.00" {
		t.Fatalf("May's collections: %s, want 200.00", got)
	}
	_, err := s.Apply(context.Background(), store.Batch{Payments: []ledger.Payment{{Number: "P2", Customer: "C1", Date: civil.MustParse("2026-05-20"), Amount: money.Yuan(100)}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := collected(); got != "300.00" {
		t.Errorf("May's collections after a payment dated in May: %s, want 300.00", got)
	}
}
