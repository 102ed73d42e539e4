package plan

import (
	"math"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// CapacityInput is what a customer's capacity for a month is worked out
// from: only what was known at the end of the day before the month began.
type CapacityInput struct {
	Customer string
	Name     string
	Rep      string
	// Open are the invoices open that evening, each with what is still
	// collectable of it (disputed parts left out), oldest due first.
	Open []Receivable
	// Collectable is what was collectable as each of the six months
	// before began (open that morning and due by the month's end), oldest
	// first.
	Collectable [6]money.Amount
	// Delays are how late the customer paid the invoices it settled in
	// the twelve months before.
	Delays []Delay
	// Paid is what the customer paid in each of the twelve calendar
	// months before, oldest first (Paid[11] is the month before).
	Paid [12]money.Amount
	// Fresh is the part of Paid that did not go to invoices issued before
	// the payment's month: money for new business (invoices issued and
	// paid within a month, prepayments), which the open invoices cannot
	// show.
	Fresh [12]money.Amount
	// Kept and Decided count the customer's promises decided before the
	// month: kept in full, and kept, partly kept or broken.
	Kept, Decided int
}

// Receivable is an open invoice's collectable amount and due date.
type Receivable struct {
	Due    civil.Date
	Amount money.Amount
}

// Delay is the invoices a customer settled about Days after their due
// date (rounded towards zero to a multiple of DelayStep): how many, and
// their amount.
type Delay struct {
	Days     int
	Invoices int
	Amount   money.Amount
}

// DelayStep is the width, in days, of the steps delays are counted in.
const DelayStep = 3

// Estimate is a customer's capacity for a month with its basis: what it
// can be expected to pay, and the figures that say why.
type Estimate struct {
	Customer string       `json:"customer"`
	Rep      string       `json:"rep"`
	Amount   money.Amount `json:"capacity"`
	// Due is what falls due in the month and Overdue what was overdue as
	// it began (disputed parts left out); Average the customer's monthly
	// payments over the six months before.
	Due     money.Amount `json:"due"`
	Overdue money.Amount `json:"overdue"`
	Average money.Amount `json:"monthly_average"`
	// Rate is the share of what was collectable at the start of each of
	// the last months that the customer paid in the month.
	Rate float64 `json:"collect_rate"`
	// KeptRate is the customer's kept-promise rate, smoothed.
	KeptRate float64 `json:"kept_rate"`
	// The three views of Amount, blended by the weights below: what is
	// collectable at the customer's rate, what its own delays say of each
	// open invoice (with new business), and its recent monthly average.
	ByRate    money.Amount `json:"by_rate"`
	ByInvoice money.Amount `json:"by_invoice"`
	ByAverage money.Amount `json:"by_average"`
}

// The capacity rule's weights and constants, chosen on one world (the
// default world, seed 1) and checked on nine others (docs/PLANS.md).
const (
	// rateWeight, invoiceWeight and averageWeight blend the three views;
	// none alone beats a three-month average by much, together they do.
	rateWeight, invoiceWeight, averageWeight = 0.5, 0.2, 0.3
	// maxRate bounds the collect rate: a customer that paid more than it
	// owed (prepaying) is not expected to pay 1.5 times its collectable.
	maxRate = 1.5
	// ratePrior is the collect rate a customer with little collectable
	// behind it is drawn towards, at one month's payments' worth.
	ratePrior = 0.6
	// priorWeight is how many settled invoices' worth the population's
	// delays count for in a customer's own delay record.
	priorWeight = 3
	// stuckRate is the share of what is overdue beyond every delay the
	// customer has shown that it pays in a month, at a kept rate of one
	// half; it rises and falls with the kept rate.
	stuckRate = 0.3
	// keptPrior and keptPriorN smooth the kept rate: a customer without
	// decided promises counts as 60 % over two promises.
	keptPrior, keptPriorN = 0.6, 2
)

// priorDelays are the population's delays (days after the due date) that
// a customer with little record of its own is assumed to pay at, equally
// weighted.
var priorDelays = []int{0, 7, 15, 30, 45}

// Capacity estimates what the customer of in can be expected to pay in
// the month beginning on month, from what was known before it: the blend
// of three views of the same customer.
//
//   - By rate: what is collectable as the month begins (overdue, and due
//     by its end) times the share of its collectable the customer paid in
//     each of the last months (over six months and over three, averaged).
//   - By invoice: each open invoice is expected in the month as far as the
//     customer's own delays (amount-weighted days late of what it settled,
//     smoothed with the population's) say an invoice of that due date,
//     unpaid the evening before, is paid by the month's end; money overdue
//     beyond every delay it has shown comes at stuckRate a month, scaled by
//     its kept-promise rate; new business (invoices issued and paid within
//     a month, prepayments) at its six-month average.
//   - By average: its monthly payments over the last three and six months.
func Capacity(in CapacityInput, month civil.Date) Estimate {
	first := month.MonthStart()
	eve, last := first.AddDays(-1), first.MonthEnd()
	kept := (float64(in.Kept) + keptPrior*keptPriorN) / (float64(in.Decided) + keptPriorN)
	e := Estimate{Customer: in.Customer, Rep: in.Rep, KeptRate: kept, Average: average(in.Paid[6:])}
	delays := delayRecord(in.Delays)
	var byInvoice float64
	for _, r := range in.Open {
		c := r.Amount
		if r.Due <= eve {
			e.Overdue += c
		} else if r.Due <= last {
			e.Due += c
		}
		if p, stuck := delays.paidBy(eve.Sub(r.Due), last.Sub(r.Due)); stuck {
			byInvoice += float64(c) * min(stuckRate*2*kept, 1)
		} else {
			byInvoice += float64(c) * p
		}
	}
	byInvoice += float64(average(in.Fresh[6:]))
	e.Rate = (collectRate(in, 6) + collectRate(in, 3)) / 2
	byRate := e.Rate * float64(e.Due+e.Overdue)
	byAverage := float64(average(in.Paid[9:])+average(in.Paid[6:])) / 2
	e.ByRate, e.ByInvoice, e.ByAverage = round(byRate), round(byInvoice), round(byAverage)
	e.Amount = round(rateWeight*byRate + invoiceWeight*byInvoice + averageWeight*byAverage)
	return e
}

func round(x float64) money.Amount { return money.Amount(math.Round(x)) }

// collectRate is what the customer paid in the n months before against
// what was collectable as each began, drawn towards ratePrior by one
// month's payments' worth, at most maxRate.
func collectRate(in CapacityInput, n int) float64 {
	var paid, collectable float64
	for k := 12 - n; k < 12; k++ {
		paid += float64(in.Paid[k])
		collectable += float64(in.Collectable[k-6])
	}
	prior := float64(average(in.Paid[6:]))
	return min((paid+ratePrior*prior)/(collectable+prior+1), maxRate)
}

func average(xs []money.Amount) money.Amount {
	var s money.Amount
	for _, x := range xs {
		s += x
	}
	return s / money.Amount(len(xs))
}

// delays is a delay record: days late, each with its weight.
type delays struct {
	days   []int
	weight []float64
}

// delayRecord weighs each step of days late by the amount settled in it
// against the customer's mean invoice, and adds the population's delays
// at priorWeight invoices' worth in all.
func delayRecord(ds []Delay) delays {
	var d delays
	var total float64
	var n int
	for _, x := range ds {
		total += float64(x.Amount)
		n += x.Invoices
	}
	for _, x := range ds {
		d.days = append(d.days, x.Days)
		d.weight = append(d.weight, float64(x.Amount)*float64(n)/total)
	}
	for _, p := range priorDelays {
		d.days = append(d.days, p)
		d.weight = append(d.weight, priorWeight/float64(len(priorDelays)))
	}
	return d
}

// paidBy returns the chance that an invoice unpaid at late days after its
// due date is paid by by days after it, given the record; stuck when the
// invoice is later than every delay in the record.
func (d delays) paidBy(late, by int) (p float64, stuck bool) {
	var still, within float64
	for i, x := range d.days {
		if x > late {
			still += d.weight[i]
			if x <= by {
				within += d.weight[i]
			}
		}
	}
	if still == 0 {
		return 0, true
	}
	return within / still, false
}
