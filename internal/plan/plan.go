// Package plan holds the rules of monthly targets, customer plans and
// gap measures (habits 1 and 2 of DESIGN.md): how a customer's plan for a
// month moves from draft to agreed, what an agreed plan must hold (a
// contact, weekly milestones that add up to what the customer committed),
// the gap between what was asked and what was committed, the measures
// that close it, and who may set a rep's target. The rules are pure
// functions over plain values; the store saves what they allow.
package plan

import (
	"fmt"
	"slices"
	"strconv"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// Status is where a customer's plan for a month stands in its
// negotiation.
type Status string

// The statuses of a plan: written down (draft), put to the customer
// (proposed), then agreed or declined by the customer.
const (
	Draft    Status = "draft"
	Proposed Status = "proposed"
	Agreed   Status = "agreed"
	Declined Status = "declined"
)

// Statuses are the statuses of a plan, in the order of a negotiation.
var Statuses = []Status{Draft, Proposed, Agreed, Declined}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// moves are the status changes allowed, besides staying put: forward
// through the negotiation, back to draft from proposed, a declined plan
// proposed again (renegotiation), and an agreed plan reopened (its open
// milestone promises are then cancelled, the decided ones stay).
var moves = map[Status][]Status{
	Draft:    {Proposed},
	Proposed: {Agreed, Declined, Draft},
	Agreed:   {Proposed},
	Declined: {Proposed},
}

// CheckMove returns nil when a plan may go from status from to status to,
// and an *errs.Invalid on the field "status" naming both otherwise. The
// same status is no move and always allowed; from "" is a plan not saved
// before, which may start in any status (the negotiation may have taken
// place before it was written down).
func CheckMove(from, to Status) error {
	var bad errs.Invalid
	switch {
	case !to.Valid():
		bad.Add(0, "status", "unknown plan status %q (want draft, proposed, agreed or declined)", to)
	case from == "" || from == to || slices.Contains(moves[from], to):
	default:
		bad.Add(0, "status", "a plan cannot go from %s to %s", from, to)
	}
	return bad.Err()
}

// Reopens reports whether the move from → to reopens an agreed plan, which
// cancels its milestones' open promises.
func Reopens(from, to Status) bool { return from == Agreed && to != Agreed }

// Milestone is one step of a plan: Amount to be paid by Due. An agreed
// plan's milestones are recorded as promises to pay.
type Milestone struct {
	Due    civil.Date
	Amount money.Amount
}

// Input is a customer's plan for a month as a user writes it. Suggested
// and Basis are computed by the caller (the suggested plan and the words
// and figures it rests on) and stored as given.
type Input struct {
	Suggested      money.Amount
	Basis          string
	Asked          money.Amount // what the rep asks the customer to pay in the month
	Committed      money.Amount // what the customer commits to pay
	Status         Status
	Difficulties   string   // the customer's difficulties (困难), free text
	Advantages     string   // its advantages (优势), free text
	DifficultyTags []string // from DifficultyTags or free
	AdvantageTags  []string // from AdvantageTags or free
	Contact        string   // who agreed, at the customer
	Milestones     []Milestone
}

// The bounds of a plan's values.
const (
	MaxText       = 2000 // difficulties, advantages, basis, a measure's note
	MaxContact    = 100
	MaxTags       = 10 // per list
	MaxTagLen     = 20 // characters
	MaxMilestones = 10
)

// Normalize returns in with its milestones sorted by date (stably, so
// that steps on one day keep their order) and empty tag lists for none,
// the form in which a plan is stored and compared.
func Normalize(in Input) Input {
	in.Milestones = slices.Clone(in.Milestones)
	slices.SortStableFunc(in.Milestones, func(a, b Milestone) int { return int(a.Due - b.Due) })
	if in.DifficultyTags == nil {
		in.DifficultyTags = []string{}
	}
	if in.AdvantageTags == nil {
		in.AdvantageTags = []string{}
	}
	return in
}

// Equal reports whether two plans, normalized, hold the same values.
func Equal(a, b Input) bool {
	return a.Suggested == b.Suggested && a.Basis == b.Basis && a.Asked == b.Asked && a.Committed == b.Committed &&
		a.Status == b.Status && a.Difficulties == b.Difficulties && a.Advantages == b.Advantages &&
		slices.Equal(a.DifficultyTags, b.DifficultyTags) && slices.Equal(a.AdvantageTags, b.AdvantageTags) &&
		a.Contact == b.Contact && slices.Equal(a.Milestones, b.Milestones)
}

// CheckPlan returns an *errs.Invalid naming every field of p that breaks
// the rules of a plan for month (its first day), agreed on agreedOn (the
// day it is agreed: today for a plan being agreed, the day it was agreed
// for one agreed before), or nil.
//
// Every plan: a known status; suggested, asked and committed at least 0
// and within money.MaxAmount; texts of at most MaxText characters; at most
// MaxTags tags per list, each of 1 to MaxTagLen characters, none twice; at
// most MaxMilestones milestones, each with a positive amount and a date in
// the plan's month. An agreed plan also needs committed > 0, a contact,
// at least one milestone, milestones adding up exactly to committed, and
// no milestone before agreedOn. A declined plan needs no milestones.
// Milestone fields are named by their 0-based index, as in JSON:
// "milestones[2].due".
func CheckPlan(p Input, month, agreedOn civil.Date) error {
	return CheckPlanSettled(p, month, agreedOn, nil)
}

// CheckPlanSettled is CheckPlan for a plan agreed again after it was
// reopened: the milestones marked in settled (parallel to p.Milestones;
// nil for none) keep the promise recorded when the plan was agreed
// before, decided since (kept, partly kept or broken), and may lie
// before agreedOn.
func CheckPlanSettled(p Input, month, agreedOn civil.Date, settled []bool) error {
	var bad errs.Invalid
	CheckMonth(&bad, 0, "month", month)
	if !p.Status.Valid() {
		bad.Add(0, "status", "unknown plan status %q (want draft, proposed, agreed or declined)", p.Status)
	}
	checkNonNegative(&bad, "suggested", p.Suggested)
	checkNonNegative(&bad, "asked", p.Asked)
	checkNonNegative(&bad, "committed", p.Committed)
	ledger.CheckNotes(&bad, 0, "basis", p.Basis, MaxText)
	ledger.CheckNotes(&bad, 0, "difficulties", p.Difficulties, MaxText)
	ledger.CheckNotes(&bad, 0, "advantages", p.Advantages, MaxText)
	ledger.CheckText(&bad, 0, "contact", p.Contact, MaxContact)
	CheckTags(&bad, "difficulty_tags", p.DifficultyTags)
	CheckTags(&bad, "advantage_tags", p.AdvantageTags)
	checkMilestones(&bad, p.Milestones, month)
	if p.Status == Agreed {
		checkAgreed(&bad, p, month, agreedOn, settled)
	}
	return bad.Err()
}

// checkNonNegative adds a problem when a is below 0 or beyond the range.
func checkNonNegative(bad *errs.Invalid, field string, a money.Amount) {
	if a < 0 {
		bad.AddCode(0, field, errs.CodeNegative, "%s cannot be below 0", field)
		return
	}
	ledger.CheckAmount(bad, 0, field, a)
}

// checkMilestones adds the problems of each milestone, whatever the
// plan's status.
func checkMilestones(bad *errs.Invalid, ms []Milestone, month civil.Date) {
	if len(ms) > MaxMilestones {
		bad.Add(0, "milestones", "a plan has at most %d milestones, not %d", MaxMilestones, len(ms))
	}
	for i, m := range ms {
		at := "milestones[" + strconv.Itoa(i) + "]."
		switch {
		case m.Amount <= 0:
			bad.AddCode(0, at+"amount", errs.CodePositive, "a milestone's amount must be positive")
		default:
			ledger.CheckAmount(bad, 0, at+"amount", m.Amount)
		}
		switch {
		case m.Due == 0:
			bad.AddCode(0, at+"due", errs.CodeRequired, "a milestone needs the date it is paid by")
		case m.Due.MonthStart() != month.MonthStart():
			bad.AddCode(0, at+"due", errs.CodeRange, "the milestone's date %s is not in the plan's month %s", m.Due, MonthKey(month))
		}
	}
}

// checkAgreed adds what an agreed plan needs besides what every plan does.
func checkAgreed(bad *errs.Invalid, p Input, month, agreedOn civil.Date, settled []bool) {
	if p.Committed <= 0 {
		bad.AddCode(0, "committed", errs.CodePositive, "an agreed plan needs an amount the customer commits to")
	}
	if p.Contact == "" {
		bad.AddCode(0, "contact", errs.CodeRequired, "an agreed plan needs the contact who agreed it")
	}
	if len(p.Milestones) == 0 {
		bad.AddCode(0, "milestones", errs.CodeRequired, "an agreed plan needs at least one milestone")
		return
	}
	var sum money.Amount
	for i, m := range p.Milestones {
		sum += m.Amount // each checked within MaxAmount: even thousands of them fit in an int64
		// A step outside the month is told so already.
		if m.Due.MonthStart() == month.MonthStart() && m.Due < agreedOn && (i >= len(settled) || !settled[i]) {
			bad.AddCode(0, fmt.Sprintf("milestones[%d].due", i), errs.CodeBeforeToday, "the milestone's date %s is before the day the plan is agreed, %s", m.Due, agreedOn)
		}
	}
	if sum != p.Committed && p.Committed > 0 {
		bad.Add(0, "milestones", "the milestones add up to %s, not the %s committed", sum.Format(), p.Committed.Format())
	}
}

// Gap is what the customer did not commit of what was asked: asked −
// committed, never below 0 (a customer committing more than asked leaves
// no gap).
func Gap(asked, committed money.Amount) money.Amount { return max(asked-committed, 0) }

// DifficultyTags are the customer's difficulties (困难) a form offers;
// free tags are allowed too.
var DifficultyTags = []string{"下游回款慢", "库存积压", "资金被占用", "淡季", "老板不在", "对账不符"}

// AdvantageTags are the customer's advantages (优势) a form offers; free
// tags are allowed too.
var AdvantageTags = []string{"旺季", "新开网点", "销售增长", "新品上市", "促销活动"}

// CheckTags adds the problems of one list of tags, named field: at most
// MaxTags, each of 1 to MaxTagLen characters of one line, none twice.
func CheckTags(bad *errs.Invalid, field string, tags []string) {
	if len(tags) > MaxTags {
		bad.Add(0, field, "at most %d tags, not %d", MaxTags, len(tags))
	}
	for i, t := range tags {
		at := field + "[" + strconv.Itoa(i) + "]"
		switch {
		case t == "":
			bad.AddCode(0, at, errs.CodeRequired, "a tag is empty")
		case slices.Contains(tags[:i], t):
			bad.Add(0, at, "the tag %q is given twice", t)
		default:
			ledger.CheckText(bad, 0, at, t, MaxTagLen)
		}
	}
}
