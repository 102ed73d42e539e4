// Package commitment holds customers' promises to pay (承诺): what counts
// towards a promise, and when it is kept, partly kept or broken. The rules
// are pure functions; the store saves what they decide.
package commitment

import (
	"cmp"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Status is where a commitment stands.
type Status string

// The statuses: open until decided, then kept, partly kept or broken;
// cancelled when withdrawn.
const (
	Open       Status = "open"
	Kept       Status = "kept"
	PartlyKept Status = "partly_kept"
	Broken     Status = "broken"
	Cancelled  Status = "cancelled"
)

// Commitment is a customer's promise to pay Amount by Due, made on Made.
type Commitment struct {
	ID        int64
	Customer  string
	Amount    money.Amount
	Due       civil.Date
	Made      civil.Date
	Cancelled bool
	Supported bool // a support plan (支撑方案) stands behind it
}

// Payment is money received that may count towards commitments.
type Payment struct {
	Date   civil.Date
	Amount money.Amount
}

// Outcome is what the rules decide for one commitment.
type Outcome struct {
	Status    Status
	Fulfilled money.Amount // paid towards it so far
	DecidedOn civil.Date   // the day it became kept, partly kept or broken; zero while open
}

// Rules are the installation's settings for deciding outcomes.
type Rules struct {
	GraceDays int // working days after the due date a payment still counts
	Calendar  civil.Calendar
}

// Deadline is the last day a payment counts towards c.
func (r Rules) Deadline(c Commitment) civil.Date {
	if r.GraceDays <= 0 {
		return c.Due
	}
	return r.Calendar.AddWorkdays(c.Due, r.GraceDays)
}

// Decide works out every commitment of one customer as of asOf. Each
// payment counts towards the commitments that were made on or before its
// date and whose deadline it meets, oldest commitment first, until each is
// fully paid; what is left of a payment counts for nothing. A commitment is
// kept on the day it is fully paid; once its deadline has passed (asOf is
// after it) it is partly kept if anything was paid towards it, else broken.
// Cancelled commitments take no money. Outcomes are parallel to cs.
func (r Rules) Decide(cs []Commitment, pays []Payment, asOf civil.Date) []Outcome {
	out := make([]Outcome, len(cs))
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(cs[a].Made, cs[b].Made), cmp.Compare(cs[a].ID, cs[b].ID))
	})
	ps := slices.Clone(pays)
	slices.SortStableFunc(ps, func(a, b Payment) int { return cmp.Compare(a.Date, b.Date) })
	for _, p := range ps {
		if p.Date > asOf {
			break
		}
		left := p.Amount
		for _, i := range order {
			c := cs[i]
			if left <= 0 {
				break
			}
			if c.Cancelled || c.Made > p.Date || p.Date > r.Deadline(c) || out[i].Fulfilled >= c.Amount {
				continue
			}
			take := min(left, c.Amount-out[i].Fulfilled)
			out[i].Fulfilled += take
			left -= take
			if out[i].Fulfilled >= c.Amount {
				out[i].Status, out[i].DecidedOn = Kept, p.Date
			}
		}
	}
	for i, c := range cs {
		switch {
		case c.Cancelled:
			out[i].Status = Cancelled
		case out[i].Status == Kept:
		case asOf > r.Deadline(c) && out[i].Fulfilled > 0:
			out[i].Status, out[i].DecidedOn = PartlyKept, r.Deadline(c).AddDays(1)
		case asOf > r.Deadline(c):
			out[i].Status, out[i].DecidedOn = Broken, r.Deadline(c).AddDays(1)
		default:
			out[i].Status = Open
		}
	}
	return out
}
