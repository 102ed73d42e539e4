// Package followup holds the rules of the rep's day: when each customer
// is next to be called and why (the cadence), the ranked call list (the
// worklist), a customer's follow-up summary (Summarize), the rules of a
// new call (PrepareCall) and how well reps kept to the cadence
// (Compliance). The rules are pure functions of what the store loads;
// the simulator calls the same ones.
package followup

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// Policy is an installation's follow-up cadence (DESIGN.md defaults).
type Policy struct {
	// Interval is the days between calls by credit tier: good credit is
	// called less often. Intervals are calendar days; a follow-up falling
	// on a day off moves to the next working day.
	Interval map[ledger.Tier]int `json:"interval_days"`
	// ReminderDays is how many working days before a commitment's date
	// the customer is reminded.
	ReminderDays int `json:"reminder_days"`
	// AfterBrokenDays is how many working days after a commitment's date
	// a broken or partly kept one is chased.
	AfterBrokenDays int `json:"after_broken_days"`
	// RetryDays is how many working days after an unanswered call the
	// customer is tried again.
	RetryDays int `json:"retry_days"`
	// SoonDays is how many days ahead an invoice counts as falling due
	// soon.
	SoonDays int `json:"soon_days"`
	// PlanDays is how many working days at the start of a month a
	// customer with something collectable and no agreed plan is on the
	// list for it (DESIGN.md, habit 1: the plan is agreed early).
	PlanDays int `json:"plan_days"`
	// Capacity is how many calls a rep makes in a day: it splits the
	// worklist into today and "if time permits".
	Capacity int `json:"capacity"`
}

// DefaultPolicy is DESIGN.md's cadence: A every 7 days, B every 4, C every
// 2, D every working day; a reminder the working day before a commitment
// falls due, a call the working day after a broken one, a retry the
// working day after no answer; 30 calls a day.
func DefaultPolicy() Policy {
	return Policy{
		Interval:     map[ledger.Tier]int{ledger.TierA: 7, ledger.TierB: 4, ledger.TierC: 2, ledger.TierD: 1},
		ReminderDays: 1, AfterBrokenDays: 1, RetryDays: 1, SoonDays: 3, PlanDays: 5, Capacity: 30,
	}
}

// Dispositions of a call.
const (
	ReachedPaid       = "reached-paid"
	ReachedPromised   = "reached-promised"
	ReachedExcuse     = "reached-excuse"
	ReachedRefused    = "reached-refused"
	CallbackRequested = "callback-requested"
	NoAnswer          = "no-answer"
	WrongNumber       = "wrong-number"
	LeftMessage       = "left-message"
)

// Dispositions lists them in the order a form offers them.
var Dispositions = []string{ReachedPaid, ReachedPromised, ReachedExcuse, ReachedRefused, CallbackRequested, NoAnswer, LeftMessage, WrongNumber}

// Reached reports whether a call with this disposition spoke to the
// customer.
func Reached(disposition string) bool {
	switch disposition {
	case ReachedPaid, ReachedPromised, ReachedExcuse, ReachedRefused, CallbackRequested:
		return true
	}
	return false
}

// Channels a call can go through.
var Channels = []string{"phone", "visit", "wechat", "sms"}

// Customer is what the cadence needs to know of one customer.
type Customer struct {
	Code, Name, Phone, Rep string
	Tier                   ledger.Tier
	IntervalDays           int          // the customer's own cadence; 0 for the tier's
	Overdue                money.Amount // collectable and past due
	OverdueDays            int          // days past due of the oldest overdue invoice
	DueSoon                money.Amount // falling due within Policy.SoonDays
	Monthly                money.Amount // what it usually pays in a month
	LastCall               civil.Date   // 0 when never called
	LastDisposition        string
	LastContact            civil.Date // the last call that reached it
	NextSet                civil.Date // the follow-up date set in the last call
	Commitments            []Commitment
	// Collectable is what is overdue or falls due by the end of the
	// month; PlanAgreed says its plan for the month is agreed; Measures
	// are the month's gap measures still to be done.
	Collectable money.Amount
	PlanAgreed  bool
	Measures    []Measure
	// AtRisk is what of DueSoon lies in invoices the pay-date model gives
	// at least AtRiskP of being paid late, and AtRiskLate their
	// amount-weighted chance of it: a reminder before the due date is
	// cheaper than a chase after it.
	AtRisk     money.Amount
	AtRiskLate float64
}

// AtRiskP is the chance of being paid late from which an invoice falling
// due soon is worth a reminder of its own (invoice_at_risk).
const AtRiskP = 0.5

// Measure is a gap measure still planned or being done: what it is
// expected to bring and the day it is due.
type Measure struct {
	ID       int64
	Kind     string
	Expected money.Amount
	Due      civil.Date
}

// Commitment is an open or lately decided promise of the customer.
type Commitment struct {
	ID        int64
	Amount    money.Amount
	Fulfilled money.Amount
	Due       civil.Date
	Status    commitment.Status
	DecidedOn civil.Date
}

// Reason codes, in the order a must-call reason outranks another.
const (
	CommitmentBroken      = "commitment_broken"
	PartlyKept            = "partly_kept"
	CommitmentDueToday    = "commitment_due_today"
	CallbackRequestedCode = "callback_requested"
	CommitmentDueTomorrow = "commitment_due_tomorrow"
	RetryNoAnswer         = "retry_no_answer"
	FollowupDue           = "followup_due"
	Overdue               = "overdue"
	InvoiceDueSoon        = "invoice_due_soon"
	InvoiceAtRisk         = "invoice_at_risk"
	PlanNotAgreed         = "plan_not_agreed"
	MeasureDue            = "measure_due"
)

var mustCall = map[string]int{CommitmentBroken: 1, PartlyKept: 2, CommitmentDueToday: 3, CallbackRequestedCode: 4, CommitmentDueTomorrow: 5}

// MustCall reports whether a reason puts the customer at the top of the
// list whatever its size: a promise is only worth what follows it up.
func MustCall(code string) bool { return mustCall[code] > 0 }

// Reason is why a customer is to be called, with the figures its words
// need.
type Reason struct {
	Code   string       `json:"code"`
	On     civil.Date   `json:"on"`               // the day the call is due for this reason
	Amount money.Amount `json:"amount,omitempty"` // the commitment's rest, or what is overdue
	Days   int          `json:"days,omitempty"`   // the cadence interval, or days overdue
}

// interval is the customer's days between calls.
func (p Policy) interval(c Customer) int {
	if c.IntervalDays > 0 {
		return c.IntervalDays
	}
	return max(p.Interval[c.Tier], 1)
}

// RoutineDue is when a customer of tier t called on last is next due for
// its routine call.
func (p Policy) RoutineDue(t ledger.Tier, last civil.Date, cal civil.Calendar) civil.Date {
	return onWorkday(cal, last.AddDays(max(p.Interval[t], 1)))
}

// onWorkday moves d to the first working day on or after it.
func onWorkday(cal civil.Calendar, d civil.Date) civil.Date {
	for !cal.IsWorkday(d) {
		d++
	}
	return d
}

// Reasons returns every reason to call c, each with the day it falls
// due, the earliest first; today is the day the list is made for.
func (p Policy) Reasons(c Customer, cal civil.Calendar, today civil.Date) []Reason {
	var out []Reason
	for _, m := range c.Commitments {
		rest := m.Amount - m.Fulfilled
		switch {
		case m.Status == commitment.Open && m.Due >= today:
			remind := cal.AddWorkdays(m.Due, -p.ReminderDays)
			switch {
			case m.Due > today && c.LastCall < remind:
				out = append(out, Reason{Code: CommitmentDueTomorrow, On: max(remind, today), Amount: rest})
			case c.LastCall < m.Due:
				out = append(out, Reason{Code: CommitmentDueToday, On: m.Due, Amount: rest})
			}
		case (m.Status == commitment.Broken || m.Status == commitment.PartlyKept) && c.LastCall < m.DecidedOn && today.Sub(m.DecidedOn) <= 30:
			code := CommitmentBroken
			if m.Status == commitment.PartlyKept {
				code = PartlyKept
			}
			out = append(out, Reason{Code: code, On: max(cal.AddWorkdays(m.Due, p.AfterBrokenDays), m.DecidedOn), Amount: rest})
		}
	}
	switch {
	case c.LastDisposition == CallbackRequested && c.NextSet != 0:
		out = append(out, Reason{Code: CallbackRequestedCode, On: c.NextSet})
	case c.LastCall != 0 && !Reached(c.LastDisposition) && c.LastDisposition != WrongNumber && c.LastDisposition != "":
		out = append(out, Reason{Code: RetryNoAnswer, On: cal.AddWorkdays(c.LastCall, p.RetryDays)})
	}
	if c.Overdue > 0 {
		on := today // never called: at once
		switch {
		case c.NextSet != 0:
			on = c.NextSet // the rep set the next call
		case c.LastCall != 0:
			on = c.LastCall.AddDays(p.interval(c))
		}
		out = append(out, Reason{Code: FollowupDue, On: onWorkday(cal, on), Days: p.interval(c)})
	}
	if !c.PlanAgreed && c.Collectable > 0 && p.planningDay(cal, today) {
		out = append(out, Reason{Code: PlanNotAgreed, On: today, Amount: c.Collectable})
	}
	for _, m := range c.Measures {
		out = append(out, Reason{Code: MeasureDue, On: onWorkday(cal, m.Due), Amount: m.Expected})
	}
	slices.SortStableFunc(out, func(a, b Reason) int { return int(a.On - b.On) })
	return out
}

// planningDay reports whether today is one of the first PlanDays working
// days of its month, when plans are agreed.
func (p Policy) planningDay(cal civil.Calendar, today civil.Date) bool {
	if p.PlanDays <= 0 || !cal.IsWorkday(today) {
		return false
	}
	n := 0
	for d := today.MonthStart(); d <= today; d++ {
		if cal.IsWorkday(d) {
			n++
		}
	}
	return n <= p.PlanDays
}

// Next is the customer's next follow-up: the earliest reason, or false
// when nothing calls for one.
func (p Policy) Next(c Customer, cal civil.Calendar, today civil.Date) (Reason, bool) {
	rs := p.Reasons(c, cal, today)
	if len(rs) == 0 {
		return Reason{}, false
	}
	return rs[0], true
}

// DaysBetween is the customer's days between calls: its own, or its
// tier's (the excuse analytics judge a next call against it).
func (p Policy) DaysBetween(c Customer) int { return p.interval(c) }
