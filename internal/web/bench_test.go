package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
	"huikuan/internal/web"
)

// BenchmarkCustomerPage renders a rep's worklist, random customers'
// pages, and their documents part, of the database named by HUIKUAN_BENCH_DB (a large demo
// world whose history ends on HUIKUAN_BENCH_UNTIL) as an admin, through
// the whole handler: the per-request work behind scripts/bench-web's
// customer page figures.
func BenchmarkCustomerPage(b *testing.B) {
	ctx := context.Background()
	s, until := benchStore(b)
	hash, _ := user.HashPassword(password)
	login := fmt.Sprintf("bench-page-%d", time.Now().UnixNano())
	if _, err := s.CreateUser(ctx, store.Actor{Name: "bench"}, user.User{Login: login, Name: "压测", Role: user.Admin}, hash); err != nil {
		b.Fatal(err)
	}
	y, m, d := until.YMD()
	now := func() time.Time { return time.Date(y, time.Month(m), d, 9, 0, 0, 0, time.UTC) }
	ws, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(ws.Handler())
	defer srv.Close()
	c := loginAs(b, srv, login)
	if _, err := s.CreateUser(ctx, store.Actor{Name: "bench"}, user.User{Login: login + "-rep", Name: "压测业务员", Role: user.Rep, Rep: "R001"}, hash); err != nil {
		b.Fatal(err)
	}
	rep := loginAs(b, srv, login+"-rep")
	b.Run("worklist", func(b *testing.B) {
		for b.Loop() {
			res, err := rep.Get(srv.URL + "/worklist")
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("status %d", res.StatusCode)
			}
		}
	})
	for _, part := range []string{"", "/documents"} {
		b.Run("page"+part, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				res, err := c.Get(fmt.Sprintf("%s/customers/C%05d%s", srv.URL, 1+(i*7919)%10000, part))
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
		})
	}
}

// BenchmarkDealerPage renders the dealer's statement page of random
// customers of the database named by HUIKUAN_BENCH_DB through their signed
// links, without a login: the per-request work behind scripts/bench-web's
// dealer page figures.
func BenchmarkDealerPage(b *testing.B) {
	ctx := context.Background()
	s, until := benchStore(b)
	y, m, d := until.YMD()
	now := func() time.Time { return time.Date(y, time.Month(m), d, 9, 0, 0, 0, time.UTC) }
	var tokens []string
	for i := range 50 {
		tok, err := s.CreateLink(ctx, store.Actor{Name: "bench"}, user.Scope{All: true}, fmt.Sprintf("C%05d", (i*7919)%10000+1), until, 14, now())
		if err != nil {
			b.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	ws, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{Now: now, DealerPerMinute: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(ws.Handler())
	defer srv.Close()
	i := 0
	for b.Loop() {
		res, err := srv.Client().Get(srv.URL + "/d/" + tokens[i%len(tokens)])
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("status %d", res.StatusCode)
		}
		i++
	}
}

// benchStore opens the benchmarks' database (storetest.BenchDB), closed
// when b ends, and the last day of its history.
func benchStore(b *testing.B) (*store.Store, civil.Date) {
	b.Helper()
	db, until := storetest.BenchDB(b)
	s, err := store.Open(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, civil.MustParse(until)
}
