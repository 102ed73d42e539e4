package plan

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// MeasureKind is the kind of a gap measure (差距措施): an action expected
// to add collections where the customer committed less than was asked.
type MeasureKind string

// The kinds of measure, those of the seed.
const (
	PotentialAnalysis   MeasureKind = "potential_analysis"   // 回款潜力分析: firms up the customer's confidence
	Incentive           MeasureKind = "incentive"            // 激励: an incentive for the customer
	DownstreamPromotion MeasureKind = "downstream_promotion" // 促销宣传: promotion at the grass roots
	NewOutlets          MeasureKind = "new_outlets"          // 开发网点: new outlets for the customer
	PromoterTraining    MeasureKind = "promoter_training"    // 培训促销员: training the customer's promoters
	OtherMeasure        MeasureKind = "other"
)

// MeasureKinds are the kinds of measure, in the order a form offers them.
var MeasureKinds = []MeasureKind{PotentialAnalysis, Incentive, DownstreamPromotion, NewOutlets, PromoterTraining, OtherMeasure}

// Valid reports whether k is a known kind.
func (k MeasureKind) Valid() bool { return slices.Contains(MeasureKinds, k) }

// MeasureStatus is where a measure stands.
type MeasureStatus string

// The statuses of a measure: planned, being done, then done or dropped.
const (
	Planned MeasureStatus = "planned"
	Doing   MeasureStatus = "doing"
	Done    MeasureStatus = "done"
	Dropped MeasureStatus = "dropped"
)

// MeasureStatuses are the statuses of a measure.
var MeasureStatuses = []MeasureStatus{Planned, Doing, Done, Dropped}

// Valid reports whether s is a known status.
func (s MeasureStatus) Valid() bool { return slices.Contains(MeasureStatuses, s) }

// measureMoves are the status changes of a measure: forward only; done
// and dropped are final.
var measureMoves = map[MeasureStatus][]MeasureStatus{
	Planned: {Doing, Done, Dropped},
	Doing:   {Done, Dropped},
}

// CheckMeasureMove returns nil when a measure may go from status from to
// status to (the same status is no move), and an *errs.Invalid on the
// field "status" naming both otherwise.
func CheckMeasureMove(from, to MeasureStatus) error {
	var bad errs.Invalid
	switch {
	case !to.Valid():
		bad.Add(0, "status", "unknown measure status %q (want planned, doing, done or dropped)", to)
	case from == to || slices.Contains(measureMoves[from], to):
	default:
		bad.Add(0, "status", "a measure cannot go from %s to %s", from, to)
	}
	return bad.Err()
}

// Measure is a gap measure's values as a user writes them. Its window,
// the days its effect is looked for in, runs from Start to Due.
type Measure struct {
	Kind     MeasureKind
	Expected money.Amount // the collections it is expected to add
	Owner    string       // who carries it out
	Start    civil.Date   // the first day of its window
	Due      civil.Date   // the day it is to be done by, the last of its window
	Cost     money.Amount // what it costs, 0 for nothing or not known
	Note     string
}

// MaxOwner is the longest owner's name, in characters.
const MaxOwner = 100

// CheckMeasure returns an *errs.Invalid naming the fields of m that break
// the rules of a measure, or nil: a known kind, an expected amount above 0
// within money.MaxAmount, an owner, a start and a due date that are
// business dates with the start not after the due date, a cost at least
// 0, a note of at most MaxText characters.
func CheckMeasure(m Measure) error {
	var bad errs.Invalid
	if !m.Kind.Valid() {
		bad.Add(0, "kind", "unknown measure kind %q", m.Kind)
	}
	if m.Expected <= 0 {
		bad.AddCode(0, "expected", errs.CodePositive, "a measure's expected amount must be positive")
	} else {
		ledger.CheckAmount(&bad, 0, "expected", m.Expected)
	}
	if m.Owner == "" {
		bad.AddCode(0, "owner", errs.CodeRequired, "a measure needs an owner")
	} else {
		ledger.CheckText(&bad, 0, "owner", m.Owner, MaxOwner)
	}
	checkWindow(&bad, m.Start, m.Due)
	checkNonNegative(&bad, "cost", m.Cost)
	ledger.CheckNotes(&bad, 0, "note", m.Note, MaxText)
	return bad.Err()
}

// checkWindow adds the problems of a measure's dates.
func checkWindow(bad *errs.Invalid, start, due civil.Date) {
	for _, d := range []struct {
		field string
		date  civil.Date
	}{{"start", start}, {"due", due}} {
		if d.date == 0 || !d.date.InRange() {
			bad.AddCode(0, d.field, errs.CodeDate, "%s: a date from %s to %s is required", d.field, civil.FirstDay, civil.LastDay)
		}
	}
	if start != 0 && due != 0 && start > due {
		bad.AddCode(0, "due", errs.CodeBeforeToday, "the due date %s is before the measure's start, %s", due, start)
	}
}

// Effect is a gap measure's actual effect so far: what the customer paid
// in the measure's window (from its start to its due day, or to today
// while it runs) above what its capacity said it would pay in those days
// anyway — the plan month's capacity spread evenly over the month's days.
// It is never below zero. Two measures of one customer whose windows
// overlap see the same payments: their effects are not to be added.
type Effect struct {
	From, To civil.Date   // the window so far; To < From before it starts
	Paid     money.Amount // paid in the window
	Baseline money.Amount // the capacity's share of the window
	Actual   money.Amount // Paid above Baseline
}

// MeasureEffect works out the effect of a measure with the given window
// as of today, for a customer whose capacity for the plan's month was
// capacity, given what it paid in the window so far (paid).
func MeasureEffect(m Measure, month civil.Date, capacity money.Amount, paid money.Amount, today civil.Date) Effect {
	e := Effect{From: m.Start, To: min(m.Due, today)}
	if e.To < e.From {
		return e
	}
	days := e.To.Sub(e.From) + 1
	e.Paid = paid
	e.Baseline = capacity * money.Amount(days) / money.Amount(month.MonthEnd().Day())
	e.Actual = max(paid-e.Baseline, 0)
	return e
}
