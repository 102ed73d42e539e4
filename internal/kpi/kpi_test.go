package kpi

import (
	"fmt"
	"testing"

	"huikuan/internal/money"
)

const y = money.Amount(100) // a yuan in fen

// is formats a ratio to the decimals the worked examples give.
func is(r Ratio, decimals int) string {
	if r == nil {
		return "nil"
	}
	return fmt.Sprintf("%.*f", decimals, *r)
}

// The published worked examples.
func TestWorkedExamples(t *testing.T) {
	for _, c := range []struct{ name, got, want string }{
		{"DSO: AR 150,000 on sales 1,800,000 over 365 days", is(Period{Days: 365, Sales: 1_800_000 * y, AR: 150_000 * y}.DSO(), 1), "30.4"},
		{"DSO: AR 15,000 on sales 10,000 over 30 days", is(Period{Days: 30, Sales: 10_000 * y, AR: 15_000 * y, CurrentAR: 4_000 * y}.DSO(), 1), "45.0"},
		{"best possible DSO: current 4,000", is(Period{Days: 30, Sales: 10_000 * y, AR: 15_000 * y, CurrentAR: 4_000 * y}.BestDSO(), 1), "12.0"},
		{"ADD = 45 − 12", is(Period{Days: 30, Sales: 10_000 * y, AR: 15_000 * y, CurrentAR: 4_000 * y}.ADD(), 1), "33.0"},
		{"countback: AR 212,000 over 100,000, 80,000, 70,000", is(CountbackDSO(212_000*y, []Month{{30, 100_000 * y}, {30, 80_000 * y}, {30, 70_000 * y}}), 2), "73.71"},
		{"CEI: 6,200 + 10,890 − 6,340 over 6,200 + 10,890 − 3,590", is(Period{OpeningAR: 6_200 * y, Sales: 10_890 * y, AR: 6_340 * y, CurrentAR: 3_590 * y}.CEI(), 2), "79.63"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s, want %s", c.name, c.got, c.want)
		}
	}
	count, amount := KeptRates([]Promise{{1_000 * y, 1_000 * y, "kept"}, {500 * y, 200 * y, "partly_kept"}, {800 * y, 0, "broken"}, {900 * y, 0, "open"}})
	if is(count, 3) != "0.333" || is(amount, 3) != "0.522" {
		t.Errorf("kept rates %s by count, %s by amount; want 33.3 %% and 52.2 %%", is(count, 3), is(amount, 3))
	}
}

func TestEdges(t *testing.T) {
	if (Period{Days: 30, AR: 100}).DSO() != nil || (Period{}).ADD() != nil || (Period{}).CEI() != nil {
		t.Error("a KPI over nothing is defined")
	}
	// Less AR than the latest month's sales: a part of that month.
	if got := is(CountbackDSO(50*y, []Month{{31, 100 * y}}), 1); got != "15.5" {
		t.Errorf("countback within the month: %s", got)
	}
	// A month without sales is walked over whole.
	if got := is(CountbackDSO(150*y, []Month{{30, 100 * y}, {31, 0}, {30, 100 * y}}), 1); got != "76.0" {
		t.Errorf("countback over an empty month: %s", got)
	}
	// More AR than all the months given: undefined, not a wrong number.
	if CountbackDSO(500*y, []Month{{30, 100 * y}}) != nil {
		t.Error("countback short of months gave a figure")
	}
	if CollectionRate(100, 0) != nil || is(CollectionRate(150*y, 100*y), 2) != "1.50" {
		t.Error("collection rate")
	}
	if is(DaysLate([]Overdue{{100 * y, 10}, {300 * y, 30}}), 1) != "25.0" || DaysLate(nil) != nil {
		t.Error("weighted days late")
	}
	r, p := CallRates(10, 4, 1)
	if is(r, 2) != "0.40" || is(p, 2) != "0.25" {
		t.Errorf("call rates %s %s", is(r, 2), is(p, 2))
	}
	if is(OverdueRatio(25, 100), 2) != "0.25" {
		t.Error("overdue ratio")
	}
}
