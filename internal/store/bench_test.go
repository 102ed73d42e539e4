package store_test

import (
	"context"
	"fmt"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// benchStore opens the database named by HUIKUAN_BENCH_DB, whose history
// ends on HUIKUAN_BENCH_UNTIL, or skips the benchmark: it needs a large
// world, which no test run builds.
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

// BenchmarkAging runs the aging report on the database named by
// HUIKUAN_BENCH_DB, for example one filled by "huikuan demo --size large
// --until 2026-11-27": as of that date (open amounts kept on invoices) and
// a year before (reconstructed from allocations). huikuan bench measures
// the same from a fresh demo; see docs/BENCHMARKS.md.
func BenchmarkAging(b *testing.B) {
	ctx := context.Background()
	s, latest := benchStore(b)
	for _, c := range []struct {
		name string
		asOf civil.Date
	}{{"latest", latest}, {"year_before", latest.AddMonths(-12)}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Aging(ctx, c.asOf, ledger.DefaultBuckets(), store.AgingFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCredibility scores one new promise (as the form does while the
// rep types) and rescores every open commitment (the daily job), on the
// database named by HUIKUAN_BENCH_DB.
func BenchmarkCredibility(b *testing.B) {
	ctx := context.Background()
	s, latest := benchStore(b)
	b.Run("score_one", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			n := store.NewCommitment{Customer: fmt.Sprintf("C%05d", 1+i%10000), Amount: 5_000_000, Made: latest, Due: latest.AddDays(10)}
			if _, err := s.ScoreCommitment(ctx, user.Scope{All: true}, n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rescore_open", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.RescoreOpen(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkWorklist makes one rep's call list and every rep's list, on
// the database named by HUIKUAN_BENCH_DB, as of its last day, each time
// anew (the lists are cached between writes otherwise).
func BenchmarkWorklist(b *testing.B) {
	ctx := context.Background()
	s, latest := benchStore(b)
	b.Run("one_rep", func(b *testing.B) {
		for b.Loop() {
			s.ForgetCaches()
			items, err := s.Worklist(ctx, user.Scope{Rep: "R001"}, "R001", latest)
			if err != nil || len(items) == 0 {
				b.Fatalf("%d items, %v", len(items), err)
			}
		}
	})
	b.Run("all_reps", func(b *testing.B) {
		for b.Loop() {
			s.ForgetCaches()
			lists, err := s.Worklists(ctx, user.Scope{All: true}, "", latest)
			if err != nil || len(lists) < 100 {
				b.Fatalf("%d lists, %v", len(lists), err)
			}
		}
	})
}

// BenchmarkPlanInputs loads what the capacities of the month after the
// history are worked out from, for the whole company and for one rep, on
// the database named by HUIKUAN_BENCH_DB.
func BenchmarkPlanInputs(b *testing.B) {
	ctx := context.Background()
	s, latest := benchStore(b)
	month := latest.MonthEnd().AddDays(1)
	for _, c := range []struct {
		name string
		sc   user.Scope
	}{{"company", user.Scope{All: true}}, {"rep", user.Scope{Rep: "R001"}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.PlanInputs(ctx, c.sc, month); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
