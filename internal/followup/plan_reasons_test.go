package followup

import (
	"fmt"
	"slices"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// The plans' reasons: a customer with something collectable and no
// agreed plan, during the first five working days of the month; a gap
// measure on its due day (moved to a working day) and after.
func TestPlanReasons(t *testing.T) {
	p, cal, y := DefaultPolicy(), civil.Calendar{}, money.Yuan
	codes := func(c Customer, today string) []string {
		var out []string
		for _, r := range p.Reasons(c, cal, d(today)) {
			if r.On <= d(today) {
				out = append(out, fmt.Sprintf("%s %s %s", r.Code, r.On, r.Amount.Format()))
			}
		}
		return out
	}
	c := Customer{Code: "C1", Collectable: y(800)}
	for _, tt := range []struct {
		name, today string
		c           Customer
		want        []string
	}{
		// 2 December 2026 is the second working day of the month.
		{"no plan early in the month", "2026-12-02", c, []string{"plan_not_agreed 2026-12-02 ¥800.00"}},
		{"agreed", "2026-12-02", Customer{Code: "C1", Collectable: y(800), PlanAgreed: true}, nil},
		{"nothing collectable", "2026-12-02", Customer{Code: "C1"}, nil},
		// 7 December is the fifth working day, the 8th the sixth.
		{"the fifth working day", "2026-12-07", c, []string{"plan_not_agreed 2026-12-07 ¥800.00"}},
		{"the sixth", "2026-12-08", c, nil},
		{"a Saturday", "2026-12-05", c, nil},
		// Due on Saturday the 12th: on the list from Monday the 14th.
		{"a measure due on a day off", "2026-12-14", Customer{Code: "C1", PlanAgreed: true, Measures: []Measure{{ID: 1, Expected: y(300), Due: d("2026-12-12")}}},
			[]string{"measure_due 2026-12-14 ¥300.00"}},
		{"before it is due", "2026-12-11", Customer{Code: "C1", PlanAgreed: true, Measures: []Measure{{ID: 1, Expected: y(300), Due: d("2026-12-12")}}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := codes(tt.c, tt.today); !slices.Equal(got, tt.want) {
				t.Errorf("reasons %q, want %q", got, tt.want)
			}
		})
	}
	// On the worklist a due measure alone puts the customer there, with
	// its action.
	items := p.Worklist([]Customer{{Code: "C2", PlanAgreed: true, Measures: []Measure{{ID: 1, Expected: y(300), Due: d("2026-12-14")}}}}, cal, d("2026-12-14"))
	if len(items) != 1 || items[0].Reasons[0].Code != MeasureDue || items[0].Action != ActionCheckMeasure {
		t.Errorf("worklist %+v", items)
	}
}
