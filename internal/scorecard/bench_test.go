package scorecard_test

import (
	"context"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// BenchmarkKPIs computes the KPIs on the database named by HUIKUAN_BENCH_DB
// (a large demo whose history ends on HUIKUAN_BENCH_UNTIL): the company's
// over the year to the history's end (target: under a second), a team's
// and a rep's over the same year, and a team's twelve-month trend.
func BenchmarkKPIs(b *testing.B) {
	db, until := storetest.BenchDB(b)
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	to := civil.MustParse(until)
	from := to.AddDays(1).AddMonths(-12)
	ts, err := s.Targets(ctx, user.Scope{All: true}, to.MonthStart())
	if err != nil || len(ts) == 0 {
		b.Fatalf("targets: %v (%d reps)", err, len(ts))
	}
	for _, c := range []struct {
		name string
		sc   user.Scope
	}{{"company_year", user.Scope{All: true}}, {"team_year", user.Scope{Team: ts[0].Team}}, {"rep_year", user.Scope{Rep: ts[0].Rep}}} {
		b.Run(c.name, func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				if _, err := scorecard.Period(ctx, s, c.sc, from, to); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("team_trend_12_months", func(b *testing.B) {
		defer cpuPerOp(b)()
		for b.Loop() {
			if _, err := scorecard.Trend(ctx, s, user.Scope{Team: ts[0].Team}, to, to, 12); err != nil {
				b.Fatal(err)
			}
		}
	})
}
