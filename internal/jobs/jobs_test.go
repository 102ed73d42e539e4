package jobs_test

import (
	"context"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/jobs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestRun: a run decides what is due, keeps the default model on too
// little history, rescores what is still open, and with ScoreLoaded gives
// promises loaded in bulk the credibility they had when made.
func TestRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		ctx := context.Background()
		s, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		d := civil.MustParse
		_, err = s.Apply(ctx, store.Batch{
			Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}},
			Customers: []ledger.Customer{{Code: "C1", Name: "甲", Region: "华东", Rep: "R1", Tier: "B", CreditLimit: money.Yuan(1000), TermsDays: 30}},
			Payments:  []ledger.Payment{{Number: "P1", Customer: "C1", Date: d("2026-07-08"), Amount: money.Yuan(400)}},
			Commitments: []store.NewCommitment{
				{Customer: "C1", Amount: money.Yuan(400), Made: d("2026-07-01"), Due: d("2026-07-09")},
				{Customer: "C1", Amount: money.Yuan(300), Made: d("2026-07-01"), Due: d("2026-07-31")},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := jobs.Run(ctx, s, d("2026-07-12"), jobs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Decided != 1 || r.Scorer.N != 0 || r.Rescored != 1 || r.Loaded != 0 {
			t.Errorf("run on 07-12: %+v; want 1 decided, the defaults, 1 rescored, none loaded scored", r)
		}
		cs, err := s.Commitments(ctx, store.CommitmentFilter{Scope: user.Scope{All: true}})
		if err != nil || len(cs) != 2 || cs[1].Status != commitment.Kept || cs[0].P != nil {
			t.Fatalf("after a daily run: %+v, %v; want the first kept, neither scored as made", cs, err)
		}
		if r, err = jobs.Run(ctx, s, d("2026-07-12"), jobs.Options{ScoreLoaded: true}); err != nil || r.Loaded != 2 || r.Decided != 0 {
			t.Errorf("run with ScoreLoaded: %+v, %v; want both loaded promises scored, nothing newly decided", r, err)
		}
		if cs, _ = s.Commitments(ctx, store.CommitmentFilter{Scope: user.Scope{All: true}}); len(cs) != 2 || cs[0].P == nil || cs[1].P == nil {
			t.Errorf("after ScoreLoaded: %+v; want both scored", cs)
		}
	})
}
