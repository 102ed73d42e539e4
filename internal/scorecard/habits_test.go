package scorecard_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"huikuan/internal/callsheet"
	"huikuan/internal/civil"
	"huikuan/internal/export"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// habitStore is July 2026 for team east (R1 owes through C1 and has no
// plan; R2 owes through C2 and C3 and agreed C2's plan on the 3rd) and
// team west (R3 alone, with C4 owing and no plan; C4 paid ¥3,000 of its
// ¥4,000 in June and owes ¥5,000 more, due in September).
func habitStore(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d := civil.MustParse
	var custs []ledger.Customer
	var invs []ledger.Invoice
	for i, c := range []struct{ code, rep string }{{"C1", "R1"}, {"C2", "R2"}, {"C3", "R2"}, {"C4", "R3"}} {
		custs = append(custs, ledger.Customer{Code: c.code, Name: "客户" + c.code, Region: "华东", Rep: c.rep, Tier: "B", CreditLimit: money.Yuan(10000), TermsDays: 30})
		invs = append(invs, ledger.Invoice{Number: "I" + c.code, Customer: c.code, Issue: d("2026-05-01"), Due: d("2026-06-01"), Amount: money.Yuan(int64(1000 * (i + 1)))})
	}
	if _, err := s.Apply(ctx, store.Batch{Reps: []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "east"},
		{Code: "R2", Name: "李二", Region: "华东", Team: "east"}, {Code: "R3", Name: "张三", Region: "华东", Team: "west"}},
		Customers: custs, Invoices: append(invs, ledger.Invoice{Number: "IX", Customer: "C4", Issue: d("2026-06-15"), Due: d("2026-09-15"), Amount: money.Yuan(5000)}),
		Payments: []ledger.Payment{{Number: "P4", Customer: "C4", Date: d("2026-06-20"), Amount: money.Yuan(3000)}}}); err != nil {
		t.Fatal(err)
	}
	in := store.PlanInput{Asked: money.Yuan(2000), Committed: money.Yuan(2000), Status: plan.Proposed, Contact: "李总",
		Milestones: []plan.Milestone{{Due: d("2026-07-20"), Amount: money.Yuan(2000)}}}
	all, actor := user.Scope{All: true}, store.Actor{Name: "test"}
	for _, st := range []plan.Status{plan.Proposed, plan.Agreed} {
		in.Status = st
		if _, err := s.SavePlan(ctx, actor, all, d("2026-07-01"), "C2", in, d("2026-07-03")); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestMonthScopes: each rep is scored against their whole team whoever
// asks — a rep sees only themself, a manager their team, an admin all —
// and a team of one scores 50.
func TestMonthScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := habitStore(t, dbURL)
		july, today := civil.MustParse("2026-07-01"), civil.MustParse("2026-07-31")
		planOf := func(sc user.Scope) map[string]scorecard.Habit {
			t.Helper()
			c, err := scorecard.Month(ctx, s, sc, july, today, "en")
			if err != nil {
				t.Fatal(err)
			}
			if c.Month != "2026-07" {
				t.Errorf("month %q", c.Month)
			}
			out := map[string]scorecard.Habit{}
			for _, r := range c.Reps {
				for _, h := range r.Habits {
					if h.Code == "plan_coverage" {
						out[r.Rep] = h
					}
				}
			}
			return out
		}
		want := map[string]struct {
			value float64
			score int
		}{"R1": {0, 0}, "R2": {0.5, 100}, "R3": {0, 50}}
		for _, c := range []struct {
			sc   user.Scope
			reps string
		}{
			{user.Scope{All: true}, "R1 R2 R3"}, {user.Scope{Team: "east"}, "R1 R2"}, {user.Scope{Rep: "R1"}, "R1"}, {user.Scope{Rep: "R3"}, "R3"},
		} {
			got := planOf(c.sc)
			var reps []string
			for _, rep := range []string{"R1", "R2", "R3"} {
				h, ok := got[rep]
				if !ok {
					continue
				}
				reps = append(reps, rep)
				w := want[rep]
				if h.Value == nil || *h.Value != w.value || h.Score == nil || *h.Score != w.score {
					t.Errorf("%+v: %s's plan coverage %v, score %v; want %v, %d", c.sc, rep, h.Value, h.Score, w.value, w.score)
				}
				if rep != "R3" && (h.TeamMedian == nil || *h.TeamMedian != 0.25) {
					t.Errorf("%+v: %s's team median %v, want 0.25 (east: 0 and 0.5)", c.sc, rep, h.TeamMedian)
				}
			}
			if got := strings.Join(reps, " "); got != c.reps {
				t.Errorf("%+v sees %s, want %s", c.sc, got, c.reps)
			}
		}
		if c, err := scorecard.Month(ctx, s, user.Scope{Rep: "R9"}, july, today, "en"); err != nil || len(c.Reps) != 0 {
			t.Errorf("an unknown rep: %+v, %v", c, err)
		}
	})
}

// TestCardTables: one row per rep and habit, in each rep's order, the
// value a ratio for the Percent column.
func TestCardTables(t *testing.T) {
	v, m, sc := 0.4, 0.75, 0
	c := scorecard.Card{Month: "2026-07", Reps: []scorecard.RepCard{{Rep: "R1", Name: "王一", Team: "east", Habits: []scorecard.Habit{
		{Habit: 1, Code: "plan_coverage", Value: &v, TeamMedian: &m, Score: &sc, Finding: "f", Tip: "t",
			Measures: []scorecard.Measure{{Code: "collectable_customers", Label: "collectable customers", Value: &v, Unit: "count"}}},
		{Habit: 6, Code: "negotiation"},
	}}}}
	ts := c.Tables("en")
	if len(ts) != 3 || ts[0].Name != "habits" || len(ts[0].Rows) != 2 || len(ts[1].Rows) != 1 || len(ts[2].Rows) != 6 {
		t.Fatalf("tables %+v", ts)
	}
	row := ts[0].Rows[0]
	if row[1] != "R1" || row[4] != 1 || row[5] != 1 || row[7] != "plan coverage" || row[8] != &v || row[10] != &sc {
		t.Errorf("first row %v", row)
	}
	if ts[0].Columns[8].Kind != export.Percent || ts[0].Columns[8].Name != "value" {
		t.Errorf("value column %+v", ts[0].Columns[8])
	}
	if zh := c.Tables("zh"); zh[0].Columns[8].Name != "指标" || zh[0].Rows[1][7] != "谈判" {
		t.Errorf("zh headers %+v", zh[0].Columns)
	}
}

// TestRecommendedAskIsTheSheets: the opening ask stored with a call logged
// is the one the call sheet showed that day (one answer), on both
// databases.
func TestRecommendedAskIsTheSheets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := habitStore(t, dbURL)
		all, day := user.Scope{All: true}, civil.MustParse("2026-07-15")
		want := map[string]float64{}
		for _, code := range []string{"C1", "C2", "C3", "C4"} {
			sh, err := callsheet.Make(ctx, s, all, code, day, "zh")
			if err != nil {
				t.Fatal(err)
			}
			asked := money.Yuan(1000)
			want[code] = float64(asked) / float64(sh.OpeningAsk.Ask)
			n := store.NewCall{Customer: code, At: day.Time().Add(3 * time.Hour), Date: day, Disposition: followup.ReachedRefused, AmountAsked: asked}
			if _, err := s.LogCall(ctx, store.Actor{Name: "test"}, all, n); err != nil {
				t.Fatal(err)
			}
		}
		sums, err := s.HabitSums(ctx, all, day, day)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]float64{}
		for _, r := range sums {
			got[r.Rep] = r.AskRatios
		}
		// R1's one call is C1's; R2's are C2's (plan agreed: ¥2,000 ÷ r) and C3's.
		if len(got["R1"]) != 1 || math.Abs(got["R1"][0]-want["C1"]) > 1e-9 {
			t.Errorf("R1: %v, want [%v]", got["R1"], want["C1"])
		}
		// C4: ¥1,000 overdue ÷ r (10/18) is ¥1,800, under its cap, 1.5 × ¥3,000.
		if len(got["R3"]) != 1 || math.Abs(got["R3"][0]-1000.0/1800) > 1e-9 || math.Abs(want["C4"]-1000.0/1800) > 1e-9 {
			t.Errorf("R3: %v, the sheet %v; want 1000/1800", got["R3"], want["C4"])
		}
		r2 := slices.Sorted(slices.Values(got["R2"]))
		w2 := slices.Sorted(slices.Values([]float64{want["C2"], want["C3"]}))
		if len(r2) != 2 || math.Abs(r2[0]-w2[0]) > 1e-9 || math.Abs(r2[1]-w2[1]) > 1e-9 {
			t.Errorf("R2: %v, want %v", r2, w2)
		}
	})
}
