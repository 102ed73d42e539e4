package planning_test

import (
	"context"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// benchStore opens the database named by HUIKUAN_BENCH_DB (a large demo,
// whose history ends on HUIKUAN_BENCH_UNTIL), or skips.
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

// BenchmarkSuggestions makes the suggested plans of the month after the
// history for the whole company — worked out from the documents, and read
// back once saved (as the daily job leaves them) — and for one rep; and
// the month's attainment report for the company.
func BenchmarkSuggestions(b *testing.B) {
	ctx := context.Background()
	s, latest := benchStore(b)
	month, all := latest.MonthEnd().AddDays(1), user.Scope{All: true}
	today := month.AddDays(1)
	b.Run("company_worked_out", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			forget(b, s, month)
			b.StartTimer()
			if _, err := planning.Suggestions(ctx, s, all, month, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("company_saved", func(b *testing.B) {
		if _, err := planning.Capacities(ctx, s, all, month); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := planning.Suggestions(ctx, s, all, month, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rep", func(b *testing.B) {
		for b.Loop() {
			if _, err := planning.Suggestions(ctx, s, user.Scope{Rep: "R001"}, month, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("attainment_company", func(b *testing.B) {
		for b.Loop() {
			if _, err := planning.Attainment(ctx, s, all, month, today, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// forget deletes the saved capacities of month, as a write dated before
// it does.
func forget(b *testing.B, s *store.Store, month civil.Date) {
	if _, err := s.DB().Writer().ExecContext(context.Background(), `DELETE FROM capacity_months WHERE month = $1`, month); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRepPages is what a rep's plan page and customer page ask of
// planning: the rep's attainment and suggestions, one customer's
// suggestion.
func BenchmarkRepPages(b *testing.B) {
	ctx := context.Background()
	s, latest := benchStore(b)
	month, rep := latest.MonthEnd().AddDays(1), user.Scope{Rep: "R001"}
	b.Run("attainment", func(b *testing.B) {
		for b.Loop() {
			if _, err := planning.Attainment(ctx, s, rep, month, month.AddDays(1), ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("suggestions", func(b *testing.B) {
		for b.Loop() {
			if _, err := planning.Suggestions(ctx, s, rep, month, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one_customer", func(b *testing.B) {
		for b.Loop() {
			if _, err := planning.Suggestion(ctx, s, user.Scope{All: true}, month, "C00001"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
