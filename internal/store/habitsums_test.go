package store_test

import (
	"context"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"huikuan/internal/excuse"
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
			haggle("C6", "2026-07-20", followup.ReachedRefused, 800, 0), haggle("C2", "2026-07-15", followup.ReachedRefused, 100, 0),
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
				Promises: 6, Weak: 3, WeakUnsupported: 2, Decided: 2, Kept: 1, CredibilitySum: 0.9,
				PromiseCalls: 2, Asked: y(1500), Agreed: y(1100), Reached: 5, ReachedNoAsk: 2}},
			{Rep: "R2", Name: "李二", Team: "east", Sums: habit.Sums{Rep: "R2", Collectable: 1, Gap: y(800), Reached: 1}},
			{Rep: "R3", Name: "张三", Team: "west", Sums: habit.Sums{Rep: "R3"}},
		}
		round := gocmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })
		if diff := gocmp.Diff(want, got, round); diff != "" {
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
		if e.Promises != 5 || e.Weak != 3 || e.WeakUnsupported != 2 || e.Decided != 1 || e.MeasuresDue != 1 || e.PromiseCalls != 1 || e.Collectable != 2 {
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

// TestRecommendedAsk: a call logged stores the opening ask recommended
// for its customer that day, and the month's sums compare the ask with it,
// on both databases. C7 (R3) owes ¥7,000 overdue and paid ¥3,000 in June,
// its best month: expected ¥7,000 ÷ r (10/18, no haggles yet) rounds up to
// ¥13,000, capped at 1.5 × ¥3,000 = ¥4,500 and so raised to the expected
// ¥7,000; the rep asks ¥3,000. A call loaded in bulk with its
// recommendation and no ask counts the recommendation with nothing agreed,
// whatever was paid; one that did not reach the customer does not count.
func TestRecommendedAsk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := habitWorld(t, dbURL)
		paid, missed := call("C7", "2026-07-20", followup.ReachedPaid), call("C7", "2026-07-21", followup.NoAnswer)
		paid.AmountAgreed, paid.RecommendedAsk, missed.RecommendedAsk = money.Yuan(1000), money.Yuan(5000), money.Yuan(5000)
		if _, err := s.Apply(ctx, store.Batch{Customers: []ledger.Customer{cust("C7", "R3", 50000)},
			Invoices: []ledger.Invoice{inv("I7", "C7", "2026-05-01", "2026-06-01", 10000)},
			Payments: []ledger.Payment{pay("P7", "C7", "2026-06-10", 3000)}, Calls: []store.NewCall{paid, missed}}); err != nil {
			t.Fatal(err)
		}
		all, actor := user.Scope{All: true}, store.Actor{Name: "rep3"}
		if _, err := s.LogCall(ctx, actor, all, haggle("C7", "2026-07-15", followup.ReachedPromised, 3000, 2000)); err != nil {
			t.Fatal(err)
		}
		// A second call the same day learns nothing new: ask ¥7,000 again.
		if _, err := s.LogCall(ctx, actor, all, haggle("C7", "2026-07-15", followup.ReachedRefused, 7000, 0)); err != nil {
			t.Fatal(err)
		}
		got, err := s.HabitSums(ctx, user.Scope{Rep: "R3"}, d("2026-07-01"), d("2026-07-31"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("R3: %+v", got)
		}
		r := got[0]
		slices.Sort(r.AskRatios)
		want := []float64{3.0 / 7, 1}
		if diff := gocmp.Diff(want, r.AskRatios, cmpopts.EquateApprox(0, 1e-9)); diff != "" || r.PromiseCalls != 1 || r.Asked != money.Yuan(3000) || r.Reached != 3 || r.ReachedNoAsk != 1 {
			t.Errorf("R3's asks against the recommended (-want +got):\n%s\n%+v", diff, r.Sums)
		}
		if r.RecommendedCalls != 3 || r.Recommended != money.Yuan(7000+7000+5000) || r.RecommendedAgreed != money.Yuan(2000) {
			t.Errorf("R3's recommended: %d calls, %s recommended, %s agreed; want 3, ¥19,000, ¥2,000", r.RecommendedCalls, r.Recommended.Format(), r.RecommendedAgreed.Format())
		}
		// Calls loaded in bulk without a recommendation are left out.
		if all, err := s.HabitSums(ctx, user.Scope{Rep: "R1"}, d("2026-07-01"), d("2026-07-31")); err != nil || len(all[0].AskRatios) != 0 || all[0].RecommendedCalls != 0 {
			t.Errorf("R1's bulk calls: %v, %v", all[0].AskRatios, err)
		}
	})
}

// TestHabitExcuses: the scorecard's lean reading of excuses finds the
// same next call, cadence and dispute as ExcuseObservations, so that
// Accepted says the same of every excuse, on both databases.
func TestHabitExcuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := habitWorld(t, dbURL)
		all, actor := user.Scope{All: true}, store.Actor{Name: "test"}
		for _, n := range []store.NewCall{
			excuseCall("C6", "2026-07-21", excuse.Quality, 300, "包装破损"),
			call("C6", "2026-07-23", followup.NoAnswer),
			excuseCall("C1", "2026-07-22", excuse.CashTight, 0, ""),
			excuseCall("C5", "2026-07-20", excuse.StatementMismatch, 100, ""),
			excuseCall("C5", "2026-07-20", excuse.CashTight, 0, "同一天又说"),
		} {
			if _, err := s.LogCall(ctx, actor, all, n); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.OpenDispute(ctx, "I6", money.Yuan(300), d("2026-07-25"), "质量问题"); err != nil {
			t.Fatal(err)
		}
		from, to := d("2026-07-01"), d("2026-07-31")
		want, err := s.ExcuseObservations(ctx, all, from, to)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.HabitExcuses(ctx, all, from, to)
		if err != nil {
			t.Fatal(err)
		}
		read := func(os []excuse.Observed) []excuse.Observed {
			var out []excuse.Observed
			for _, o := range os {
				o.Paid, o.Promised, o.Kept, o.Notes = false, false, false, ""
				out = append(out, o)
			}
			return out
		}
		if diff := gocmp.Diff(read(want), read(got)); diff != "" {
			t.Errorf("HabitExcuses against ExcuseObservations (-want +got):\n%s", diff)
		}
		if len(got) < 5 {
			t.Fatalf("%d excuses, want at least the five logged", len(got))
		}
		accepted := map[string]bool{}
		for _, o := range got {
			accepted[o.Customer+" "+string(o.Category)] = o.Accepted()
		}
		if accepted["C6 quality"] || !accepted["C1 cash_tight"] || !accepted["C5 statement_mismatch"] {
			t.Errorf("accepted %v: want C6's quality countered (called in 2 days, disputed), C1's and C5's statement excuse not", accepted)
		}
		if mine, err := s.HabitExcuses(ctx, user.Scope{Rep: "R2"}, from, to); err != nil || len(mine) != 1 || mine[0].Customer != "C6" {
			t.Errorf("R2's excuses: %+v, %v", mine, err)
		}
	})
}
