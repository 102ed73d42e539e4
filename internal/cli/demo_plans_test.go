package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/cli"
	"huikuan/internal/commitment"
	"huikuan/internal/plan"
	"huikuan/internal/sim"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestDemoPlans: the demo database has, for every whole month of its
// history, a target for each rep and plans; every agreed plan's
// milestones are promises with the plan as their support, decided by the
// rules like any other; and the product's own suggestions on the demo
// database (huikuan plan suggest) are the suggested amounts the demo's
// reps agreed plans on — the simulator saw the customers as the product
// does. With --plans off the demo has no plans and no targets.
func TestDemoPlans(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db string) {
		ctx := context.Background()
		s, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		until := civil.MustParse("2026-06-30")
		o := sim.Options{Size: sim.Size{Reps: 3, Customers: 60, Months: 8}, Seed: 3, Until: until}
		if err := cli.Demo(ctx, s, sim.DefaultWorld(), o, nil); err != nil {
			t.Fatal(err)
		}
		all := user.Scope{All: true}
		agreed, kept := 0, 0
		for m := o.Start().MonthStart().AddMonths(1); m <= until; m = m.AddMonths(1) {
			ts, err := s.Targets(ctx, all, m)
			if err != nil {
				t.Fatal(err)
			}
			for _, tg := range ts {
				if !tg.Set || tg.Amount <= 0 {
					t.Errorf("%s: rep %s has no target: %+v", plan.MonthKey(m), tg.Rep, tg)
				}
			}
			ps, err := s.Plans(ctx, all, m, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) == 0 {
				t.Errorf("%s: no plans", plan.MonthKey(m))
			}
			for _, p := range ps {
				if p.Status != plan.Agreed {
					continue
				}
				agreed++
				if err := plan.CheckPlan(p.Input(), m, p.AgreedOn); err != nil {
					t.Errorf("%s %s: the agreed plan breaks the rules: %v", plan.MonthKey(m), p.Customer, err)
				}
				for _, ms := range p.Milestones {
					if ms.CommitmentID == nil {
						t.Fatalf("%s %s: milestone %d is no promise", plan.MonthKey(m), p.Customer, ms.Seq)
					}
					c, err := s.Commitments(ctx, store.CommitmentFilter{Scope: all, ID: *ms.CommitmentID})
					if err != nil || len(c) != 1 {
						t.Fatalf("milestone %d's promise: %v %v", ms.Seq, c, err)
					}
					if c[0].PlanID == nil || *c[0].PlanID != p.ID || c[0].Amount != ms.Amount || c[0].Due != ms.Due || c[0].Made != p.AgreedOn {
						t.Errorf("%s %s milestone %d %+v: promise %+v", plan.MonthKey(m), p.Customer, ms.Seq, ms, c[0])
					}
					if ms.Due < until && ms.Status == commitment.Open {
						t.Errorf("%s %s milestone %d due %s still open on %s: not decided", plan.MonthKey(m), p.Customer, ms.Seq, ms.Due, until)
					}
					if ms.Status == commitment.Kept {
						kept++
					}
				}
			}
			var sug []plan.Suggestion
			if err := json.Unmarshal([]byte(mustRun(t, db, "plan", "suggest", "--month", plan.MonthKey(m), "--format", "json")), &sug); err != nil {
				t.Fatal(err)
			}
			by := map[string]plan.Suggestion{}
			for _, x := range sug {
				by[x.Customer] = x
			}
			for _, p := range ps {
				if got := by[p.Customer]; got.Suggested != p.Suggested || got.Basis != p.Basis {
					t.Errorf("%s %s: the demo suggested %v (%s), the product suggests %v (%s)", plan.MonthKey(m), p.Customer, p.Suggested, p.Basis, got.Suggested, got.Basis)
				}
			}
		}
		if agreed == 0 || kept == 0 {
			t.Errorf("%d agreed plans, %d milestones kept: want some of each", agreed, kept)
		}
	})
}

func TestDemoPlansOff(t *testing.T) {
	t.Parallel()
	db := storetest.SQLiteURL(t)
	mustRun(t, db, "demo", "--size", "small", "--seed", "2", "--until", "2026-06-30", "--plans", "off")
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, m := range []civil.Date{civil.MustParse("2025-12-01"), civil.MustParse("2026-06-01")} {
		ps, err := s.Plans(ctx, user.Scope{All: true}, m, "")
		if err != nil {
			t.Fatal(err)
		}
		ts, err := s.Targets(ctx, user.Scope{All: true}, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range ts {
			if tg.Set {
				t.Errorf("--plans off: %s has a target for %s", tg.Rep, plan.MonthKey(m))
			}
		}
		if len(ps) != 0 {
			t.Errorf("--plans off: %d plans in %s", len(ps), plan.MonthKey(m))
		}
	}
}

// TestSimulatePlans: simulate --plans: on by default for the huikuan
// policy, off for the baselines; --plans off makes no plans, --plans on
// makes the baselines plan too; anything else is refused.
func TestSimulatePlans(t *testing.T) {
	t.Parallel()
	db := storetest.SQLiteURL(t)
	sim := func(args ...string) map[string]any {
		out := mustRun(t, db, append([]string{"simulate", "--months", "1", "--seed", "3", "--until", "2026-06-30", "--format", "json"}, args...)...)
		var r map[string]any
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("simulate JSON %q: %v", out, err)
		}
		return r
	}
	for _, c := range []struct {
		args   []string
		agreed bool
	}{
		{[]string{"--policy", "huikuan"}, true},
		{[]string{"--policy", "huikuan", "--plans", "off"}, false},
		{[]string{"--policy", "by-amount"}, false},
		{[]string{"--policy", "by-amount", "--plans", "on"}, true},
	} {
		r := sim(c.args...)
		if r["plans"] != c.agreed || (r["plans_agreed"].(float64) > 0) != c.agreed {
			t.Errorf("simulate %v: plans %v, %v agreed", c.args, r["plans"], r["plans_agreed"])
		}
	}
	if res := run(t, db, "simulate", "--plans", "maybe"); res.code != 2 || !strings.Contains(res.stderr, "--plans must be on or off") {
		t.Errorf("--plans maybe: exit %d %q", res.code, res.stderr)
	}
}
