package store_test

import (
	"context"
	"fmt"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestCommitmentsLimit: without a limit a list of promises is the latest
// 500; an export asks for more and gets them all.
func TestCommitmentsLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := open(t, dbURL)
		ctx := context.Background()
		if _, err := s.Apply(ctx, store.Batch{
			Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}},
			Customers: []ledger.Customer{{Code: "C1", Name: "客户一", Region: "华东", Rep: "R1", Tier: "B", TermsDays: 30}},
		}); err != nil {
			t.Fatal(err)
		}
		day := civil.MustParse("2026-01-01")
		const n = 501
		for i := range n {
			if _, err := s.CreateCommitment(ctx, store.Actor{Name: "test"}, user.Scope{All: true}, store.NewCommitment{
				Customer: "C1", Amount: money.Yuan(100), Due: day.AddDays(i % 300), Made: day, Ref: fmt.Sprintf("t%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		all := user.Scope{All: true}
		for _, c := range []struct{ limit, want int }{{0, 500}, {20, 20}, {n + 10, n}} {
			got, err := s.Commitments(ctx, store.CommitmentFilter{Scope: all, Limit: c.limit})
			if err != nil || len(got) != c.want {
				t.Errorf("Limit %d: %d promises, %v; want %d", c.limit, len(got), err, c.want)
			}
		}
	})
}
