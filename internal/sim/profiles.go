package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// The habits a demo rep may be weak in, by the scorecard's codes, in
// DESIGN.md's order.
const (
	WeakPlanCoverage       = "plan_coverage"
	WeakGapCoverage        = "gap_coverage"
	WeakCommitmentScrutiny = "commitment_scrutiny"
	WeakFollowUp           = "follow_up"
	WeakExcuseHandling     = "excuse_handling"
	WeakNegotiation        = "negotiation"
)

// WeakHabits lists them; HabitProfile.Weak is one of them or "".
var WeakHabits = []string{WeakPlanCoverage, WeakGapCoverage, WeakCommitmentScrutiny, WeakFollowUp, WeakExcuseHandling, WeakNegotiation}

// HabitProfile is a share of the demo's reps weak in one habit (Weak ""
// for the reps with no weak habit). A weak rep differs from the others in
// that habit only:
//
//   - plan_coverage: plans with half the customers it otherwise would,
//     and mostly after the fifth working day (working days 4–13);
//   - gap_coverage: adds a measure to a quarter of the gaps it otherwise
//     would, expecting 10–25 % of the gap instead of 30–70 %, and carries
//     out 40 % as many;
//   - commitment_scrutiny: asks for a support plan a tenth as often,
//     accepting promises as they come, whatever their credibility;
//   - follow_up: calls 45 % as often as its diligence says, and not at
//     all in the five days after a promise was found broken;
//   - excuse_handling: accepts excuses: after a call met with an excuse
//     it does not call the customer again within twice the tier's
//     cadence;
//   - negotiation: asks for nothing on half its chasing calls and for
//     25–55 % of what is overdue on the others, and the customer pays and
//     promises no more than it was asked for.
//
// Every weak draw comes from the rep's customers' streams of their own
// (or replaces one draw with another), so the customers of the reps
// without a weak habit live exactly as without profiles.
type HabitProfile struct {
	Weak  string  `json:"weak"`
	Share float64 `json:"share"`
}

// validateProfiles checks a world's habit profiles: known habits, each at
// most once, shares ≥ 0 adding up to 1.
func validateProfiles(ps []HabitProfile) error {
	if len(ps) == 0 {
		return nil
	}
	total, seen := 0.0, map[string]bool{}
	for _, p := range ps {
		if p.Weak != "" && !slices.Contains(WeakHabits, p.Weak) || seen[p.Weak] || p.Share < 0 {
			return fmt.Errorf("reps: habit_profiles: %q: each of %v or \"\" at most once, with a share ≥ 0, is required", p.Weak, WeakHabits)
		}
		seen[p.Weak] = true
		total += p.Share
	}
	if math.Abs(total-1) > 0.01 {
		return fmt.Errorf("reps: habit_profiles' shares add up to %.3f, not 1", total)
	}
	return nil
}

// assignProfiles gives each rep its weak habit: as many reps of each
// profile as its share of them (the largest remainders rounding up), in
// an order shuffled by rng.
func assignProfiles(reps []RepModel, ps []HabitProfile, rng *rand.Rand) {
	if len(ps) == 0 || len(reps) == 0 {
		return
	}
	n := len(reps)
	counts := make([]int, len(ps))
	rest := make([]int, len(ps))
	left := n
	for i, p := range ps {
		counts[i] = int(p.Share * float64(n))
		left -= counts[i]
		rest[i] = i
	}
	slices.SortStableFunc(rest, func(a, b int) int {
		fa, fb := ps[a].Share*float64(n)-float64(counts[a]), ps[b].Share*float64(n)-float64(counts[b])
		switch {
		case fa > fb:
			return -1
		case fa < fb:
			return 1
		}
		return 0
	})
	for k := 0; left > 0; k, left = k+1, left-1 {
		counts[rest[k%len(rest)]]++
	}
	var weak []string
	for i, p := range ps {
		for range counts[i] {
			weak = append(weak, p.Weak)
		}
	}
	rng.Shuffle(len(weak), func(i, j int) { weak[i], weak[j] = weak[j], weak[i] })
	for i := range reps {
		reps[i].Weak = weak[i]
	}
}

// weak reports whether the customer's rep is weak in habit.
func (s *customerSim) weak(habit string) bool { return s.rep.Weak == habit }
