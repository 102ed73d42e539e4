package habit

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/money"
)

var d = civil.MustParse

func f(v float64) *float64 { return &v }

func TestPlanDeadline(t *testing.T) {
	tests := []struct {
		name string
		cal  civil.Calendar
		n    int
		want string
	}{
		// July 2026 begins on a Wednesday: 1, 2, 3, 6, 7.
		{"plain", civil.Calendar{}, 5, "2026-07-07"},
		{"a holiday", civil.Calendar{Holidays: map[civil.Date]bool{d("2026-07-02"): true}}, 5, "2026-07-08"},
		{"a make-up Saturday", civil.Calendar{Workdays: map[civil.Date]bool{d("2026-07-04"): true}}, 5, "2026-07-06"},
		{"the first", civil.Calendar{}, 1, "2026-07-01"},
		{"more than the month has", civil.Calendar{}, 40, "2026-07-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlanDeadline(tt.cal, d("2026-07-15"), tt.n); got != d(tt.want) {
				t.Errorf("PlanDeadline = %s, want %s", got, tt.want)
			}
		})
	}
}

// values are the main values of Indicators, -1 standing for nil.
func values(s Sums) []float64 {
	var out []float64
	for _, ind := range Indicators(s) {
		v := -1.0
		if ind.Value != nil {
			v = math.Round(*ind.Value*1000) / 1000
		}
		out = append(out, v)
	}
	return out
}

func TestIndicators(t *testing.T) {
	tests := []struct {
		name string
		s    Sums
		want []float64
	}{
		{"nothing to measure", Sums{}, []float64{-1, -1, -1, -1, -1, -1}},
		{"every habit", Sums{
			Collectable: 10, PlannedEarly: 4,
			Gap: money.Yuan(100_000), MeasuresExpected: money.Yuan(30_000),
			Promises: 20, Weak: 10, WeakUnsupported: 6,
			FollowupsDue: 40, FollowupsOnTime: 30,
			Excuses: 8, Countered: 2,
			PromiseCalls: 3, Asked: money.Yuan(300_000), Agreed: money.Yuan(165_000), Reached: 10,
			RecommendedCalls: 8, Recommended: money.Yuan(500_000), RecommendedAgreed: money.Yuan(225_000),
		}, []float64{0.4, 0.3, 0.4, 0.75, 0.25, 0.45}},
		{"measures above the gap count as covering it", Sums{Gap: money.Yuan(100), MeasuresExpected: money.Yuan(250)}, []float64{-1, 1, -1, -1, -1, -1}},
		{"no gap is no data, however many measures", Sums{MeasuresExpected: money.Yuan(250)}, []float64{-1, -1, -1, -1, -1, -1}},
		{"all weak and unsupported", Sums{Promises: 5, Weak: 5, WeakUnsupported: 5}, []float64{-1, -1, 0, -1, -1, -1}},
		// Habit 3 is over the weak promises made outside plans only: a
		// rep with many plans (milestones never weak and unsupported) and
		// one with none are measured alike.
		{"scrutiny: weak promises outside plans, one in four unsupported", Sums{Promises: 40, Weak: 4, WeakUnsupported: 1}, []float64{-1, -1, 0.75, -1, -1, -1}},
		{"scrutiny: the same with no plans", Sums{Promises: 4, Weak: 4, WeakUnsupported: 1}, []float64{-1, -1, 0.75, -1, -1, -1}},
		{"scrutiny: no weak promise outside plans is no data", Sums{Promises: 12}, []float64{-1, -1, -1, -1, -1, -1}},
		// Habit 6 against the recommended opening asks: a rep who asks
		// little gets all of it (agreed ÷ asked 1) and little of the
		// recommendation; a call without an ask counts its recommendation.
		{"negotiation: a small ask fully agreed", Sums{PromiseCalls: 2, Asked: money.Yuan(300), Agreed: money.Yuan(300), Reached: 4, ReachedNoAsk: 2,
			RecommendedCalls: 4, Recommended: money.Yuan(2000), RecommendedAgreed: money.Yuan(300)}, []float64{-1, -1, -1, -1, -1, 0.15}},
		{"negotiation: the recommended ask haggled down", Sums{PromiseCalls: 2, Asked: money.Yuan(2000), Agreed: money.Yuan(1200), Reached: 2,
			RecommendedCalls: 2, Recommended: money.Yuan(2000), RecommendedAgreed: money.Yuan(1200)}, []float64{-1, -1, -1, -1, -1, 0.6}},
		{"negotiation: no recommendation known, agreed ÷ asked × the share that asked", Sums{PromiseCalls: 3, Asked: money.Yuan(200), Agreed: money.Yuan(160),
			Reached: 10, ReachedNoAsk: 5}, []float64{-1, -1, -1, -1, -1, 0.4}},
		{"negotiation: no recommendation known, reached and never asked", Sums{Reached: 4, ReachedNoAsk: 4}, []float64{-1, -1, -1, -1, -1, 0}},
		{"negotiation: no recommendation known, asked but no promise", Sums{Reached: 3, ReachedNoAsk: 1}, []float64{-1, -1, -1, -1, -1, -1}},
		{"negotiation: a recommendation with nothing agreed", Sums{Reached: 3, ReachedNoAsk: 3, RecommendedCalls: 3, Recommended: money.Yuan(900)}, []float64{-1, -1, -1, -1, -1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, values(tt.s)); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFigures checks the secondary figures that are worked out, not
// copied: kept minus credibility, the shares and the median ask ratio.
func TestFigures(t *testing.T) {
	s := Sums{Decided: 4, Kept: 1, CredibilitySum: 2.6, MeasuresDue: 4, MeasuresDone: 1, FollowupsDue: 2, AvgDelayDays: 1.5,
		Repeats: 4, RepeatsAccepted: 3, Reached: 10, ReachedNoAsk: 2, AskRatios: []float64{0.5, 1.2, 0.8, 1}, Asked: 1000, Agreed: 800}
	got := map[string]float64{}
	for _, ind := range Indicators(s) {
		for _, fg := range ind.Figures {
			if fg.Value != nil {
				got[fg.Code] = math.Round(*fg.Value*1000) / 1000
			}
		}
	}
	want := map[string]float64{
		"collectable_customers": 0, "planned_by_deadline": 0, "measures_due": 4, "measures_done_share": 0.25,
		"kept_minus_credibility": -0.4, "weak_unsupported": 0, "avg_delay_days": 1.5,
		"repeats_accepted": 3, "repeats_accepted_share": 0.75, "agreed_vs_asked": 0.8, "ask_vs_recommended": 0.9, "no_ask_share": 0.2,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
}

func TestMedian(t *testing.T) {
	if Median(nil) != nil {
		t.Error("the median of nothing is a number")
	}
	for _, tt := range []struct {
		vs   []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := *Median(tt.vs); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.vs, got, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	team := []float64{0.2, 0.5, 0.6, 0.8, 1.0} // median 0.6
	tests := []struct {
		name string
		v    float64
		team []float64
		want int
	}{
		{"the worst", 0.2, team, 0},
		{"the best", 1.0, team, 100},
		{"the median", 0.6, team, 50},
		{"between worst and median", 0.5, team, 38}, // 50 × 0.3 ÷ 0.4 = 37.5
		{"between median and best", 0.8, team, 75},
		{"a team of one", 0.3, []float64{0.3}, 50},
		{"everyone alike", 0.7, []float64{0.7, 0.7, 0.7}, 50},
		{"tied at the bottom", 0.1, []float64{0.1, 0.1, 0.5, 0.9}, 0}, // median 0.3
		{"tied at the median", 0.5, []float64{0.1, 0.5, 0.5, 0.9}, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Score(tt.v, tt.team); got != tt.want {
				t.Errorf("Score(%v, %v) = %d, want %d", tt.v, tt.team, got, tt.want)
			}
		})
	}
}

// order is each assessment's code, in the order given.
func order(as []Assessment) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Code)
	}
	return out
}

// TestAssess scores a team of three on each habit and orders each rep's
// habits weakest first, the habits without data last.
func TestAssess(t *testing.T) {
	base := func(rep string) Sums {
		return Sums{Rep: rep, Collectable: 10, PlannedEarly: 8, Gap: 100, MeasuresExpected: 80, Promises: 10, Weak: 5, WeakUnsupported: 2,
			FollowupsDue: 10, FollowupsOnTime: 8, Excuses: 10, Countered: 8}
	}
	a, b, c := base("A"), base("B"), base("C")
	a.PlannedEarly = 2                    // A: the weakest planner by far
	b.Countered, b.FollowupsOnTime = 6, 7 // B: worst excuses and follow-up, excuses further below (follow-up first all the same)
	c.PlannedEarly, c.Countered, c.FollowupsOnTime = 9, 9, 9
	got := Assess([]Sums{a, b, c}, 5, "en")
	want := [][]string{
		{"plan_coverage", "gap_coverage", "commitment_scrutiny", "follow_up", "excuse_handling", "negotiation"}, // the rest at 50, by number
		{"follow_up", "excuse_handling", "plan_coverage", "gap_coverage", "commitment_scrutiny", "negotiation"},
		{"gap_coverage", "commitment_scrutiny", "plan_coverage", "follow_up", "excuse_handling", "negotiation"},
	}
	for i := range want {
		if diff := cmp.Diff(want[i], order(got[i])); diff != "" {
			t.Errorf("%s's order (-want +got):\n%s", []string{"A", "B", "C"}[i], diff)
		}
	}
	first := got[0][0]
	if first.Habit != 1 || *first.Value != 0.2 || *first.TeamMedian != 0.8 || *first.Score != 0 {
		t.Errorf("A's plan coverage: habit %d value %v median %v score %d", first.Habit, *first.Value, *first.TeamMedian, *first.Score)
	}
	last := got[0][5]
	if last.Value != nil || last.Score != nil || last.TeamMedian != nil || last.Tip != "" || last.Finding == "" {
		t.Errorf("no data: %+v", last)
	}
	if len(first.Measures) != 2 || first.Measures[0].Label != "collectable customers" || *first.Measures[0].Value != 10 {
		t.Errorf("A's plan coverage measures: %+v", first.Measures)
	}
}

func TestFinding(t *testing.T) {
	s := Sums{Collectable: 10, PlannedEarly: 4}
	ind := Indicators(s)[0]
	if got, want := Finding(ind, s, f(0.75), 5, "zh"), "只有 40% 的可收客户（10 户中 4 户）在第 5 个工作日前定了计划（团队中位数 75%）"; got != want {
		t.Errorf("zh:\n got %s\nwant %s", got, want)
	}
	if got, want := Finding(ind, s, f(0.3), 5, "en"), "40% of the collectable customers (4 of 10) had a plan agreed by working day 5 (team median 30%)"; got != want {
		t.Errorf("en:\n got %s\nwant %s", got, want)
	}
	s = Sums{Promises: 20, Weak: 10, WeakUnsupported: 6, Decided: 10, Kept: 4, CredibilitySum: 5.2}
	ind = Indicators(s)[2]
	want := "Only 40% of weak promises backed by a support plan: 6 of the 10 promises made outside plans with a credibility below 50% were accepted without one (team median 90%); the 10 promises decided were kept 12 points below what credibility expected"
	if got := Finding(ind, s, f(0.9), 5, "en"); got != want {
		t.Errorf("commitments:\n got %s\nwant %s", got, want)
	}
	s = Sums{PromiseCalls: 2, Asked: money.Yuan(200_000), Agreed: money.Yuan(110_000), Reached: 4, ReachedNoAsk: 1, AskRatios: []float64{0.5},
		RecommendedCalls: 4, Recommended: money.Yuan(400_000), RecommendedAgreed: money.Yuan(110_000)}
	want = "只有 28% 的建议开口价谈成（4 个接通电话建议 ¥400,000.00，商定 ¥110,000.00）（团队中位数 70%）；承诺电话中要价的 55% 谈成；要价为建议开口价的 0.50 倍；25% 的接通电话没有要价"
	if got := Finding(Indicators(s)[5], s, f(0.7), 5, "zh"); got != want {
		t.Errorf("negotiation:\n got %s\nwant %s", got, want)
	}
	s.RecommendedCalls, s.Recommended, s.RecommendedAgreed, s.AskRatios = 0, 0, 0, nil
	want = "Only 41% with no recommended ask known: 55% of what was asked in promise calls was agreed (¥110,000.00 of ¥200,000.00), and 75% of reached calls asked for an amount (team median 70%)"
	if got := Finding(Indicators(s)[5], s, f(0.7), 5, "en"); got != want {
		t.Errorf("negotiation without a recommendation:\n got %s\nwant %s", got, want)
	}
	s = Sums{Reached: 3, ReachedNoAsk: 3}
	want = "Only 0%: none of the 3 reached calls asked for an amount (team median 70%)"
	if got := Finding(Indicators(s)[5], s, f(0.7), 5, "en"); got != want {
		t.Errorf("negotiation, never asked:\n got %s\nwant %s", got, want)
	}
	for _, c := range Codes {
		if got := Finding(Indicator{Code: c}, Sums{}, nil, 5, "en"); got == "" || Tip(Indicator{Code: c}, nil, "en") != "" {
			t.Errorf("%s without data: finding %q", c, got)
		}
		if c.Definition("zh") == "" || c.Definition("en") == "" || c.Name("en") == "" {
			t.Errorf("%s has no definition or name", c)
		}
	}
	weak, ok := Tip(Indicator{Code: FollowUp, Value: f(0.5)}, f(0.8), "en"), Tip(Indicator{Code: FollowUp, Value: f(0.9)}, f(0.8), "en")
	if weak == "" || ok == "" || weak == ok {
		t.Errorf("follow-up tips: below the median %q, above %q", weak, ok)
	}
}

// TestExcuseCounts counts only the excuses whose outcome is known, and
// the repeats accepted among them.
func TestExcuseCounts(t *testing.T) {
	ob := func(rep, cust, day string, cat excuse.Category, next int, disputed bool) excuse.Observed {
		o := excuse.Observed{Customer: cust, Rep: rep, NextCall: next, Cadence: 4, Disputed: disputed}
		o.Date, o.Category = d(day), cat
		return o
	}
	obs := []excuse.Observed{
		ob("R1", "C1", "2026-06-20", excuse.CashTight, 2, false),         // before the month: only makes the next a repeat
		ob("R1", "C1", "2026-07-03", excuse.CashTight, 0, false),         // a repeat, never called again: accepted
		ob("R1", "C2", "2026-07-06", excuse.CashTight, 3, false),         // countered
		ob("R1", "C3", "2026-07-08", excuse.Quality, 2, false),           // no dispute after 14 days: accepted
		ob("R2", "C4", "2026-07-10", excuse.Quality, 1, true),            // countered
		ob("R2", "C5", "2026-07-29", excuse.CashTight, 0, false),         // pending: within its cadence
		ob("R2", "C6", "2026-07-25", excuse.StatementMismatch, 1, false), // pending: a dispute may still follow
	}
	got := ExcuseCounts(obs, d("2026-07-01"), d("2026-07-31"), d("2026-07-31"))
	want := map[string]ExcuseCount{"R1": {Excuses: 3, Countered: 1, Repeats: 1, RepeatsAccepted: 1}, "R2": {Excuses: 1, Countered: 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ExcuseCounts (-want +got):\n%s", diff)
	}
}

// TestFollowUpBeforeExcuses: a rep as weak in follow-up as in excuse
// handling (one causes the other: no next call in time, no counter) is
// told follow-up first, even when the excuses lie further below their
// median; other ties keep the deficit order.
func TestFollowUpBeforeExcuses(t *testing.T) {
	team := []Sums{
		{Rep: "A", FollowupsDue: 10, FollowupsOnTime: 5, Excuses: 100, Countered: 0, Collectable: 100, PlannedEarly: 0},
		{Rep: "B", FollowupsDue: 10, FollowupsOnTime: 8, Excuses: 100, Countered: 60, Collectable: 100, PlannedEarly: 60},
		{Rep: "C", FollowupsDue: 10, FollowupsOnTime: 9, Excuses: 100, Countered: 66, Collectable: 100, PlannedEarly: 75},
	}
	// A scores 0 on all three; below the medians by 0.75 (follow-up), 0.91
	// (excuses) and 0.8 (plans) of the team's spread.
	got := order(Assess(team, 5, "en")[0])[:3]
	if diff := cmp.Diff([]string{"follow_up", "excuse_handling", "plan_coverage"}, got); diff != "" {
		t.Errorf("A's first three (-want +got):\n%s", diff)
	}
	team[0].FollowupsOnTime = 9 // follow-up at the median now: the excuses first
	if got := order(Assess(team, 5, "en")[0])[0]; got != "excuse_handling" {
		t.Errorf("A's first with follow-up above the worst: %s", got)
	}
}
