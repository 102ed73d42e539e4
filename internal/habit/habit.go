// Package habit is the six-habit scorecard's rules (DESIGN.md's six
// habits, issue 14 point 2): each habit's indicator as a function of plain
// per-rep figures for a month (Sums, which storage fills), the team's
// median, a 0–100 score against the team, and a finding in words with a
// coaching tip, in Chinese and English. Pure: the use case
// (internal/scorecard) loads the figures and shows what these functions
// say.
package habit

import (
	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Code names a habit in the API and the exports.
type Code string

// The six habits, in DESIGN.md's order.
const (
	PlanCoverage       Code = "plan_coverage"
	GapCoverage        Code = "gap_coverage"
	CommitmentScrutiny Code = "commitment_scrutiny"
	FollowUp           Code = "follow_up"
	ExcuseHandling     Code = "excuse_handling"
	Negotiation        Code = "negotiation"
)

// Codes lists the habits in DESIGN.md's order: Codes[n-1] is habit n.
var Codes = []Code{PlanCoverage, GapCoverage, CommitmentScrutiny, FollowUp, ExcuseHandling, Negotiation}

// Number is the habit's number, 1–6 in DESIGN.md's order (0 for an
// unknown code).
func (c Code) Number() int {
	for i, k := range Codes {
		if k == c {
			return i + 1
		}
	}
	return 0
}

// Sums are one rep's figures for one month, up to the month's as-of day
// (its last day, or today for the running month), as storage counts them.
// Every customer, plan, promise and call is the rep's by the customer's
// owner now.
type Sums struct {
	Rep string

	// Habit 1. Collectable is how many of the rep's customers had
	// something collectable as the month began (open items, disputed parts
	// left out, due by the month's end, as the evening before the month);
	// PlannedEarly how many of those had a plan agreed by the month's
	// PlanDeadline.
	Collectable, PlannedEarly int

	// Habit 2. Gap is what the month's measures are for: the rep's target
	// less what the agreed plans committed (with no target set, the sum of
	// the plans' own gaps, asked − committed), never below zero.
	// MeasuresExpected is the expected amounts of the month's measures not
	// dropped; MeasuresDue how many were due by the as-of day, and
	// MeasuresDone how many of those were done.
	Gap, MeasuresExpected     money.Amount
	MeasuresDue, MeasuresDone int

	// Habit 3. Promises is how many promises the rep's customers made in
	// the month (cancelled ones and those without a credibility left out);
	// Weak how many of them were made outside a plan (a plan's milestones
	// are backed by the plan) with a credibility below
	// commitment.SupportThreshold, and WeakUnsupported how many of those
	// had no support plan. Decided is how many promises were decided
	// (kept, partly kept or broken) in the month, Kept how many of them
	// were kept in full, and CredibilitySum the sum of the credibility
	// they were given when made.
	Promises, Weak, WeakUnsupported int
	Decided, Kept                   int
	CredibilitySum                  float64

	// Habit 4, from followup.Compliance: follow-ups due and done on time,
	// the average days late over those due, the promises broken or partly
	// kept and the average days from the decision to the next call.
	FollowupsDue, FollowupsOnTime int
	AvgDelayDays                  float64
	Broken                        int
	BrokenToCallDays              float64

	// Habit 5, from the excuses of the month whose outcome is known
	// (ExcuseCounts): how many, how many were met with a counter, how many
	// repeated an earlier excuse of the customer and how many of those
	// were accepted.
	Excuses, Countered, Repeats, RepeatsAccepted int

	// Habit 6. PromiseCalls is how many calls of the month ended in a
	// promise with an amount asked, Asked and Agreed their sums. Reached is
	// how many calls reached the customer, ReachedNoAsk how many of those
	// asked for no amount. AskRatios are, for the reached calls with an
	// ask, the ask ÷ the opening ask recommended on the call's day (stored
	// with the call when it was logged, above zero), in any order.
	// RecommendedCalls is how many reached calls had such a recommendation,
	// Recommended the sum of their recommended opening asks and
	// RecommendedAgreed what those calls agreed (a call without an ask
	// counting nothing agreed).
	PromiseCalls                   int
	Asked, Agreed                  money.Amount
	Reached, ReachedNoAsk          int
	AskRatios                      []float64
	RecommendedCalls               int
	Recommended, RecommendedAgreed money.Amount
}

// PlanDeadline is the day by which a month's plans should be agreed: its
// n-th working day by cal (n is the cadence's PlanDays, 5 by default; the
// month's last day if it has fewer working days).
func PlanDeadline(cal civil.Calendar, month civil.Date, n int) civil.Date {
	month = month.MonthStart()
	last := month.MonthEnd()
	for d := month; d <= last; d++ {
		if cal.IsWorkday(d) {
			if n--; n <= 0 {
				return d
			}
		}
	}
	return last
}
