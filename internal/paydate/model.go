package paydate

import (
	"cmp"
	"math"
	"slices"

	"huikuan/internal/civil"
)

// Model predicts pay dates. The log-odds of being paid after the due date
// is a logistic regression on the features (Linear); without its weights
// (Default) it is the customer's own smoothed late rate's. The days from
// the due date to payment are the customer's own smoothed median days
// late corrected by boosted stumps on the absolute loss (Days). Resid
// holds the quantiles (0 %, 5 %, … 100 %) of the days the fit missed by,
// which give the range and the chance of paying by a date. Means is each
// feature's mean contribution to the log-odds on the training data, the
// zero point of the reasons. The zero value is not usable: use Fit or
// Default.
type Model struct {
	Pop    Population `json:"pop"`
	Linear Linear     `json:"linear"`
	Days   Ensemble   `json:"days"`
	Resid  []float64  `json:"resid"`
	Means  []float64  `json:"means"`
	N      int        `json:"n"` // settled invoices learnt from; 0 for the defaults
	Fitted civil.Date `json:"fitted"`
}

// MinToLearn is how many invoices settled before the day it takes to
// learn a model of the installation's own; with fewer, Fit returns
// Default with the population figures of what there is.
const MinToLearn = 200

// minForPop is how many settled invoices it takes to use their late rate
// and median rather than DefaultPopulation.
const minForPop = 30

// DefaultPopulation is taken when an installation has settled fewer than
// 30 invoices: three in ten paid late, the median paid on its due date.
var DefaultPopulation = Population{LateRate: 0.3, MedianLate: 0}

// Default returns the model used with little history: each customer's
// own smoothed late rate and median days late, as they are, with a range
// of days as wide as a Laplace spread of 6 days (20th–80th percentile
// about ±5.5 days around the expected date).
func Default(pop Population) Model {
	resid := make([]float64, 21)
	for i := range resid {
		q := min(max(float64(i)/20, 0.005), 0.995)
		if q < 0.5 {
			resid[i] = 6 * math.Log(2*q)
		} else {
			resid[i] = -6 * math.Log(2-2*q)
		}
	}
	m := Model{Pop: pop, Resid: resid, Means: make([]float64, len(featureNames))}
	m.Means[iLateRate] = logit(pop.LateRate)
	return m
}

// Options tune Fit. The zero value is the documented default.
type Options struct {
	// Facts gives each customer's promises, excuses and disputes known on
	// a day; nil: none.
	Facts FactsFunc
}

func (o Options) facts(customer string, day civil.Date) Facts {
	if o.Facts == nil {
		return Facts{}
	}
	return o.Facts(customer, day)
}

// The fit's settings, chosen on IBM's 2012 invoices (trained on the first
// half, measured on the second) and told in docs/MODEL.md.
var (
	linearL2    = 3.0                                                 // L2 penalty on the standardized weights
	daysParams  = boostParams{Rounds: 150, Shrink: 0.05, MinLeaf: 50} // the days' stumps
	historyFull = 6.0                                                 // earlier settlements at which a training invoice counts in full
)

// Indexes into the feature vector of the two offsets.
var (
	iLateRate   = slices.Index(featureNames, "late_rate")
	iMedianLate = slices.Index(featureNames, "median_late")
	iHistory    = slices.Index(featureNames, "history")
)

// example is one settled invoice as the fit sees it.
type example struct {
	x    []float64
	late bool
	days float64
	// known says which of the two the example teaches: whether it was
	// late (its due date is past), how many days (it is settled).
	knownLate, knownDays bool
}

// Fit learns a model from the invoices settled before asOf and those
// past due by then (the latest MaxExamples of them), each described by
// what was known on its own issue day; no settlement on or after asOf can
// change the result. With fewer than MinToLearn settled it returns
// Default.
func Fit(history []Invoice, asOf civil.Date, opts Options) Model {
	pop := populationOf(history, asOf)
	groups := byCustomer(history)
	// An invoice teaches its days once settled, and whether it was late
	// once its due date is past — paid or not: learning lateness only from
	// the settled would leave out the late invoices still open, the
	// slowest payers' newest, and lean towards the quick.
	var settled []Invoice
	n := 0
	for _, inv := range history {
		if inv.Settled(asOf) || inv.Due < asOf && inv.Issue < asOf {
			settled = append(settled, inv)
			if inv.Settled(asOf) {
				n++
			}
		}
	}
	if n < MinToLearn {
		return Default(pop)
	}
	// the latest MaxExamples, in an order that does not depend on the
	// caller's, so that the fit is the same on every run
	slices.SortFunc(settled, func(a, b Invoice) int {
		return cmp.Or(cmp.Compare(b.Issue, a.Issue), cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.Number, b.Number))
	})
	settled = settled[:min(len(settled), MaxExamples)]
	exs := make([]example, len(settled))
	for i, inv := range settled {
		f := FeaturesAt(inv, groups[inv.Customer], pop, opts.facts(inv.Customer, inv.Issue))
		e := example{x: f.Vector(), knownLate: inv.Due < asOf, knownDays: inv.Settled(asOf)}
		e.late = !(inv.Paid != 0 && inv.Paid <= inv.Due) // known on asOf when knownLate
		if e.knownDays {
			e.days = clampDays(float64(inv.daysLate()))
		}
		exs[i] = e
	}
	return fitExamples(exs, pop, asOf)
}

// MaxExamples is how many of the latest invoices Fit learns from
// at most, which bounds the daily job's time on a large ledger.
const MaxExamples = 50000

func fitExamples(exs []example, pop Population, asOf civil.Date) Model {
	var lx, dx [][]float64
	var ys []bool
	var ds, ws, days []float64
	for _, e := range exs {
		if e.knownLate {
			// an invoice with little history behind it says less about
			// the invoices scored later, which mostly have more
			lx, ys = append(lx, e.x), append(ys, e.late)
			ws = append(ws, min(1, (math.Expm1(e.x[iHistory])+1)/historyFull))
		}
		if e.knownDays {
			dx, ds, days = append(dx, e.x), append(ds, e.days-e.x[iMedianLate]), append(days, e.days)
		}
	}
	m := Model{Pop: pop, N: len(exs), Fitted: asOf}
	m.Linear = fitLinear(lx, ys, ws, linearL2)
	m.Days = boostLAD(dx, ds, 0, daysParams)
	resid := make([]float64, len(dx))
	for i, x := range dx {
		resid[i] = days[i] - m.days(x)
	}
	m.Means = make([]float64, len(featureNames))
	for _, x := range lx {
		for j, v := range m.lateParts(x) {
			m.Means[j] += v / float64(len(lx))
		}
	}
	m.Resid = quantiles(resid)
	return m
}

// fitted reports whether the model carries weights of its own.
func (m Model) fitted() bool { return len(m.Linear.Weights) == len(featureNames) }

// lateZ is the log-odds of paying late.
func (m Model) lateZ(x []float64) float64 {
	if !m.fitted() {
		return x[iLateRate]
	}
	return m.Linear.Z(x)
}

// lateParts splits lateZ by feature (the bias left out).
func (m Model) lateParts(x []float64) []float64 {
	if !m.fitted() {
		parts := make([]float64, len(x))
		parts[iLateRate] = x[iLateRate]
		return parts
	}
	return m.Linear.parts(x)
}

// days is the expected days from the due date to payment.
func (m Model) days(x []float64) float64 { return x[iMedianLate] + m.Days.Score(x) }

func clampDays(d float64) float64 { return min(max(d, -90), 180) }

// populationOf returns the late rate and median days late of the
// invoices settled before asOf, or DefaultPopulation with too few.
func populationOf(history []Invoice, asOf civil.Date) Population {
	var late, n float64
	var days []float64
	for _, inv := range history {
		if !inv.Settled(asOf) {
			continue
		}
		n++
		if inv.late() {
			late++
		}
		days = append(days, float64(inv.daysLate()))
	}
	if n < minForPop {
		return DefaultPopulation
	}
	return Population{LateRate: late / n, MedianLate: median(days)}
}

// quantiles returns the 0 %, 5 %, … 100 % quantiles of xs.
func quantiles(xs []float64) []float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	out := make([]float64, 21)
	for i := range out {
		pos := float64(i) / 20 * float64(len(xs)-1)
		lo := int(pos)
		hi := min(lo+1, len(xs)-1)
		out[i] = xs[lo] + (pos-float64(lo))*(xs[hi]-xs[lo])
	}
	return out
}
