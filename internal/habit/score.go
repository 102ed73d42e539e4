package habit

import "slices"

// Score places v among the team's values (v's own included) on 0–100:
// the team's worst is 0, its median 50 and its best 100, and a value in
// between is placed linearly between the two it lies between. Equal values
// score the same. When the whole team has one value — a team of one rep,
// or everyone alike — there is no one to be better or worse than, and the
// score is 50. The rule reads as "0 is the weakest in the team, 50 the
// middle, 100 the strongest" and, unlike a rank, shows how far a rep is
// from the others, so one clearly weak habit stands out.
func Score(v float64, team []float64) int {
	lo, hi := slices.Min(team), slices.Max(team)
	med := *Median(team)
	switch {
	case hi == lo:
		return 50
	case v < med:
		return round(50 * (v - lo) / (med - lo))
	case v > med:
		return round(50 + 50*(v-med)/(hi-med))
	}
	return 50
}

func round(x float64) int { return int(x + 0.5) }

// deficit is how far v lies below the team's median, as a share of the
// team's spread (0 when at or above it): the tie-break between two habits
// with the same score, the one further below its median coming first.
func deficit(v float64, team []float64) float64 {
	lo, hi := slices.Min(team), slices.Max(team)
	med := *Median(team)
	if hi == lo || v >= med {
		return 0
	}
	return (med - v) / (hi - lo)
}
