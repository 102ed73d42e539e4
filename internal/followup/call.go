package followup

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
)

// NewCall is a call about to be logged, as its rules see it.
type NewCall struct {
	Customer     string
	Date         civil.Date // the day of the call; 0 when its time is missing
	Channel      string     // phone when empty
	Direction    string     // outbound when empty
	Disposition  string
	Notes        string
	AmountAsked  money.Amount
	AmountAgreed money.Amount
	NextFollowup civil.Date // 0: left to the cadence
	// Promise is the amount of a promise made in the call, when
	// HasPromise: the promise itself is checked by its own rules
	// (commitment.CheckNew).
	Promise    money.Amount
	HasPromise bool
}

// PrepareCall fills in a new call's defaults and adds to bad what breaks
// the rules of a call. Every surface that logs a call (the API, the pages,
// the CLI) gets the same answer because storage calls this, not they:
//
//   - the channel defaults to phone and the direction to outbound;
//   - a rep's call (repsCall: not a call-center call waiting for the rep's
//     disposition, nor one loaded in bulk) needs a disposition, field
//     "disposition", code errs.CodeRequired;
//   - a promise can only be made in a reached-promised call, and the
//     amount agreed defaults to the promise's;
//   - amounts are not negative, the next follow-up is not before the call,
//     and the values every record shares hold (CheckCallValues).
func PrepareCall(bad *errs.Invalid, c *NewCall, repsCall bool) {
	if c.Customer == "" {
		bad.Add(0, "customer", "customer is empty")
	}
	if c.Channel == "" {
		c.Channel = "phone"
	}
	if !slices.Contains(Channels, c.Channel) {
		bad.Add(0, "channel", "unknown channel %q: want one of %v", c.Channel, Channels)
	}
	if c.Direction == "" {
		c.Direction = "outbound"
	}
	if c.Direction != "outbound" && c.Direction != "inbound" {
		bad.Add(0, "direction", "unknown direction %q: want outbound or inbound", c.Direction)
	}
	switch {
	case c.Disposition == "" && repsCall:
		bad.AddCode(0, "disposition", errs.CodeRequired, "the disposition is required: one of %v", Dispositions)
	case c.Disposition != "" && !slices.Contains(Dispositions, c.Disposition):
		bad.Add(0, "disposition", "unknown disposition %q: want one of %v", c.Disposition, Dispositions)
	}
	if c.HasPromise && c.AmountAgreed == 0 {
		c.AmountAgreed = c.Promise // what the customer agreed to is what it promised
	}
	if c.AmountAsked < 0 {
		bad.AddCode(0, "amount_asked", errs.CodeNegative, "the amount asked cannot be negative")
	}
	if c.AmountAgreed < 0 {
		bad.AddCode(0, "amount_agreed", errs.CodeNegative, "the amount agreed cannot be negative")
	}
	if c.Date == 0 {
		bad.Add(0, "at", "the time of the call is required")
	}
	if c.NextFollowup != 0 && c.NextFollowup < c.Date {
		bad.AddCode(0, "next_followup", errs.CodeBeforeToday, "the next follow-up %s is before the call, %s", c.NextFollowup, c.Date)
	}
	bad.Also(func(more *errs.Invalid) {
		CheckCallValues(more, c.Date, c.AmountAsked, c.AmountAgreed, c.NextFollowup, c.Notes)
	})
	if c.HasPromise && c.Disposition != ReachedPromised {
		bad.Add(0, "disposition", "a promise is made in a call whose disposition is %s", ReachedPromised)
	}
}
