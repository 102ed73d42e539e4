// Package negotiation is the negotiation assistant's rules (habit 6): the
// opening ask a rep starts a call with, the equivalent options to offer
// with it, and how much a customer usually discounts an ask. Pure: the
// call sheet loads the inputs and shows what these functions say.
package negotiation

import (
	"cmp"
	"math"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Haggle is one call's asked and agreed amounts.
type Haggle struct {
	CallID int64
	Date   civil.Date
	Asked  money.Amount
	Agreed money.Amount
}

// Ratio is agreed ÷ asked, or 0 when the call does not say both.
func (h Haggle) Ratio() float64 {
	if h.Asked <= 0 || h.Agreed <= 0 {
		return 0
	}
	return float64(h.Agreed) / float64(h.Asked)
}

// The ratio rule's constants (DESIGN.md, "Opening ask").
const (
	RatioCalls   = 6         // the last calls with both amounts that teach r
	RatioMinimum = 3         // fewer calls than this: r is DefaultRatio
	MinRatio     = 0.3       // r is clamped to [MinRatio, MaxRatio]
	MaxRatio     = 1.0       //
	DefaultRatio = 10.0 / 18 // the seed's example: expect ¥100,000, open at ¥180,000
	CapMultiple  = 1.5       // of the largest calendar month's payments
)

// Discount is r, how much of an ask this customer usually agrees to: the
// median of agreed ÷ asked over its last RatioCalls calls with both
// amounts above zero, clamped to [MinRatio, MaxRatio]; DefaultRatio with
// fewer than RatioMinimum such calls. n is how many calls it rests on.
func Discount(calls []Haggle) (r float64, n int) {
	var rs []Haggle
	for _, c := range calls {
		if c.Ratio() > 0 {
			rs = append(rs, c)
		}
	}
	// Newest first: the last calls are the ones that count.
	slices.SortStableFunc(rs, func(a, b Haggle) int { return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(b.CallID, a.CallID)) })
	rs = rs[:min(len(rs), RatioCalls)]
	if len(rs) < RatioMinimum {
		return DefaultRatio, len(rs)
	}
	ratios := make([]float64, len(rs))
	for i, c := range rs {
		ratios[i] = c.Ratio()
	}
	slices.Sort(ratios)
	m := len(ratios) / 2
	med := ratios[m]
	if len(ratios)%2 == 0 {
		med = (ratios[m-1] + ratios[m]) / 2
	}
	return min(max(med, MinRatio), MaxRatio), len(rs)
}

// Input is what the opening ask of a customer on a day is made from.
// Every amount leaves disputed parts out.
type Input struct {
	Day   civil.Date
	Calls []Haggle // the customer's calls before the day, any order
	// The month's agreed plan, when there is one: what it asked, and what
	// the customer has paid in the month so far.
	PlanAgreed bool
	PlanAsked  money.Amount
	Collected  money.Amount
	Overdue    money.Amount // owed and past due on the day
	DueInMonth money.Amount // falling due from the day to the month's end
	Balance    money.Amount // everything owed, undisputed
	// MonthlyPaid is what the customer paid in each calendar month of the
	// twelve before the day's month.
	MonthlyPaid []money.Amount
}

// Ask is the opening ask, with every figure it rests on, so that the sheet
// can say why.
type Ask struct {
	Expected   money.Amount `json:"expected"`
	FromPlan   bool         `json:"from_plan"` // expected is the rest of the agreed plan
	Ratio      float64      `json:"ratio"`
	RatioCalls int          `json:"ratio_calls"` // the calls r rests on; fewer than RatioMinimum: the default
	Rounded    money.Amount `json:"rounded"`     // expected ÷ r rounded up, before the cap
	Cap        money.Amount `json:"cap"`
	Ask        money.Amount `json:"ask"`
	Options    []Option     `json:"options"`
}

// OpeningAsk is DESIGN.md's rule: ask = expected ÷ r rounded up to two
// significant figures of yuan, capped at the smaller of CapMultiple × the
// largest calendar month's payments of the last twelve and the undisputed
// balance, and never below expected.
func OpeningAsk(in Input) Ask {
	a := Ask{Expected: Expected(in), FromPlan: in.PlanAgreed}
	a.Ratio, a.RatioCalls = Discount(in.Calls)
	a.Rounded = RoundUp2(money.Amount(math.Ceil(float64(a.Expected) / a.Ratio)))
	var best money.Amount
	for _, p := range in.MonthlyPaid {
		best = max(best, p)
	}
	a.Cap = min(best*3/2, max(in.Balance, 0))
	a.Ask = max(min(a.Rounded, a.Cap), a.Expected)
	a.Options = Options(a.Ask, in.Day)
	return a
}

// Expected is what the rep expects to collect: the rest of this month's
// agreed plan (asked − collected this month) when there is one, otherwise
// what is overdue plus what falls due by the month's end.
func Expected(in Input) money.Amount {
	if in.PlanAgreed {
		return max(in.PlanAsked-in.Collected, 0)
	}
	return max(in.Overdue+in.DueInMonth, 0)
}

// RoundUp2 rounds a positive amount up to two significant figures
// (¥178,333 → ¥180,000; ¥9,876 → ¥9,900). Fen and yuan have the same
// significant figures, so it works on fen directly.
func RoundUp2(a money.Amount) money.Amount {
	if a <= 0 {
		return 0
	}
	step := money.Amount(1)
	for a/step >= 100 {
		step *= 10
	}
	return (a + step - 1) / step * step
}
