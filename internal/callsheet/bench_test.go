package callsheet

import (
	"context"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// BenchmarkSheet is one customer's call sheet on the large demo named by
// HUIKUAN_BENCH_DB, the day after its history ends: loading it from the
// store (what the page waits for) and building it from what was loaded
// (the rules alone, the "under 5 ms to build").
func BenchmarkSheet(b *testing.B) {
	ctx := context.Background()
	url, until := storetest.BenchDB(b)
	s, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	day := civil.MustParse(until).AddDays(1)
	sc := user.Scope{Rep: "R001"}
	rows, _, err := s.Customers(ctx, store.CustomerFilter{Scope: sc, Today: day, Limit: 20})
	if err != nil || len(rows) == 0 {
		b.Fatal(err, len(rows))
	}
	codes := make([]string, len(rows))
	for i, r := range rows {
		codes[i] = r.Code
	}
	b.Run("load_and_build", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := Make(ctx, s, sc, codes[i%len(codes)], day, "zh"); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("build", func(b *testing.B) {
		in, err := load(ctx, s, sc, codes[0], day)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			build(in, day, "zh")
		}
	})
}
