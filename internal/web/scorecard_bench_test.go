package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"huikuan/internal/planning"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
	"huikuan/internal/user"
	"huikuan/internal/web"
)

// BenchmarkScorecard is the team dashboard of R001's team on the database
// named by HUIKUAN_BENCH_DB (a large demo world whose history ends on
// HUIKUAN_BENCH_UNTIL, the dashboard's "today"): the three computations
// behind it, the page on a new server (nothing cached: a manager's first
// visit) and the page again (this month's part cached for 5 minutes, the
// months that are over until a backdated document).
func BenchmarkScorecard(b *testing.B) {
	ctx := context.Background()
	s, today := benchStore(b)
	month := today.MonthStart()
	ts, err := s.Targets(ctx, user.Scope{Rep: "R001"}, month)
	if err != nil || len(ts) == 0 {
		b.Fatalf("R001's team: %v", err)
	}
	team := user.Scope{Team: ts[0].Team}
	b.Run("trend_12_months", func(b *testing.B) {
		for b.Loop() {
			if _, err := scorecard.Trend(ctx, s, team, month, today, 12); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("habits_month", func(b *testing.B) {
		for b.Loop() {
			if _, err := scorecard.Month(ctx, s, team, month, today, "zh"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("attainment", func(b *testing.B) {
		for b.Loop() {
			if _, err := planning.Attainment(ctx, s, team, month, today, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	login := fmt.Sprintf("bench-sc-%d", time.Now().UnixNano())
	hash, _ := user.HashPassword(password)
	if _, err := s.CreateUser(ctx, store.Actor{Name: "bench"}, user.User{Login: login, Name: "压测经理", Role: user.Manager, Team: team.Team}, hash); err != nil {
		b.Fatal(err)
	}
	y, m, d := today.YMD()
	cfg := web.Config{Now: func() time.Time { return time.Date(y, time.Month(m), d, 9, 0, 0, 0, time.UTC) }}
	serve := func(b *testing.B) (*httptest.Server, *http.Client) {
		ws, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
		if err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(ws.Handler())
		return srv, loginAs(b, srv, login)
	}
	page := func(b *testing.B, srv *httptest.Server, c *http.Client) {
		res, err := c.Get(srv.URL + "/scorecard")
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("GET /scorecard: %d", res.StatusCode)
		}
	}
	b.Run("page_first_visit", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			srv, c := serve(b)
			b.StartTimer()
			page(b, srv, c)
			srv.Close()
		}
	})
	b.Run("page_again", func(b *testing.B) {
		srv, c := serve(b)
		defer srv.Close()
		page(b, srv, c)
		for b.Loop() {
			page(b, srv, c)
		}
	})
}
