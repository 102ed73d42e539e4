package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/followup"
	"huikuan/internal/habit"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// habitWorld is July 2026 (it begins on a Wednesday: the fifth working
// day is the 7th) for reps R1 and R2 of team east and R3 of team west:
//
//   - C1 (R1) owes I1, due in July: collectable; plan agreed on the 3rd.
//   - C2 (R1) paid its June invoice in June: nothing collectable.
//   - C3 (R1) owes only I3, due in August: nothing collectable.
//   - C4 (R1) owes I4, all of it disputed in June: nothing collectable.
//   - C5 (R1) owes I5, overdue, paid on 2 July: collectable as the month
//     began; plan agreed on the 10th, too late.
//   - C6 (R2) owes I6, due 30 June: collectable; a plan proposed only.
func habitWorld(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s := open(t, dbURL)
	b := store.Batch{
		Reps: []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "east"}, {Code: "R2", Name: "李二", Region: "华东", Team: "east"},
			{Code: "R3", Name: "张三", Region: "华东", Team: "west"}},
		Customers: []ledger.Customer{cust("C1", "R1", 5000), cust("C2", "R1", 5000), cust("C3", "R1", 5000), cust("C4", "R1", 5000),
			cust("C5", "R1", 5000), cust("C6", "R2", 5000)},
		Invoices: []ledger.Invoice{inv("I1", "C1", "2026-06-01", "2026-07-15", 1000), inv("I2", "C2", "2026-05-01", "2026-06-01", 500),
			inv("I3", "C3", "2026-06-10", "2026-08-10", 700), inv("I4", "C4", "2026-05-01", "2026-06-01", 600),
			inv("I5", "C5", "2026-04-01", "2026-05-01", 400), inv("I6", "C6", "2026-06-01", "2026-06-30", 800)},
		Payments: []ledger.Payment{pay("P2", "C2", "2026-06-20", 500), pay("P5", "C5", "2026-07-02", 400)},
		Commitments: []store.NewCommitment{
			promise("C1", 101, "2026-07-05"), promise("C1", 102, "2026-07-06"), promise("C1", 103, "2026-07-08"),
			promise("C1", 104, "2026-06-20"), promise("C1", 105, "2026-07-01"), promise("C1", 106, "2026-07-09"),
		},
		Calls: []store.NewCall{
			haggle("C1", "2026-07-02", followup.ReachedPromised, 1000, 600), haggle("C1", "2026-07-09", followup.ReachedPromised, 500, 500),
			haggle("C1", "2026-07-10", followup.ReachedPromised, 0, 200), haggle("C1", "2026-07-11", followup.ReachedExcuse, 0, 0),
			haggle("C1", "2026-07-12", followup.NoAnswer, 0, 0), haggle("C1", "2026-06-30", followup.ReachedPromised, 9999, 9999),
			haggle("C6", "2026-07-20", followup.ReachedRefused, 800, 0),
		},
	}
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenDispute(ctx, "I4", money.Yuan(600), d("2026-06-05"), "质量问题"); err != nil {
		t.Fatal(err)
	}
	all, actor, july := user.Scope{All: true}, store.Actor{Name: "test"}, d("2026-07-01")
	agree := func(customer, on string) {
		t.Helper()
		in := store.PlanInput{Asked: money.Yuan(800), Committed: money.Yuan(500), Status: plan.Proposed, Contact: "李总",
			Milestones: []plan.Milestone{{Due: d("2026-07-28"), Amount: money.Yuan(500)}}}
		if _, err := s.SavePlan(ctx, actor, all, july, customer, in, d(on)); err != nil {
			t.Fatal(err)
		}
		in.Status = plan.Agreed
		if _, err := s.SavePlan(ctx, actor, all, july, customer, in, d(on)); err != nil {
			t.Fatal(err)
		}
	}
	agree("C1", "2026-07-03")
	agree("C5", "2026-07-10")
	if _, err := s.SavePlan(ctx, actor, all, july, "C6", store.PlanInput{Asked: money.Yuan(800), Status: plan.Proposed}, d("2026-07-02")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetTarget(ctx, actor, all, july, "R1", money.Yuan(10000)); err != nil {
		t.Fatal(err)
	}
	measure := func(customer string, yuan int64, due string, st plan.MeasureStatus) {
		t.Helper()
		m, err := s.AddMeasure(ctx, actor, all, july, customer, store.NewMeasure{Kind: plan.Incentive, Expected: money.Yuan(yuan), Owner: "王一", Due: d(due)})
		if err != nil {
			t.Fatal(err)
		}
		if st != plan.Planned {
			if _, err := s.UpdateMeasure(ctx, actor, all, m.ID, store.MeasurePatch{Status: &st}); err != nil {
				t.Fatal(err)
			}
		}
	}
	measure("C1", 3000, "2026-07-10", plan.Done)
	measure("C5", 2000, "2026-07-25", plan.Planned)
	measure("C1", 1000, "2026-07-05", plan.Dropped)
	// The promises as the test wants them: made, decided, weak or not.
	for _, u := range []struct {
		yuan                  int64
		cred                  float64
		kind, status, decided string
		cancelled             int
	}{
		{101, 0.3, "", "open", "", 0},                     // weak, unsupported
		{102, 0.4, "downstream_promotion", "open", "", 0}, // weak, supported
		{103, 0.8, "", "open", "", 0},
		{104, 0.6, "", "kept", "2026-07-02", 0},   // made in June, kept in July
		{105, 0.3, "", "broken", "2026-07-20", 0}, // weak, unsupported, broken
		{106, 0.1, "", "cancelled", "", 1},        // cancelled: not counted
		{500, 0.2, "", "open", "", 0},             // the plans' milestones: weak, but the plan supports them
	} {
		var decided any
		if u.decided != "" {
			decided = d(u.decided)
		}
		if err := s.ExecForTest(ctx, `UPDATE commitments SET credibility = $1, support_kind = $2, status = $3, decided_on = $4, cancelled = $5 WHERE amount = $6`,
			u.cred, u.kind, u.status, decided, u.cancelled, int64(money.Yuan(u.yuan))); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func promise(customer string, yuan int64, made string) store.NewCommitment {
	return store.NewCommitment{Customer: customer, Amount: money.Yuan(yuan), Made: d(made), Due: d(made).AddDays(10)}
}

func haggle(customer, day, disposition string, asked, agreed int64) store.NewCall {
	n := call(customer, day, disposition)
	n.AmountAsked, n.AmountAgreed = money.Yuan(asked), money.Yuan(agreed)
	return n
}

// TestHabitSums sums July's figures for each rep on both databases, and
// keeps a rep and a manager to what they may see.
func TestHabitSums(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := habitWorld(t, dbURL)
		got, err := s.HabitSums(ctx, user.Scope{All: true}, d("2026-07-15"), d("2026-07-31"))
		if err != nil {
			t.Fatal(err)
		}
		y := money.Yuan
		want := []store.HabitRep{
			{Rep: "R1", Name: "王一", Team: "east", Sums: habit.Sums{Rep: "R1",
				Collectable: 2, PlannedEarly: 1,
				Gap: y(9000), MeasuresExpected: y(5000), MeasuresDue: 3, MeasuresDone: 1,
				Promises: 6, WeakUnsupported: 2, Decided: 2, Kept: 1, CredibilitySum: 0.9,
				PromiseCalls: 2, Asked: y(1500), Agreed: y(1100), Reached: 4, ReachedNoAsk: 2}},
			{Rep: "R2", Name: "李二", Team: "east", Sums: habit.Sums{Rep: "R2", Collectable: 1, Gap: y(800), Reached: 1}},
			{Rep: "R3", Name: "张三", Team: "west", Sums: habit.Sums{Rep: "R3"}},
		}
		round := cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })
		if diff := cmp.Diff(want, got, round); diff != "" {
			t.Errorf("HabitSums (-want +got):\n%s", diff)
		}
		// Up to the 8th: the promise broken on the 20th and the later
		// calls and measures are not in yet.
		early, err := s.HabitSums(ctx, user.Scope{Rep: "R1"}, d("2026-07-01"), d("2026-07-08"))
		if err != nil {
			t.Fatal(err)
		}
		if len(early) != 1 || early[0].Rep != "R1" {
			t.Fatalf("a rep's scope: %+v", early)
		}
		e := early[0]
		if e.Promises != 5 || e.WeakUnsupported != 2 || e.Decided != 1 || e.MeasuresDue != 1 || e.PromiseCalls != 1 || e.Collectable != 2 {
			t.Errorf("to the 8th: %+v", e.Sums)
		}
		east, err := s.HabitSums(ctx, user.Scope{Team: "east"}, d("2026-07-01"), d("2026-07-31"))
		if err != nil {
			t.Fatal(err)
		}
		if len(east) != 2 || east[0].Rep != "R1" || east[1].Rep != "R2" {
			t.Errorf("team east: %+v", east)
		}
		// A month not begun sums to nothing.
		if ahead, err := s.HabitSums(ctx, user.Scope{All: true}, d("2026-08-01"), d("2026-07-31")); err != nil || len(ahead) != 3 || ahead[0].Collectable != 0 {
			t.Errorf("August as of July: %+v, %v", ahead, err)
		}
	})
}
