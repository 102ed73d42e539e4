package commitment

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
)

// SupportKinds are the kinds of support plan (支撑方案) a promise may
// have, in the order a form offers them.
var SupportKinds = []string{"downstream_promotion", "stock_up_incentive", "downstream_collection", "bank_acceptance", "other"}

// NewPromise is a promise about to be recorded, as its rules see it.
type NewPromise struct {
	Customer    string
	Amount      money.Amount
	Due         civil.Date // the day the customer will pay by
	Made        civil.Date // the day the promise is made
	Contact     string
	SupportKind string // one of SupportKinds, or empty
	Support     string
}

// CheckNew adds to bad what breaks the rules of a new promise: a
// customer, a positive amount, a date on or after the day it is made and
// within a year of it, a known support plan kind, and the values every
// record shares (CheckValues). Field names are those of the API
// (amount, date, support_kind, …); codes are errs' codes.
func CheckNew(bad *errs.Invalid, p NewPromise) {
	if p.Customer == "" {
		bad.Add(0, "customer", "customer is empty")
	}
	if p.Amount <= 0 {
		bad.AddCode(0, "amount", errs.CodePositive, "a commitment's amount must be positive")
	}
	switch {
	case p.Due == 0:
		bad.AddCode(0, "date", errs.CodeRequired, "the date the customer will pay by is required")
	case p.Due < p.Made:
		bad.AddCode(0, "date", errs.CodeBeforeToday, "the date %s is before the day the promise is made, %s", p.Due, p.Made)
	case p.Due > p.Made.AddDays(366):
		bad.AddCode(0, "date", errs.CodeTooFar, "a promise more than a year ahead is not a commitment")
	}
	if p.SupportKind != "" && !slices.Contains(SupportKinds, p.SupportKind) {
		bad.Add(0, "support_kind", "unknown support plan kind %q", p.SupportKind)
	}
	bad.Also(func(more *errs.Invalid) { CheckValues(more, p.Amount, p.Due, p.Made, p.Contact, p.Support) })
}
