package followup

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Item is one customer on a rep's call list.
type Item struct {
	Rank          int          `json:"rank"`
	Customer      string       `json:"customer"`
	Name          string       `json:"name"`
	Phone         string       `json:"phone"`
	Rep           string       `json:"rep"`
	Reasons       []Reason     `json:"reason_details"`
	AmountAtStake money.Amount `json:"amount_at_stake"`
	Action        string       `json:"action"`
	MustCall      bool         `json:"must_call"`
	Gain          money.Amount `json:"expected_gain"` // what a call today is expected to bring in
	Today         bool         `json:"today"`         // within the day's capacity; else if time permits
}

// MarshalJSON writes the item with its reasons as codes, as scripts read
// them, and in full as reason_details.
func (it Item) MarshalJSON() ([]byte, error) {
	type plain Item
	codes := make([]string, len(it.Reasons))
	for i, r := range it.Reasons {
		codes[i] = r.Code
	}
	return json.Marshal(struct {
		plain
		Codes []string `json:"reasons"`
	}{plain(it), codes})
}

// Actions suggested for a call, by its leading reason.
const (
	ActionChaseBroken   = "chase_broken"      // ask why, get a new date with a support plan
	ActionRemind        = "remind_commitment" // confirm the money is on its way
	ActionCallBack      = "call_back"         // call back as agreed
	ActionRetry         = "retry"             // try again, another time of day or channel
	ActionCollect       = "collect_overdue"   // ask for what is overdue
	ActionRemindDueSoon = "remind_due_soon"   // mention the invoices falling due
	ActionAgreePlan     = "agree_plan"        // agree the month's plan with its milestones
	ActionCheckMeasure  = "check_measure"     // see the gap measure done, and what it brought
	ActionRemindAtRisk  = "remind_before_due" // remind of the invoices likely to be paid late, before they are
)

var actionOf = map[string]string{
	CommitmentBroken: ActionChaseBroken, PartlyKept: ActionChaseBroken,
	CommitmentDueToday: ActionRemind, CommitmentDueTomorrow: ActionRemind,
	CallbackRequestedCode: ActionCallBack, RetryNoAnswer: ActionRetry,
	FollowupDue: ActionCollect, Overdue: ActionCollect, InvoiceDueSoon: ActionRemindDueSoon,
	PlanNotAgreed: ActionAgreePlan, MeasureDue: ActionCheckMeasure, InvoiceAtRisk: ActionRemindAtRisk,
}

// Worklist ranks the customers to contact on today.
//
// A customer is on the list when a reason to call falls due on or before
// today, or when it has something overdue (lower down, by gain), unless
// it was called today already. Must-call customers (a promise due today or on the next working
// day, broken or partly kept, a callback agreed) come first, the most
// pressing reason first and then the bigger sum: a promise is worth only
// what follows it up, and a broken one followed up the next day is kept
// far more often than one left for a week.
//
// The rest are ranked by the money a call today is expected to bring in:
//
//	gain = min(at stake, usual monthly payment) × (1 − e^(−days since the last call ÷ interval))
//
// What is at stake is what is overdue plus what falls due soon, an
// invoice the pay-date model gives at least AtRiskP of being late
// (invoice_at_risk, which puts a customer on the list with nothing
// overdue) counted by that chance. A call
// moves money only up to what the customer can pay (its usual month is
// the best measure of its cash we have), and chasing a customer called
// yesterday adds less than chasing one left alone for weeks: a customer
// short of cash pays first whoever chased it most lately. So a broken
// promise of a small customer outranks the routine call of a big one, but
// among routine calls the big one with cash comes first.
//
// The first Capacity items are for today, the rest if time permits.
func (p Policy) Worklist(cs []Customer, cal civil.Calendar, today civil.Date) []Item {
	var items []Item
	for _, c := range cs {
		if c.LastCall >= today {
			continue // called today already
		}
		var due []Reason
		for _, r := range p.Reasons(c, cal, today) {
			if r.On <= today {
				due = append(due, r)
			}
		}
		if len(due) == 0 && c.Overdue <= 0 && c.AtRisk <= 0 {
			continue // nothing calls for a call
		}
		if c.Overdue > 0 {
			due = append(due, Reason{Code: Overdue, On: today, Amount: c.Overdue, Days: c.OverdueDays})
		}
		if c.AtRisk > 0 {
			due = append(due, Reason{Code: InvoiceAtRisk, On: today, Amount: c.AtRisk})
		}
		if c.DueSoon > c.AtRisk {
			due = append(due, Reason{Code: InvoiceDueSoon, On: today, Amount: c.DueSoon - c.AtRisk})
		}
		slices.SortStableFunc(due, func(a, b Reason) int { return cmp.Compare(priority(a.Code), priority(b.Code)) })
		it := Item{Customer: c.Code, Name: c.Name, Phone: c.Phone, Rep: c.Rep, Reasons: due, MustCall: MustCall(due[0].Code), Action: actionOf[due[0].Code]}
		if it.MustCall {
			it.AmountAtStake = due[0].Amount
			it.Gain = p.gain(c, it.AmountAtStake, today)
		} else {
			it.AmountAtStake = c.Overdue + c.DueSoon
			it.Gain = p.gain(c, atStakeLikely(c), today)
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		if a.MustCall != b.MustCall {
			if a.MustCall {
				return -1
			}
			return 1
		}
		if a.MustCall {
			if c := cmp.Compare(priority(a.Reasons[0].Code), priority(b.Reasons[0].Code)); c != 0 {
				return c
			}
			if c := cmp.Compare(b.AmountAtStake, a.AmountAtStake); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(b.Gain, a.Gain); c != 0 {
			return c
		}
		return cmp.Compare(a.Customer, b.Customer)
	})
	for i := range items {
		items[i].Rank = i + 1
		items[i].Today = i < p.Capacity
	}
	return items
}

// atStakeLikely is what a call can move: what is overdue and what falls
// due soon, the part at risk by its chance of being paid late (money
// likely to come on time needs no call).
func atStakeLikely(c Customer) money.Amount {
	if c.AtRisk <= 0 {
		return c.Overdue + c.DueSoon
	}
	return c.Overdue + c.DueSoon - c.AtRisk + money.Amount(math.Round(float64(c.AtRisk)*c.AtRiskLate))
}

// priority orders reasons: must-call ones by how pressing, then the rest.
func priority(code string) int {
	if n := mustCall[code]; n > 0 {
		return n
	}
	switch code {
	case RetryNoAnswer:
		return 10
	case FollowupDue:
		return 11
	case MeasureDue:
		return 12
	case Overdue:
		return 13
	case InvoiceAtRisk:
		return 14
	case PlanNotAgreed:
		return 15
	}
	return 16
}

// gain is the money a call today is expected to bring in (see Worklist).
func (p Policy) gain(c Customer, stake money.Amount, today civil.Date) money.Amount {
	fresh := 1.0
	if c.LastCall != 0 {
		fresh = 1 - math.Exp(-float64(today.Sub(c.LastCall))/float64(p.interval(c)))
	}
	reach := min(stake, c.Monthly)
	if c.Monthly <= 0 {
		reach = stake / 4 // no payment history yet
	}
	return money.Amount(float64(reach) * fresh)
}
