package negotiation

import (
	"math"
	"reflect"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

const yuan = money.Amount(100)

func TestRoundUp2(t *testing.T) {
	for _, c := range []struct{ in, want money.Amount }{
		{178_333 * yuan, 180_000 * yuan},
		{43_210 * yuan, 44_000 * yuan},
		{9_876 * yuan, 9_900 * yuan},
		{180_000 * yuan, 180_000 * yuan}, // already two figures
		{180_001 * yuan, 190_000 * yuan},
		{99, 99}, // 99 fen: two figures already
		{101, 110},
		{0, 0},
	} {
		if got := RoundUp2(c.in); got != c.want {
			t.Errorf("RoundUp2(%d) = %d, want %d", c.in, got, c.want)
		}
	}
}

func calls(ratios ...float64) []Haggle {
	var hs []Haggle
	day := civil.MustParse("2026-01-01")
	for i, r := range ratios {
		hs = append(hs, Haggle{CallID: int64(i + 1), Date: day.AddDays(i), Asked: 100_000 * yuan, Agreed: money.Amount(r * float64(100_000*yuan))})
	}
	return hs
}

func TestDiscount(t *testing.T) {
	for _, c := range []struct {
		name  string
		calls []Haggle
		want  float64
		n     int
	}{
		{"none: the seed's 10/18", nil, 10.0 / 18, 0},
		{"two: still the default", calls(0.5, 0.5), 10.0 / 18, 2},
		{"three: their median", calls(0.5, 0.9, 0.6), 0.6, 3},
		{"even count: the middle two's mean", calls(0.5, 0.6, 0.7, 0.8), 0.65, 4},
		{"only the last six", calls(0.1, 0.1, 0.1, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8), 0.75, 6},
		{"clamped up to 0.3", calls(0.1, 0.2, 0.25), 0.3, 3},
		{"clamped down to 1", calls(1.2, 1.5, 1.1), 1.0, 3},
		{"calls without both amounts do not count", append(calls(0.5, 0.5), Haggle{CallID: 9, Asked: 100, Agreed: 0}, Haggle{CallID: 10, Agreed: 100}), 10.0 / 18, 2},
	} {
		r, n := Discount(c.calls)
		if math.Abs(r-c.want) > 1e-9 || n != c.n {
			t.Errorf("%s: Discount = %v on %d calls, want %v on %d", c.name, r, n, c.want, c.n)
		}
	}
}

func TestOpeningAsk(t *testing.T) {
	day := civil.MustParse("2026-06-10")
	big := []money.Amount{500_000 * yuan}
	for _, c := range []struct {
		name string
		in   Input
		want Ask
	}{
		{"the seed's example: expect 100k, open at 180k",
			Input{Day: day, Overdue: 60_000 * yuan, DueInMonth: 40_000 * yuan, Balance: 300_000 * yuan, MonthlyPaid: big},
			Ask{Expected: 100_000 * yuan, Ratio: 10.0 / 18, Rounded: 180_000 * yuan, Cap: 300_000 * yuan, Ask: 180_000 * yuan}},
		{"the agreed plan's rest, not what is due",
			Input{Day: day, PlanAgreed: true, PlanAsked: 120_000 * yuan, Collected: 20_000 * yuan, Overdue: 5 * yuan, Balance: 300_000 * yuan, MonthlyPaid: big, Calls: calls(0.6, 0.6, 0.6)},
			Ask{Expected: 100_000 * yuan, FromPlan: true, Ratio: 0.6, RatioCalls: 3, Rounded: 170_000 * yuan, Cap: 300_000 * yuan, Ask: 170_000 * yuan}},
		{"capped by 1.5 × the best month",
			Input{Day: day, Overdue: 100_000 * yuan, Balance: 300_000 * yuan, MonthlyPaid: []money.Amount{80_000 * yuan, 100_000 * yuan, 0}},
			Ask{Expected: 100_000 * yuan, Ratio: 10.0 / 18, Rounded: 180_000 * yuan, Cap: 150_000 * yuan, Ask: 150_000 * yuan}},
		{"capped by the undisputed balance",
			Input{Day: day, Overdue: 100_000 * yuan, Balance: 120_000 * yuan, MonthlyPaid: big},
			Ask{Expected: 100_000 * yuan, Ratio: 10.0 / 18, Rounded: 180_000 * yuan, Cap: 120_000 * yuan, Ask: 120_000 * yuan}},
		{"never below expected, even when the cap is",
			Input{Day: day, Overdue: 100_000 * yuan, Balance: 300_000 * yuan, MonthlyPaid: []money.Amount{10_000 * yuan}},
			Ask{Expected: 100_000 * yuan, Ratio: 10.0 / 18, Rounded: 180_000 * yuan, Cap: 15_000 * yuan, Ask: 100_000 * yuan}},
		{"a plan already paid: nothing to ask",
			Input{Day: day, PlanAgreed: true, PlanAsked: 50_000 * yuan, Collected: 60_000 * yuan, Balance: 300_000 * yuan, MonthlyPaid: big},
			Ask{Expected: 0, FromPlan: true, Ratio: 10.0 / 18, Rounded: 0, Cap: 300_000 * yuan, Ask: 0}},
		{"43,210 ÷ 1 rounds up to 44,000",
			Input{Day: day, Overdue: 43_210 * yuan, Balance: 300_000 * yuan, MonthlyPaid: big, Calls: calls(1, 1, 1)},
			Ask{Expected: 43_210 * yuan, Ratio: 1, RatioCalls: 3, Rounded: 44_000 * yuan, Cap: 300_000 * yuan, Ask: 44_000 * yuan}},
	} {
		got := OpeningAsk(c.in)
		got.Options, c.want.Options = nil, nil
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

func TestOptions(t *testing.T) {
	day := civil.MustParse("2026-06-10")
	os := Options(180_000*yuan, day)
	if len(os) != 2 {
		t.Fatalf("options %+v", os)
	}
	whole, split := os[0], os[1]
	if whole.Kind != "whole" || whole.Parts[0].Amount != 180_000*yuan || whole.Parts[0].By != civil.MustParse("2026-06-17") {
		t.Errorf("whole %+v", whole)
	}
	if split.Kind != "split" || len(split.Parts) != 2 || split.Parts[0].Amount != 108_000*yuan || split.Parts[0].By != civil.MustParse("2026-06-12") ||
		split.Parts[1].Amount != 72_000*yuan || split.Parts[1].By != civil.MustParse("2026-06-30") {
		t.Errorf("split %+v", split)
	}
	// Two days before the month's end the whole is due by the end, and
	// the rest of the split a week after it.
	late := Options(10_050*yuan, civil.MustParse("2026-06-28"))
	if late[0].Parts[0].By != civil.MustParse("2026-06-30") || late[1].Parts[0].Amount != 6_100*yuan || late[1].Parts[1].Amount != 3_950*yuan ||
		late[1].Parts[1].By != civil.MustParse("2026-07-07") {
		t.Errorf("late %+v", late)
	}
	if Options(0, day) != nil {
		t.Error("options for nothing")
	}
}
