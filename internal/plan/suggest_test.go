package plan_test

import (
	"testing"

	"huikuan/internal/money"
	"huikuan/internal/plan"
)

func TestSuggest(t *testing.T) {
	y := money.Yuan
	es := []plan.Estimate{{Customer: "C1", Amount: y(10000)}, {Customer: "C2", Amount: y(30000)}, {Customer: "C3"}}
	names := []string{"甲", "乙", "丙"}
	for _, c := range []struct {
		name   string
		target money.Amount
		want   [3]money.Amount
	}{
		// No target: the capacities, rounded up to hundreds of yuan.
		{"no target", 0, [3]money.Amount{y(10000), y(30000), 0}},
		// A target below what the customers can pay asks no one for less.
		{"target below capacity", y(20000), [3]money.Amount{y(10000), y(30000), 0}},
		// ¥50,000 over ¥40,000 of capacity: each × 1.25.
		{"target above capacity", y(50000), [3]money.Amount{y(12500), y(37500), 0}},
		// ¥100,000 would be × 2.5: held at × 1.5.
		{"stretch capped", y(100000), [3]money.Amount{y(15000), y(45000), 0}},
		// × 1.111…: ¥11,111.11 and ¥33,333.33 rounded up to hundreds.
		{"rounded up", y(44444), [3]money.Amount{y(11200), y(33400), 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sgs := plan.Suggest(es, names, c.target)
			got := [3]money.Amount{sgs[0].Suggested, sgs[1].Suggested, sgs[2].Suggested}
			if got != c.want {
				t.Errorf("suggested %v, want %v", got, c.want)
			}
			if sgs[1].Name != "乙" || sgs[1].Capacity != y(30000) {
				t.Errorf("suggestion %+v", sgs[1])
			}
		})
	}
}

func TestSuggestionBasis(t *testing.T) {
	e := plan.Estimate{Customer: "C1", Due: money.Yuan(2000), Overdue: money.Yuan(1000), Average: money.Yuan(2500), Rate: 0.8}
	sg := plan.Suggest([]plan.Estimate{e}, []string{"甲"}, 0)[0]
	if want := "到期 ¥2,000.00，逾期 ¥1,000.00，近六个月月均 ¥2,500.00，近期回收率 80%"; sg.Basis != want {
		t.Errorf("basis %q, want %q", sg.Basis, want)
	}
	if want := "due ¥2,000.00, overdue ¥1,000.00, six-month average ¥2,500.00, collects 80% of what is collectable"; sg.BasisEN != want {
		t.Errorf("basis %q, want %q", sg.BasisEN, want)
	}
}

func TestAttainment(t *testing.T) {
	y := money.Yuan
	// The waterfall of the seed's example: target ¥300,000, collected
	// ¥120,000, promised ¥100,000 weighted, measures ¥50,000 expected.
	a := plan.Attainment{Target: y(300000), TargetSet: true, Collected: y(120000), PromisedWeighted: y(100000), MeasuresExpected: y(50000)}
	a.Close()
	if a.Rate == nil || *a.Rate != 0.4 || a.Gap != y(80000) || a.Uncovered != y(30000) {
		t.Errorf("rate %v, gap %v, uncovered %v; want 0.4, ¥80,000, ¥30,000", a.Rate, a.Gap, a.Uncovered)
	}
	// Over-covered: nothing uncovered, never below zero.
	b := plan.Attainment{Target: y(100000), TargetSet: true, Collected: y(90000), PromisedWeighted: y(20000), MeasuresExpected: y(5000)}
	b.Close()
	if b.Gap != 0 || b.Uncovered != 0 {
		t.Errorf("over-covered: gap %v, uncovered %v", b.Gap, b.Uncovered)
	}
	// No target: no rate. The sum of reps with and without a target is
	// of those with one only, in whatever order they come: the team's
	// target is theirs. Its gap is from the sums.
	c := plan.Attainment{Collected: y(50000)}
	c.Close()
	if c.Rate != nil {
		t.Errorf("no target: rate %v, want none", *c.Rate)
	}
	b.Close()
	for _, order := range [][]plan.Attainment{{a, c, b}, {c, a, b}, {c, c, a, b}} {
		total := plan.Total(order)
		if total.Target != y(400000) || total.Collected != y(210000) || total.Gap != y(70000) || total.Uncovered != y(15000) ||
			*total.Rate != 210000.0/400000 || total.WithoutTarget != len(order)-2 {
			t.Errorf("total of %d: %+v", len(order), total)
		}
	}
	// Without any target, the sum is of all, without a rate.
	none := plan.Total([]plan.Attainment{c, c})
	if none.Collected != y(100000) || none.Rate != nil || none.WithoutTarget != 0 {
		t.Errorf("no targets at all: %+v", none)
	}
}

func TestMeasureEffect(t *testing.T) {
	y, dec := money.Yuan, d("2026-12-01")
	m := plan.Measure{Kind: plan.DownstreamPromotion, Expected: y(20000), Start: d("2026-12-01"), Due: d("2026-12-10")}
	// Capacity ¥31,000 in December: ¥1,000 a day. Ten days' worth is
	// ¥10,000; ¥25,000 paid in them is ¥15,000 above.
	if e := plan.MeasureEffect(m, dec, y(31000), y(25000), d("2026-12-20")); e.Baseline != y(10000) || e.Actual != y(15000) || e.To != m.Due {
		t.Errorf("after the window: %+v", e)
	}
	// While it runs, the window ends today: five days, ¥5,000.
	if e := plan.MeasureEffect(m, dec, y(31000), y(4000), d("2026-12-05")); e.Baseline != y(5000) || e.Actual != 0 {
		t.Errorf("running, below the baseline: %+v", e)
	}
	// Before it starts: nothing.
	if e := plan.MeasureEffect(m, dec, y(31000), 0, d("2026-11-30")); e.Actual != 0 || e.Baseline != 0 {
		t.Errorf("before: %+v", e)
	}
}
