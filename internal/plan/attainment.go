package plan

import (
	"slices"

	"huikuan/internal/money"
)

// Attainment is where a rep (or a team, or the company: the sums) stands
// against the month's target — the waterfall from the target to what is
// still uncovered:
//
//	target − collected − promised (credibility-weighted) = gap
//	gap − measures expected = uncovered
//
// Collected is money received in the month (payments by date;
// prepayments count, credit notes do not). Promised is the open promises
// due in the rest of the month, each weighted by its credibility (the
// month forecast's committed part). Measures expected are the expected
// amounts of the month's gap measures still planned or being done.
type Attainment struct {
	Rep       string       `json:"rep,omitempty"`
	Name      string       `json:"name,omitempty"`
	Team      string       `json:"team,omitempty"`
	Target    money.Amount `json:"target"`
	TargetSet bool         `json:"target_set"`
	Collected money.Amount `json:"collected"`
	// Rate is collected ÷ target (回款达成率), nil without a target.
	Rate             *float64     `json:"rate"`
	PromisedWeighted money.Amount `json:"promised_weighted"`
	MeasuresExpected money.Amount `json:"measures_expected"`
	// Gap is the target not covered by what was collected and promised;
	// Uncovered what the measures leave of it. Neither is below zero.
	Gap       money.Amount `json:"gap"`
	Uncovered money.Amount `json:"uncovered"`
	// Committed is what the customers committed in their agreed plans,
	// Planned what was asked of them.
	Committed money.Amount `json:"committed"`
	Planned   money.Amount `json:"planned"`
	// WithoutTarget is, in a sum, how many reps were left out of it for
	// having no target while others had one.
	WithoutTarget int `json:"reps_without_target,omitempty"`
}

// Close works out Rate, Gap and Uncovered from the other figures.
func (a *Attainment) Close() {
	a.Rate = nil
	if a.TargetSet && a.Target > 0 {
		r := float64(a.Collected) / float64(a.Target)
		a.Rate = &r
	}
	a.Gap = max(a.Target-a.Collected-a.PromisedWeighted, 0)
	a.Uncovered = max(a.Gap-a.MeasuresExpected, 0)
}

// Total is the team's or the company's sum of its reps' figures. Once any
// rep has a target, it is the sum of the reps with one only — what the
// team's target is for — and the others are counted in WithoutTarget;
// while none has, it is the sum of all (without a rate).
func Total(reps []Attainment) Attainment {
	targeted := slices.ContainsFunc(reps, func(a Attainment) bool { return a.TargetSet })
	var t Attainment
	for _, a := range reps {
		if targeted && !a.TargetSet {
			t.WithoutTarget++
			continue
		}
		t.Target += a.Target
		t.TargetSet = t.TargetSet || a.TargetSet
		t.Collected += a.Collected
		t.PromisedWeighted += a.PromisedWeighted
		t.MeasuresExpected += a.MeasuresExpected
		t.Committed += a.Committed
		t.Planned += a.Planned
	}
	t.Close()
	return t
}
