package plan_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/plan"
)

var d = civil.MustParse

// fields returns the fields an error of CheckPlan and the like names, in
// order, or "" for nil.
func fields(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var inv *errs.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("error %v is not *errs.Invalid", err)
	}
	var out []string
	for _, f := range inv.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, " ")
}

func TestCheckMove(t *testing.T) {
	allowed := map[[2]plan.Status]bool{
		{plan.Draft, plan.Proposed}: true, {plan.Proposed, plan.Agreed}: true, {plan.Proposed, plan.Declined}: true,
		{plan.Proposed, plan.Draft}: true, {plan.Agreed, plan.Proposed}: true, {plan.Declined, plan.Proposed}: true,
	}
	for _, from := range plan.Statuses {
		for _, to := range plan.Statuses {
			want := allowed[[2]plan.Status{from, to}] || from == to
			err := plan.CheckMove(from, to)
			if (err == nil) != want {
				t.Errorf("CheckMove(%s, %s) = %v, want allowed %v", from, to, err, want)
			}
			if err != nil && (fields(t, err) != "status" || !strings.Contains(err.Error(), string(from)) || !strings.Contains(err.Error(), string(to))) {
				t.Errorf("CheckMove(%s, %s) = %v: want the field status and both statuses named", from, to, err)
			}
		}
		if err := plan.CheckMove("", from); err != nil {
			t.Errorf("a new plan in status %s: %v", from, err)
		}
	}
	if fields(t, plan.CheckMove(plan.Draft, "signed")) != "status" {
		t.Error("an unknown status was accepted")
	}
	if !plan.Reopens(plan.Agreed, plan.Proposed) || plan.Reopens(plan.Proposed, plan.Agreed) || plan.Reopens(plan.Agreed, plan.Agreed) {
		t.Error("Reopens: only leaving agreed reopens a plan")
	}
}

// agreed is a plan for December 2026 agreed on the 1st: ¥300,000 asked,
// ¥200,000 committed in three weekly steps (the seed's example).
func agreed() plan.Input {
	y := money.Yuan
	return plan.Input{Asked: y(300000), Committed: y(200000), Status: plan.Agreed, Contact: "李总",
		DifficultyTags: []string{"下游回款慢"}, AdvantageTags: []string{"旺季", "自定义"},
		Milestones: []plan.Milestone{{d("2026-12-07"), y(50000)}, {d("2026-12-14"), y(50000)}, {d("2026-12-21"), y(100000)}}}
}

func TestCheckPlan(t *testing.T) {
	month, on := d("2026-12-01"), d("2026-12-01")
	y := money.Yuan
	long := strings.Repeat("字", plan.MaxText+1)
	cases := []struct {
		name   string
		change func(p *plan.Input)
		month  civil.Date
		want   string // the fields named, in order
	}{
		{"agreed in three steps", func(p *plan.Input) {}, month, ""},
		{"not summing to committed", func(p *plan.Input) { p.Milestones[2].Amount = y(90000) }, month, "milestones"},
		{"a step in January", func(p *plan.Input) { p.Milestones[2].Due = d("2027-01-04") }, month, "milestones[2].due"},
		{"a step before the day agreed", func(p *plan.Input) { p.Milestones[0].Due = d("2026-11-30") }, month, "milestones[0].due"},
		{"a step of nothing", func(p *plan.Input) { p.Milestones[1].Amount = 0 }, month, "milestones[1].amount milestones"},
		{"a step without a date", func(p *plan.Input) { p.Milestones[1].Due = 0 }, month, "milestones[1].due"},
		{"agreed without a contact", func(p *plan.Input) { p.Contact = "" }, month, "contact"},
		{"agreed without milestones", func(p *plan.Input) { p.Milestones = nil }, month, "milestones"},
		{"agreed on nothing", func(p *plan.Input) { p.Committed, p.Milestones = 0, nil }, month, "committed milestones"},
		{"declined needs no milestones", func(p *plan.Input) { p.Status, p.Committed, p.Milestones, p.Contact = plan.Declined, 0, nil, "" }, month, ""},
		{"a draft need not add up", func(p *plan.Input) { p.Status, p.Milestones = plan.Draft, p.Milestones[:1] }, month, ""},
		{"a draft's steps are still in the month", func(p *plan.Input) { p.Status, p.Milestones[1].Due = plan.Draft, d("2026-11-03") }, month, "milestones[1].due"},
		{"eleven steps", func(p *plan.Input) {
			p.Milestones = nil
			for i := range 11 {
				p.Milestones = append(p.Milestones, plan.Milestone{Due: d("2026-12-20").AddDays(i), Amount: y(1000)})
			}
			p.Committed = y(11000)
		}, month, "milestones"},
		{"negative amounts", func(p *plan.Input) { p.Asked, p.Suggested = -1, -1 }, month, "suggested asked"},
		{"beyond the largest amount", func(p *plan.Input) { p.Asked = money.MaxAmount + 1 }, month, "asked"},
		{"unknown status", func(p *plan.Input) { p.Status = "signed" }, month, "status"},
		{"long texts", func(p *plan.Input) { p.Difficulties, p.Advantages, p.Basis = long, long, long }, month, "basis difficulties advantages"},
		{"a long contact", func(p *plan.Input) { p.Contact = strings.Repeat("a", plan.MaxContact+1) }, month, "contact"},
		{"bad tags", func(p *plan.Input) {
			p.DifficultyTags = []string{"淡季", "", "淡季", strings.Repeat("长", plan.MaxTagLen+1), "a\x00"}
		}, month, "difficulty_tags[1] difficulty_tags[2] difficulty_tags[3] difficulty_tags[4]"},
		{"eleven tags", func(p *plan.Input) {
			p.AdvantageTags = strings.Split("a b c d e f g h i j k", " ")
		}, month, "advantage_tags"},
		{"not a month", func(p *plan.Input) {}, d("2026-12-02"), "month"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := agreed()
			c.change(&p)
			if got := fields(t, plan.CheckPlan(p, c.month, on)); got != c.want {
				t.Errorf("fields %q, want %q", got, c.want)
			}
		})
	}
	// Agreed before, saved again later: the steps are checked against the
	// day it was agreed, not today.
	if err := plan.CheckPlan(agreed(), month, d("2026-12-01")); err != nil {
		t.Errorf("an agreed plan checked against its agreed day: %v", err)
	}
	if got := fields(t, plan.CheckPlan(agreed(), month, d("2026-12-10"))); got != "milestones[0].due" {
		t.Errorf("agreed on the 10th with a step on the 7th: fields %q", got)
	}
	if got := fields(t, plan.CheckPlan(agreed(), month, d("2027-01-04"))); got != "milestones[0].due milestones[1].due milestones[2].due" {
		t.Errorf("December's plan agreed in January: fields %q", got)
	}
	if err := plan.CheckPlanSettled(agreed(), month, d("2026-12-10"), []bool{true, false, false}); err != nil {
		t.Errorf("agreed again on the 10th, the step of the 7th kept before: %v", err)
	}
	if got := fields(t, plan.CheckPlanSettled(agreed(), month, d("2026-12-15"), []bool{true})); got != "milestones[1].due" {
		t.Errorf("agreed again on the 15th, only the first step settled: fields %q", got)
	}
	if err := plan.CheckPlan(agreed(), month, d("2026-11-28")); err != nil {
		t.Errorf("December's plan agreed in November: %v", err)
	}
}

func TestGap(t *testing.T) {
	y := money.Yuan
	for _, c := range []struct{ asked, committed, want money.Amount }{
		{y(300000), y(200000), y(100000)}, // the seed's example
		{y(300000), y(300000), 0},
		{y(100000), y(150000), 0}, // committed more than asked: no gap, never negative
		{0, 0, 0},
		{y(1), 0, y(1)},
	} {
		if got := plan.Gap(c.asked, c.committed); got != c.want {
			t.Errorf("Gap(%s, %s) = %s, want %s", c.asked, c.committed, got, c.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	y := money.Yuan
	in := plan.Input{Milestones: []plan.Milestone{{d("2026-12-21"), y(3)}, {d("2026-12-07"), y(1)}, {d("2026-12-21"), y(4)}}}
	got := plan.Normalize(in)
	want := plan.Input{DifficultyTags: []string{}, AdvantageTags: []string{},
		Milestones: []plan.Milestone{{d("2026-12-07"), y(1)}, {d("2026-12-21"), y(3)}, {d("2026-12-21"), y(4)}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
	if in.Milestones[0].Due != d("2026-12-21") {
		t.Error("Normalize sorted its argument's milestones in place")
	}
	if !plan.Equal(got, plan.Normalize(want)) {
		t.Error("Equal: a normalized plan differs from itself normalized again")
	}
	changed := plan.Normalize(want)
	changed.Milestones[2].Amount++
	if plan.Equal(got, changed) {
		t.Error("Equal: a changed milestone is not a change")
	}
}
