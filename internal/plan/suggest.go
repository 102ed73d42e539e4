package plan

import (
	"fmt"
	"math"

	"huikuan/internal/money"
)

// MaxStretch is how far above its capacity a customer's suggested plan
// may go to cover the rep's target: a plan the customer cannot pay is
// one it will not agree to (DESIGN.md, habit 1).
const MaxStretch = 1.5

// Suggestion is a customer's suggested plan for a month: its capacity,
// the amount suggested, and the basis in words and figures.
type Suggestion struct {
	Customer  string       `json:"customer"`
	Name      string       `json:"name"`
	Rep       string       `json:"rep"`
	Capacity  money.Amount `json:"capacity"`
	Suggested money.Amount `json:"suggested"`
	// Basis says in Chinese what the capacity rests on; BasisEN in
	// English. Estimate has the figures.
	Basis    string   `json:"basis"`
	BasisEN  string   `json:"basis_en"`
	Estimate Estimate `json:"estimate"`
}

// Suggest splits a rep's target over the rep's customers: each customer's
// capacity is raised by one factor, the same for all, until they add up to
// the target — but never above MaxStretch times the capacity, and never
// below the capacity (a target smaller than what the customers can pay
// is no reason to ask them for less). Without a target (zero) each
// suggestion is the capacity. Suggestions are rounded up to whole
// hundreds of yuan, as a rep would say them.
func Suggest(es []Estimate, names []string, target money.Amount) []Suggestion {
	var total money.Amount
	for _, e := range es {
		total += e.Amount
	}
	f := 1.0
	if total > 0 && target > total {
		f = min(float64(target)/float64(total), MaxStretch)
	}
	out := make([]Suggestion, len(es))
	for i, e := range es {
		out[i] = Suggestion{Customer: e.Customer, Name: names[i], Rep: e.Rep, Capacity: e.Amount,
			Suggested: roundUpHundred(float64(e.Amount) * f), Basis: basisZH(e), BasisEN: basisEN(e), Estimate: e}
	}
	return out
}

// roundUpHundred rounds fen up to whole hundreds of yuan.
func roundUpHundred(fen float64) money.Amount {
	const hundred = 100 * 100
	return money.Amount(math.Ceil(fen/hundred-1e-9)) * hundred
}

func basisZH(e Estimate) string {
	return fmt.Sprintf("到期 %s，逾期 %s，近六个月月均 %s，近期回收率 %.0f%%", yuan(e.Due), yuan(e.Overdue), yuan(e.Average), 100*e.Rate)
}

func basisEN(e Estimate) string {
	return fmt.Sprintf("due %s, overdue %s, six-month average %s, collects %.0f%% of what is collectable", yuan(e.Due), yuan(e.Overdue), yuan(e.Average), 100*e.Rate)
}

func yuan(a money.Amount) string { return a.Format() }
