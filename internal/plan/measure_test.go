package plan_test

import (
	"strings"
	"testing"

	"huikuan/internal/money"
	"huikuan/internal/plan"
)

func TestCheckMeasureMove(t *testing.T) {
	allowed := map[[2]plan.MeasureStatus]bool{
		{plan.Planned, plan.Doing}: true, {plan.Planned, plan.Done}: true, {plan.Planned, plan.Dropped}: true,
		{plan.Doing, plan.Done}: true, {plan.Doing, plan.Dropped}: true,
	}
	for _, from := range plan.MeasureStatuses {
		for _, to := range plan.MeasureStatuses {
			want := allowed[[2]plan.MeasureStatus{from, to}] || from == to
			err := plan.CheckMeasureMove(from, to)
			if (err == nil) != want {
				t.Errorf("CheckMeasureMove(%s, %s) = %v, want allowed %v", from, to, err, want)
			}
			if err != nil && fields(t, err) != "status" {
				t.Errorf("CheckMeasureMove(%s, %s) names %q, want status", from, to, fields(t, err))
			}
		}
	}
	if plan.CheckMeasureMove(plan.Planned, "paused") == nil {
		t.Error("an unknown status was accepted")
	}
}

func TestCheckMeasure(t *testing.T) {
	ok := plan.Measure{Kind: plan.DownstreamPromotion, Expected: money.Yuan(50000), Owner: "王一", Start: d("2026-12-03"), Due: d("2026-12-20"), Cost: money.Yuan(3000)}
	for _, c := range []struct {
		name   string
		change func(m *plan.Measure)
		want   string
	}{
		{"a promotion", func(m *plan.Measure) {}, ""},
		{"free", func(m *plan.Measure) { m.Cost = 0 }, ""},
		{"unknown kind", func(m *plan.Measure) { m.Kind = "lottery" }, "kind"},
		{"expects nothing", func(m *plan.Measure) { m.Expected = 0 }, "expected"},
		{"expects too much", func(m *plan.Measure) { m.Expected = money.MaxAmount + 1 }, "expected"},
		{"no owner", func(m *plan.Measure) { m.Owner = "" }, "owner"},
		{"no due date", func(m *plan.Measure) { m.Due = 0 }, "due"},
		{"due before it starts", func(m *plan.Measure) { m.Due = d("2026-12-01") }, "due"},
		{"negative cost", func(m *plan.Measure) { m.Cost = -1 }, "cost"},
		{"long note", func(m *plan.Measure) { m.Note = strings.Repeat("字", plan.MaxText+1) }, "note"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := ok
			c.change(&m)
			if got := fields(t, plan.CheckMeasure(m)); got != c.want {
				t.Errorf("fields %q, want %q", got, c.want)
			}
		})
	}
	for _, k := range plan.MeasureKinds {
		if !k.Valid() {
			t.Errorf("kind %s not valid", k)
		}
	}
}
