package followup

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
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
	// Excuse is what the excuse of a reached-excuse call was about
	// (other when not said); empty for every other call.
	Excuse excuse.Category
	// ExcuseAmount is the amount the excuse concerns; 0 when not said.
	ExcuseAmount money.Amount
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
//   - an excuse category (field "excuse") only in a reached-excuse call,
//     which gets excuse.Other when it has none, so that every excuse
//     call has a category; the amount it concerns (field
//     "excuse_amount") only with an excuse (CheckExcuse);
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
	CheckExcuse(bad, c.Disposition, &c.Excuse, c.ExcuseAmount)
	bad.Also(func(more *errs.Invalid) {
		CheckCallValues(more, c.Date, c.AmountAsked, c.AmountAgreed, c.NextFollowup, c.Notes)
	})
	if c.HasPromise && c.Disposition != ReachedPromised {
		bad.Add(0, "disposition", "a promise is made in a call whose disposition is %s", ReachedPromised)
	}
}

// CheckExcuse adds to bad what breaks the rules of a call's excuse, given
// the call's disposition: a category (field "excuse") is one of
// excuse.Categories and only in a reached-excuse call, where an empty one
// becomes excuse.Other (a script that logs excuses without categories
// keeps working); the amount it concerns (field "excuse_amount") is not
// negative and only with an excuse.
func CheckExcuse(bad *errs.Invalid, disposition string, cat *excuse.Category, amount money.Amount) {
	switch {
	case *cat != "" && !cat.Valid():
		bad.Add(0, "excuse", "unknown excuse category %q: want one of %v", *cat, excuse.Categories)
	case *cat != "" && disposition != ReachedExcuse:
		bad.Add(0, "excuse", "an excuse is recorded in a call whose disposition is %s, not %q", ReachedExcuse, disposition)
	case *cat == "" && disposition == ReachedExcuse:
		*cat = excuse.Other
	}
	switch {
	case amount < 0:
		bad.AddCode(0, "excuse_amount", errs.CodeNegative, "the amount the excuse concerns cannot be negative")
	case amount > 0 && disposition != ReachedExcuse:
		bad.Add(0, "excuse_amount", "an excuse amount is recorded in a call whose disposition is %s", ReachedExcuse)
	default:
		ledger.CheckAmount(bad, 0, "excuse_amount", amount)
	}
}
