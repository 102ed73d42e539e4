package scorecard

import (
	"fmt"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/kpi"
	"huikuan/internal/money"
	"huikuan/internal/store"
)

func show(r kpi.Ratio) string {
	if r == nil {
		return "nil"
	}
	return fmt.Sprintf("%.2f", *r)
}

// The sums of store's kpiWorld for November 2026 (see TestKPISums), worked
// out by hand: DSO 3,000 ÷ 900 × 30; best possible 1,000 ÷ 900 × 30; CEI
// (2,500 + 900 − 3,000) ÷ (2,500 + 900 − 1,000); the countback takes
// November's 900 (30 days) and 2,100 of October's 2,500 (31 days).
func TestCompute(t *testing.T) {
	y := money.Yuan
	months := make([]money.Amount, kpi.CountbackMonths)
	months[0], months[1], months[2] = y(900), y(2500), y(1000)
	from, _ := civil.Parse("2026-11-01")
	to, _ := civil.Parse("2026-11-30")
	sm := store.KPISums{KPIPeriod: store.KPIPeriod{From: from, To: to}, Sales: y(900), Collected: y(800),
		Opening:    store.ARAt{AR: y(2500), Current: y(2500)},
		Closing:    store.ARAt{AR: y(3000), Current: y(1000), Overdue: kpi.OverdueDays{Amount: y(2000), AmountDays: int64(y(1500))*26 + int64(y(500))*11}},
		MonthSales: months, Kept: kpi.Kept{Decided: 3, Kept: 1, Promised: y(1400), Fulfilled: y(800)},
		Calls: 5, Reached: 4, Promised: 2}
	k := compute(sm)
	for _, c := range []struct {
		name string
		got  kpi.Ratio
		want string
	}{
		{"dso", k.DSO, "100.00"}, {"bpdso", k.BPDSO, "33.33"}, {"add", k.ADD, "66.67"}, {"cei", k.CEI, "16.67"},
		{"dso_countback", k.DSOCountback, fmt.Sprintf("%.2f", 30+2100.0/2500*31)},
		{"overdue_ratio", k.OverdueRatio, "0.67"}, {"days_late_weighted", k.DaysLateWeighted, "22.25"},
		{"kept_rate_count", k.KeptRateCount, "0.33"}, {"kept_rate_amount", k.KeptRateAmount, "0.57"},
		{"reached_rate", k.ReachedRate, "0.80"}, {"promise_rate", k.PromiseRate, "0.50"},
		{"collection_rate (no target)", k.CollectionRate, "nil"},
	} {
		if got := show(c.got); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
	if k.Days != 30 || k.CreditSales != y(900) || k.ARBegin != y(2500) || k.AREnd != y(3000) || k.CurrentAREnd != y(1000) || k.OverdueAREnd != y(2000) || k.Collected != y(800) {
		t.Errorf("figures %+v", k)
	}
}

// A period ending mid-month counts its own month's days up to its end.
func TestCountbackDays(t *testing.T) {
	to, _ := civil.Parse("2026-03-10")
	ms := countback(to, []money.Amount{1, 2, 3})
	if ms[0].Days != 10 || ms[1].Days != 28 || ms[2].Days != 31 {
		t.Errorf("countback months %+v; want 10 days of March, 28 of February, 31 of January", ms)
	}
}
