package commitment

import (
	"math"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// History is what is known of one customer: its commitments with their
// final outcomes, its invoices (by due date) and payments, and its credit
// tier (0 for A … 3 for D).
type History struct {
	Customer    string // the customer's code, where the loader knows it
	Commitments []Commitment
	Outcomes    []Outcome // parallel to Commitments
	Invoices    []Invoice // sorted by due date
	Payments    []Payment
	Excuses     []civil.Date // days of calls answered with an excuse
	Tier        int
}

// Invoice is what the overdue factor needs of an invoice; a credit note
// has a negative amount.
type Invoice struct {
	Issue, Due civil.Date
	Amount     money.Amount
}

// Features describe a commitment on the day it is made, from what was
// known that day only: outcomes decided and payments received before it.
type Features struct {
	Prior     int     // the customer's earlier promises decided before this one was made
	Kept      int     // of which kept in full
	SizeRatio float64 // amount ÷ the customer's average monthly payments over the 180 days before
	Supported bool
	Days      int     // from the day made to the date promised
	RecentBad int     // promises broken or partly kept in the 90 days before
	Trend     float64 // paid in the 30 days before ÷ the usual monthly payment
	Overdue   int     // days past due of the oldest invoice still unpaid that day
	Excuses   int     // calls answered with an excuse in the 30 days before
	Tier      int
}

// FeaturesAt computes the features of h.Commitments[i].
func FeaturesAt(h History, i int) Features {
	c := h.Commitments[i]
	f := Features{Supported: c.Supported, Days: c.Due.Sub(c.Made), Tier: h.Tier}
	for k, o := range h.Outcomes {
		if k == i || h.Commitments[k].Cancelled || o.DecidedOn == 0 || o.DecidedOn >= c.Made {
			continue
		}
		f.Prior++
		switch o.Status {
		case Kept:
			f.Kept++
		case Broken, PartlyKept:
			if c.Made.Sub(o.DecidedOn) <= 90 {
				f.RecentBad++
			}
		}
	}
	var paid, recent float64
	for _, p := range h.Payments {
		if p.Date < c.Made && c.Made.Sub(p.Date) <= 180 {
			paid += float64(p.Amount)
			if c.Made.Sub(p.Date) <= 30 {
				recent += float64(p.Amount)
			}
		}
	}
	monthly := math.Max(paid/6, 10_000) // at least ¥100 a month
	f.SizeRatio = float64(c.Amount) / monthly
	f.Trend = recent / monthly
	f.Overdue = overdueAge(h, c.Made)
	for _, e := range h.Excuses {
		if e < c.Made && c.Made.Sub(e) <= 30 {
			f.Excuses++
		}
	}
	return f
}

// overdueAge is how many days past due the oldest invoice unpaid on day
// was, settling payments and credit notes received before day against
// invoices issued before it, oldest due date first. It reads the ledger
// as the rules of thumb a rep uses, not the exact allocation (which
// honours the invoices a payment names): close enough for a factor, and
// computable from what the model already loads.
func overdueAge(h History, day civil.Date) int {
	var credit money.Amount
	for _, p := range h.Payments {
		if p.Date < day {
			credit += p.Amount
		}
	}
	for _, inv := range h.Invoices {
		if inv.Amount < 0 && inv.Issue < day {
			credit -= inv.Amount
		}
	}
	for _, inv := range h.Invoices {
		if inv.Amount <= 0 || inv.Issue >= day {
			continue
		}
		if credit >= inv.Amount {
			credit -= inv.Amount
			continue
		}
		return max(0, day.Sub(inv.Due))
	}
	return 0
}

// Smoothed is the customer's kept rate pulled towards the population's
// rate pop as if it had made priorWeight promises at that rate: a new
// customer gets the population's rate, a long history its own.
func (f Features) Smoothed(pop float64) float64 {
	const priorWeight = 4
	return (float64(f.Kept) + priorWeight*pop) / (float64(f.Prior) + priorWeight)
}

// Flags for a commitment's size against what the customer usually pays.
const (
	TooEasyBelow     = 0.3 // × the usual monthly payment
	ImplausibleAbove = 2.0
)

// FeatureNames name the entries of Vector, for reports.
var FeatureNames = []string{"history", "size", "too_easy", "implausible", "support_plan", "days_to_date", "recent_broken", "credit_tier", "size_above_0.6", "size_above_1", "days_under_7", "recent_payments", "overdue_age", "excuses"}

// Vector is the model's input: the smoothed history as log-odds; the log
// of the size ratio, flags for its extremes and two hinges (above 0.6× and
// above 1× the usual month, where keeping falls off fastest); support;
// days to the date in months and a hinge for under a week (a short promise
// can only be kept by meaning it); recent broken promises (at most 5); the
// tier; the log of the last 30 days' payments against the usual month (a
// customer paying less lately keeps less); and the age of the oldest
// overdue invoice in months (at most a year); excuses in the last 30
// days (at most 5).
func (f Features) Vector(pop float64) []float64 {
	h := math.Min(math.Max(f.Smoothed(pop), 0.01), 0.99)
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	size := math.Log(math.Max(f.SizeRatio, 0.01))
	return []float64{
		math.Log(h / (1 - h)),
		size,
		b(f.SizeRatio < TooEasyBelow),
		b(f.SizeRatio > ImplausibleAbove),
		b(f.Supported),
		float64(f.Days) / 30,
		math.Min(float64(f.RecentBad), 5),
		float64(f.Tier),
		math.Max(0, size-math.Log(0.6)),
		math.Max(0, size),
		math.Max(0, 7-float64(f.Days)) / 7,
		math.Log(math.Min(math.Max(f.Trend, 0.05), 20)),
		math.Min(float64(f.Overdue), 365) / 30,
		math.Min(float64(f.Excuses), 5),
	}
}

// kept reports whether an outcome counts as kept for learning.
func kept(o Outcome) bool { return o.Status == Kept }
