package deliver_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/deliver"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// BenchmarkEnqueueDigests is issue 17's target (every rep's digest of the
// large world composed and enqueued under 10 s) on the database named by
// HUIKUAN_BENCH_DB (a copy: a rep user with an e-mail address is added
// for every rep that has none), for the day after HUIKUAN_BENCH_UNTIL or
// the next working day after it. A second run finds the digests in the
// outbox already and adds nothing, but composes them all again.
func BenchmarkEnqueueDigests(b *testing.B) {
	ctx := context.Background()
	db, until := storetest.BenchDB(b)
	s, err := store.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	users, err := s.Users(ctx)
	if err != nil {
		b.Fatal(err)
	}
	has := map[string]bool{}
	for _, u := range users {
		has[u.Rep] = true
	}
	reps, err := s.RepCodes(ctx, user.Scope{All: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, code := range reps {
		if has[code] {
			continue
		}
		login := strings.ToLower(code)
		if _, err := s.CreateUser(ctx, store.Actor{Name: "bench"}, user.User{Login: login, Name: code, Role: user.Rep, Rep: code}, "x"); err != nil {
			b.Fatal(err)
		}
		if err := s.SetChannel(ctx, store.Actor{Name: "bench"}, store.Channel{Login: login, Kind: "email", Address: login + "@example.com"}); err != nil {
			b.Fatal(err)
		}
	}
	day := civil.MustParse(until).AddDays(1)
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDays(1)
	}
	for b.Loop() {
		n, err := deliver.EnqueueDigests(ctx, s, day, "http://localhost:8080", time.Now())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n), "new")
	}
	b.ReportMetric(float64(len(reps)), "reps")
}
