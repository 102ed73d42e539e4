package store_test

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// threeSteps is C2's plan for December 2026: ¥300,000 asked, ¥200,000
// committed in three weekly steps (the seed's example), in status st.
func threeSteps(st plan.Status) store.PlanInput {
	y := money.Yuan
	return store.PlanInput{Suggested: y(250000), Basis: "到期 ¥300,000", Asked: y(300000), Committed: y(200000), Status: st, Contact: "李总",
		Difficulties: "下游经销商回款慢", Advantages: "元旦备货", DifficultyTags: []string{"下游回款慢"}, AdvantageTags: []string{"旺季"},
		Milestones: []plan.Milestone{{Due: d("2026-12-14"), Amount: y(50000)}, {Due: d("2026-12-07"), Amount: y(50000)}, {Due: d("2026-12-21"), Amount: y(100000)}}}
}

// planPromises returns the customer's promises made by a plan, oldest
// first.
func planPromises(t *testing.T, s *store.Store, customer string) []store.CommitmentRow {
	t.Helper()
	rows, err := s.Commitments(context.Background(), store.CommitmentFilter{Scope: user.Scope{All: true}, Customer: customer})
	if err != nil {
		t.Fatal(err)
	}
	var out []store.CommitmentRow
	for _, r := range rows {
		if r.PlanID != nil {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.CommitmentRow) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func statuses(p store.Plan) string {
	var out []string
	for _, m := range p.Milestones {
		out = append(out, string(m.Status))
	}
	return strings.Join(out, " ")
}

// TestPlanMilestonesBecomePromises: a plan drafted, proposed and agreed
// records its milestones as promises with the plan as their support;
// payments decide them and the plan's progress shows it.
func TestPlanMilestonesBecomePromises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := planWorld(t, dbURL)
		r1, dec, y := user.Scope{Rep: "R1"}, d("2026-12-01"), money.Yuan
		rep := store.Actor{Name: "rep1"}

		draft := threeSteps(plan.Draft)
		draft.Committed, draft.Milestones = 0, nil
		p, err := s.SavePlan(ctx, rep, r1, dec, "C2", draft, dec)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != plan.Draft || p.Gap != y(300000) || p.Rep != "R1" || len(p.Milestones) != 0 || p.AgreedOn != 0 {
			t.Errorf("draft %+v", p)
		}
		if _, err := s.SavePlan(ctx, rep, r1, dec, "C2", threeSteps(plan.Agreed), dec); !invalidOn(err, "status") {
			t.Errorf("draft → agreed: %v, want refused on status", err)
		}
		if _, err := s.SavePlan(ctx, rep, r1, dec, "C2", threeSteps(plan.Proposed), dec); err != nil {
			t.Fatal(err)
		}
		short := threeSteps(plan.Agreed)
		short.Milestones[2].Amount = y(90000)
		if _, err := s.SavePlan(ctx, rep, r1, dec, "C2", short, dec); !invalidOn(err, "milestones") {
			t.Errorf("milestones adding up to 190,000 of 200,000: %v", err)
		}
		if n := len(planPromises(t, s, "C2")); n != 0 {
			t.Fatalf("%d promises before the plan is agreed", n)
		}

		p, err = s.SavePlan(ctx, rep, r1, dec, "C2", threeSteps(plan.Agreed), dec)
		if err != nil {
			t.Fatal(err)
		}
		promises := planPromises(t, s, "C2")
		if len(promises) != 3 || p.Status != plan.Agreed || p.AgreedOn != dec || p.Gap != y(100000) || statuses(p) != "open open open" {
			t.Fatalf("agreed: %d promises, plan %+v", len(promises), p)
		}
		for i, c := range promises {
			m := p.Milestones[i]
			want := "回款计划 2026-12 第" + string(rune('1'+i)) + "步"
			if *c.PlanID != p.ID || c.Amount != m.Amount || c.Due != m.Due || c.Made != dec || c.Contact != "李总" || c.Support != want || *m.CommitmentID != c.ID {
				t.Errorf("milestone %d %+v as promise %+v (support %q, want %q)", i, m, c, c.Support, want)
			}
		}
		if p.Milestones[0].Due != d("2026-12-07") {
			t.Errorf("milestones not in date order: %+v", p.Milestones)
		}
		// The credibility model sees the plan as each promise's support.
		hs, err := s.CommitmentHistories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			for _, c := range h.Commitments {
				if !c.Supported {
					t.Errorf("promise %d of a plan is not supported in the history", c.ID)
				}
			}
		}

		// Saved again, later: nothing changes, no promise, no audit.
		audits := auditCount(t, s, "plan")
		again, err := s.SavePlan(ctx, rep, r1, dec, "C2", threeSteps(plan.Agreed), d("2026-12-10"))
		if err != nil || again.UpdatedAt != p.UpdatedAt || len(planPromises(t, s, "C2")) != 3 || auditCount(t, s, "plan") != audits {
			t.Errorf("saving the agreed plan again: %v; %d promises", err, len(planPromises(t, s, "C2")))
		}
		moved := threeSteps(plan.Agreed)
		moved.Milestones[2].Due = d("2026-12-28")
		if _, err := s.SavePlan(ctx, rep, r1, dec, "C2", moved, dec); !invalidOn(err, "milestones") {
			t.Errorf("moving a step of an agreed plan: %v", err)
		}
		notes := threeSteps(plan.Agreed)
		notes.Difficulties = "下游经销商回款慢，春节前好转"
		if p, err = s.SavePlan(ctx, rep, r1, dec, "C2", notes, d("2026-12-10")); err != nil || p.AgreedOn != dec || len(planPromises(t, s, "C2")) != 3 {
			t.Errorf("new notes on an agreed plan: %v, agreed on %s", err, p.AgreedOn)
		}

		// Payments decide the steps: the first kept, the second partly,
		// the third broken.
		pays := store.Batch{Payments: []ledger.Payment{pay("P1", "C2", "2026-12-05", 50000), pay("P2", "C2", "2026-12-13", 20000)}}
		if _, err := s.Apply(ctx, pays); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideCommitments(ctx, d("2026-12-31")); err != nil {
			t.Fatal(err)
		}
		p, err = s.Plan(ctx, r1, dec, "C2")
		if err != nil {
			t.Fatal(err)
		}
		if statuses(p) != "kept partly_kept broken" || p.Fulfilled != y(70000) || p.Milestones[1].Fulfilled != y(20000) || p.Milestones[0].DecidedOn != d("2026-12-05") {
			t.Errorf("after the payments: %s, fulfilled %s; want kept partly_kept broken, 70,000", statuses(p), p.Fulfilled)
		}

		// The audit shows the plan before and after.
		es, _ := s.Audit(ctx, 100)
		var agreedEntry *store.AuditEntry
		for i, e := range es {
			if e.Entity == "plan" && strings.Contains(e.After, `"Status":"agreed"`) && strings.Contains(e.Before, `"Status":"proposed"`) {
				agreedEntry = &es[i]
			}
		}
		if agreedEntry == nil || agreedEntry.Key != "2026-12/C2" || agreedEntry.Actor != "rep1" || !strings.Contains(agreedEntry.After, `"AgreedOn":"2026-12-01"`) {
			t.Errorf("no audit entry proposed → agreed for 2026-12/C2: %+v", agreedEntry)
		}
	})
}

// TestPlanReopen: reopening an agreed plan cancels its open milestone
// promises and keeps the kept one; agreed again, the kept step keeps its
// promise and the others are promised anew.
func TestPlanReopen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := planWorld(t, dbURL)
		r1, dec := user.Scope{Rep: "R1"}, d("2026-12-01")
		if _, err := s.SavePlan(ctx, admin, r1, dec, "C2", threeSteps(plan.Agreed), dec); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(ctx, store.Batch{Payments: []ledger.Payment{pay("P1", "C2", "2026-12-05", 50000)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideCommitments(ctx, d("2026-12-07")); err != nil { // the daily job
			t.Fatal(err)
		}
		p, err := s.SavePlan(ctx, admin, r1, dec, "C2", threeSteps(plan.Proposed), d("2026-12-08"))
		if err != nil {
			t.Fatal(err)
		}
		if statuses(p) != "kept cancelled cancelled" || p.Status != plan.Proposed || p.AgreedOn != dec {
			t.Errorf("reopened: %s, %+v; want kept cancelled cancelled", statuses(p), p)
		}
		kept := *p.Milestones[0].CommitmentID
		if _, err := s.SavePlan(ctx, admin, r1, dec, "C2", threeSteps(plan.Declined), d("2026-12-08")); err != nil {
			t.Errorf("a reopened plan declined: %v", err)
		}
		if _, err := s.SavePlan(ctx, admin, r1, dec, "C2", threeSteps(plan.Agreed), d("2026-12-09")); !invalidOn(err, "status") {
			t.Errorf("declined → agreed: %v", err)
		}
		if _, err := s.SavePlan(ctx, admin, r1, dec, "C2", threeSteps(plan.Proposed), d("2026-12-09")); err != nil {
			t.Fatal(err)
		}
		p, err = s.SavePlan(ctx, admin, r1, dec, "C2", threeSteps(plan.Agreed), d("2026-12-09"))
		if err != nil {
			t.Fatalf("agreed again on the 9th with the kept step of the 7th: %v", err)
		}
		if statuses(p) != "kept open open" || *p.Milestones[0].CommitmentID != kept || p.AgreedOn != d("2026-12-09") {
			t.Errorf("agreed again: %s, first promise %d (want %d)", statuses(p), *p.Milestones[0].CommitmentID, kept)
		}
		all := planPromises(t, s, "C2")
		var got []string
		for _, c := range all {
			got = append(got, string(c.Status))
		}
		if strings.Join(got, " ") != "kept cancelled cancelled open open" {
			t.Errorf("the plan's promises: %s", got)
		}
		// A new step before the day agreed again is refused.
		early := threeSteps(plan.Proposed)
		early.Milestones[0].Due = d("2026-12-08")
		if _, err := s.SavePlan(ctx, admin, r1, dec, "C2", early, d("2026-12-10")); err != nil {
			t.Fatal(err)
		}
		early.Status = plan.Agreed
		if _, err := s.SavePlan(ctx, admin, r1, dec, "C2", early, d("2026-12-10")); !invalidOn(err, "milestones[0].due") {
			t.Errorf("a moved step before the day agreed: %v", err)
		}
	})
}

// TestPlanScope: a rep reads and writes only their own customers' plans.
func TestPlanScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := planWorld(t, dbURL)
		r1, r2, east, dec := user.Scope{Rep: "R1"}, user.Scope{Rep: "R2"}, user.Scope{Team: "east"}, d("2026-12-01")
		if _, err := s.SavePlan(ctx, admin, r1, dec, "C1", threeSteps(plan.Proposed), dec); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SavePlan(ctx, admin, r2, dec, "C3", threeSteps(plan.Draft), dec); err != nil {
			t.Fatal(err)
		}
		m, err := s.AddMeasure(ctx, admin, r1, dec, "C1", store.NewMeasure{Kind: plan.Incentive, Expected: money.Yuan(30000), Owner: "王一", Due: d("2026-12-20")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Plan(ctx, r2, dec, "C1"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("R2 reading C1's plan: %v", err)
		}
		if _, err := s.SavePlan(ctx, admin, r2, dec, "C1", threeSteps(plan.Draft), dec); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("R2 writing C1's plan: %v", err)
		}
		if _, err := s.AddMeasure(ctx, admin, r2, dec, "C1", store.NewMeasure{Kind: plan.Incentive, Expected: 1, Owner: "x", Due: dec}); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("R2 adding a measure to C1's plan: %v", err)
		}
		done := plan.Done
		if _, err := s.UpdateMeasure(ctx, admin, r2, m.ID, store.MeasurePatch{Status: &done}); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("R2 changing C1's measure: %v", err)
		}
		if ms, _ := s.Measures(ctx, r2, dec, ""); len(ms) != 0 {
			t.Errorf("R2 sees measures %+v", ms)
		}
		for _, c := range []struct {
			name  string
			scope user.Scope
			rep   string
			want  string
		}{{"R1", r1, "", "C1"}, {"R2", r2, "", "C3"}, {"east", east, "", "C1"}, {"all", user.Scope{All: true}, "", "C1 C3"},
			{"all, R2's", user.Scope{All: true}, "R2", "C3"}, {"R2 asking for R1's", r2, "R1", ""}} {
			ps, err := s.Plans(ctx, c.scope, dec, c.rep)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.Customer)
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("%s: plans of %v, want %s", c.name, got, c.want)
			}
		}
		if ps, _ := s.Plans(ctx, east, dec, ""); len(ps) != 1 || len(ps[0].Measures) != 1 || len(ps[0].Milestones) != 3 {
			t.Errorf("east's plans without their milestones and measures: %+v", ps)
		}
	})
}

// TestMeasures: a measure added twice with one key is one measure; its
// status moves forward only; a plan is drafted for it when there is none.
func TestMeasures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := planWorld(t, dbURL)
		r1, dec, y := user.Scope{Rep: "R1"}, d("2026-12-01"), money.Yuan
		rep := store.Actor{Name: "rep1"}
		n := store.NewMeasure{Kind: plan.DownstreamPromotion, Expected: y(60000), Owner: "王一", Due: d("2026-12-25"), Cost: y(5000), Note: "门店堆头", IdempotencyKey: "k1"}
		first, err := s.AddMeasure(ctx, rep, r1, dec, "C1", n)
		if err != nil {
			t.Fatal(err)
		}
		if first.Status != plan.Planned || first.Start != dec || first.Customer != "C1" || first.Rep != "R1" || first.Month != dec || first.CreatedBy != "rep1" {
			t.Errorf("added %+v", first)
		}
		again, err := s.AddMeasure(ctx, rep, r1, dec, "C1", n)
		if err != nil || again.ID != first.ID {
			t.Errorf("the same key again: %+v, %v; want measure %d", again, err, first.ID)
		}
		n.IdempotencyKey, n.Ref, n.Kind, n.Start = "", "form-9", plan.NewOutlets, d("2026-12-10")
		second, err := s.AddMeasure(ctx, rep, r1, dec, "C1", n)
		if err != nil || second.ID == first.ID || second.Start != d("2026-12-10") {
			t.Fatalf("a second measure: %+v, %v", second, err)
		}
		if again, _ := s.AddMeasure(ctx, rep, r1, dec, "C1", n); again.ID != second.ID {
			t.Errorf("the same ref again: measure %d, want %d", again.ID, second.ID)
		}
		p, err := s.Plan(ctx, r1, dec, "C1")
		if err != nil {
			t.Fatalf("the plan drafted for the measures: %v", err)
		}
		if p.Status != plan.Draft || p.Asked != 0 || len(p.Measures) != 2 || p.Measures[0].ID != first.ID {
			t.Errorf("the drafted plan %+v", p)
		}
		bad := store.NewMeasure{Kind: "lottery", Owner: "", Due: d("2026-12-25"), Ref: "idem:1:x"}
		var inv *errs.Invalid
		if _, err := s.AddMeasure(ctx, rep, r1, dec, "C1", bad); !errors.As(err, &inv) || fieldsOf(inv) != "kind expected owner ref" {
			t.Errorf("a bad measure: %v", err)
		}

		move := func(st plan.MeasureStatus) error {
			_, err := s.UpdateMeasure(ctx, rep, r1, first.ID, store.MeasurePatch{Status: &st})
			return err
		}
		if err := move(plan.Doing); err != nil {
			t.Fatal(err)
		}
		more := y(80000)
		got, err := s.UpdateMeasure(ctx, rep, r1, first.ID, store.MeasurePatch{Expected: &more})
		if err != nil || got.Expected != more || got.Status != plan.Doing || got.Kind != plan.DownstreamPromotion {
			t.Errorf("expected raised: %+v, %v", got, err)
		}
		if err := move(plan.Done); err != nil {
			t.Fatal(err)
		}
		if err := move(plan.Doing); !invalidOn(err, "status") {
			t.Errorf("done → doing: %v", err)
		}
		zero := money.Amount(0)
		if _, err := s.UpdateMeasure(ctx, rep, r1, first.ID, store.MeasurePatch{Expected: &zero}); !invalidOn(err, "expected") {
			t.Errorf("expected set to 0: %v", err)
		}
		if _, err := s.UpdateMeasure(ctx, rep, r1, 9999, store.MeasurePatch{Expected: &more}); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("an unknown measure: %v", err)
		}
		ms, err := s.Measures(ctx, user.Scope{Team: "east"}, dec, "R1")
		if err != nil || len(ms) != 2 || ms[0].Status != plan.Done || ms[1].Status != plan.Planned {
			t.Errorf("east's measures %+v, %v", ms, err)
		}
		es, _ := s.Audit(ctx, 100)
		var moves int
		for _, e := range es {
			if e.Entity == "measure" && e.Action == "update" && strings.Contains(e.Before, `"Status":"doing"`) && strings.Contains(e.After, `"Status":"done"`) {
				moves++
			}
		}
		if moves != 1 {
			t.Errorf("%d audit entries of the move doing → done, want 1", moves)
		}
	})
}
