package scorecard_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// BenchmarkScorecard makes the six-habit scorecard of the database named
// by HUIKUAN_BENCH_DB (a large demo whose history ends on
// HUIKUAN_BENCH_UNTIL) for all reps — the last whole month and the
// running one — for one team and for one rep, and times each load the
// scorecard makes for the whole company (the target is under 3 s for all
// 200 reps).
func BenchmarkScorecard(b *testing.B) {
	ctx := context.Background()
	db, until := storetest.BenchDB(b)
	s, err := store.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	today, err := civil.Parse(until)
	if err != nil {
		b.Fatalf("HUIKUAN_BENCH_UNTIL %q: %v", until, err)
	}
	last, running, all := today.MonthStart().AddMonths(-1), today.MonthStart(), user.Scope{All: true}
	month := func(name string, sc user.Scope, m civil.Date) {
		b.Run(name, func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				c, err := scorecard.Month(ctx, s, sc, m, today, "zh")
				if err != nil {
					b.Fatal(err)
				}
				if len(c.Reps) == 0 {
					b.Fatal("no reps")
				}
			}
		})
	}
	month("company_last_month", all, last)
	month("company_running_month", all, running)
	ts, err := s.Targets(ctx, user.Scope{Rep: "R001"}, last)
	if err != nil || len(ts) == 0 {
		b.Fatalf("rep R001: %v", err)
	}
	month("team", user.Scope{Team: ts[0].Team}, last)
	month("rep", user.Scope{Rep: "R001"}, last)
	asOf := last.MonthEnd()
	for _, part := range []struct {
		name string
		load func() error
	}{
		{"part_sums", func() error { _, err := s.HabitSums(ctx, all, last, asOf); return err }},
		{"part_compliance", func() error { _, err := s.Compliance(ctx, all, last, asOf, today); return err }},
		{"part_excuses", func() error {
			_, err := s.HabitExcuses(ctx, all, last.AddDays(-excuse.RepeatDays), asOf)
			return err
		}},
	} {
		b.Run(part.name, func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				if err := part.load(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// cpuPerOp reports the process's CPU seconds per op (user and system),
// which a shared machine's load does not inflate as it does wall time.
func cpuPerOp(b *testing.B) func() {
	start := cpuSeconds()
	return func() { b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op") }
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
