package habit

import "slices"

// Units of a measure's value.
const (
	UnitShare = "share" // a fraction, shown as a percentage
	UnitDays  = "days"
	UnitRatio = "ratio" // a multiple (1 = equal)
	UnitCount = "count"
	UnitPoint = "points" // a difference of two shares, shown in percentage points
)

// Figure is one secondary figure of a habit before it is put into words.
type Figure struct {
	Code  string
	Value *float64
	Unit  string
}

// Indicator is one habit's figures for a rep: the main value (higher is
// better for every habit; nil: no data) and the secondary figures.
type Indicator struct {
	Code    Code
	Value   *float64
	Figures []Figure
}

// Indicators are the six habits' indicators of a rep's month, in
// DESIGN.md's order:
//
//  1. plan_coverage = PlannedEarly ÷ Collectable;
//  2. gap_coverage = MeasuresExpected ÷ Gap, at most 1 (no gap: no data);
//  3. commitment_scrutiny = 1 − WeakUnsupported ÷ Weak: of the weak
//     promises made outside plans, the share backed by a support plan;
//  4. follow_up = FollowupsOnTime ÷ FollowupsDue;
//  5. excuse_handling = Countered ÷ Excuses;
//  6. negotiation = RecommendedAgreed ÷ Recommended: what the reached
//     calls got against the opening asks recommended for them (without
//     any recommendation known, Agreed ÷ Asked scaled by the share of
//     reached calls that asked: negotiation).
//
// A zero denominator is no data (nil), never zero.
func Indicators(s Sums) []Indicator {
	return []Indicator{
		{PlanCoverage, share(s.PlannedEarly, s.Collectable), []Figure{
			count("collectable_customers", s.Collectable), count("planned_by_deadline", s.PlannedEarly)}},
		{GapCoverage, gapCoverage(s), []Figure{
			{"measures_done_share", share(s.MeasuresDone, s.MeasuresDue), UnitShare}, count("measures_due", s.MeasuresDue)}},
		{CommitmentScrutiny, complement(share(s.WeakUnsupported, s.Weak)), []Figure{
			{"kept_minus_credibility", keptMinusCredibility(s), UnitPoint}, count("weak_unsupported", s.WeakUnsupported)}},
		{FollowUp, share(s.FollowupsOnTime, s.FollowupsDue), []Figure{
			{"avg_delay_days", ifAny(s.AvgDelayDays, s.FollowupsDue), UnitDays}, {"broken_to_call_days", ifAny(s.BrokenToCallDays, s.Broken), UnitDays}}},
		{ExcuseHandling, share(s.Countered, s.Excuses), []Figure{
			count("repeats_accepted", s.RepeatsAccepted), {"repeats_accepted_share", share(s.RepeatsAccepted, s.Repeats), UnitShare}}},
		{Negotiation, negotiation(s), []Figure{
			{"agreed_vs_asked", ratio(float64(s.Agreed), float64(s.Asked)), UnitShare},
			{"ask_vs_recommended", Median(s.AskRatios), UnitRatio}, {"no_ask_share", share(s.ReachedNoAsk, s.Reached), UnitShare}}},
	}
}

func ratio(num, den float64) *float64 {
	if den == 0 {
		return nil
	}
	r := num / den
	return &r
}

func share(num, den int) *float64 { return ratio(float64(num), float64(den)) }

func count(code string, n int) Figure {
	v := float64(n)
	return Figure{code, &v, UnitCount}
}

func complement(v *float64) *float64 {
	if v == nil {
		return nil
	}
	c := 1 - *v
	return &c
}

// ifAny is v when there were any of what it averages, else nil.
func ifAny(v float64, n int) *float64 {
	if n == 0 {
		return nil
	}
	return &v
}

// gapCoverage is the share of the gap the measures' expected amounts
// cover, at most 1; nil without a gap (nothing to cover shows nothing of
// the habit).
func gapCoverage(s Sums) *float64 {
	r := ratio(float64(s.MeasuresExpected), float64(s.Gap))
	if r != nil && *r > 1 {
		*r = 1
	}
	return r
}

// negotiation is what the rep's reached calls got against what the call
// sheet recommended asking: Σ agreed ÷ Σ recommended opening ask over the
// reached calls that had a recommendation, a call without an ask counting
// its recommendation with nothing agreed. Agreed ÷ asked alone cannot see
// a rep who asks too little (the customer agrees to nearly all of a small
// ask) or nothing (no ask, no ratio); against the recommendation both
// show. With no recommendation known (calls loaded without one), it falls
// back to agreed ÷ asked over the promise calls scaled by the share of
// reached calls that asked, so that asking nothing still counts against
// the rep; a rep who reached customers and never asked gets 0.
func negotiation(s Sums) *float64 {
	if s.RecommendedCalls > 0 {
		return ratio(float64(s.RecommendedAgreed), float64(s.Recommended))
	}
	asking := share(s.Reached-s.ReachedNoAsk, s.Reached)
	if asking != nil && *asking == 0 {
		return asking
	}
	r := ratio(float64(s.Agreed), float64(s.Asked))
	if r == nil || asking == nil {
		return nil
	}
	v := *r * *asking
	return &v
}

// keptMinusCredibility is the kept rate of the promises decided in the
// month less the mean credibility they were given: below zero the rep's
// promises are worse than they look.
func keptMinusCredibility(s Sums) *float64 {
	if s.Decided == 0 {
		return nil
	}
	d := (float64(s.Kept) - s.CredibilitySum) / float64(s.Decided)
	return &d
}

// Median is the middle of vs (the mean of the two middle ones for an even
// count), or nil for none.
func Median(vs []float64) *float64 {
	if len(vs) == 0 {
		return nil
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + m) / 2
	}
	return &m
}
