package paydate

import (
	"math"
	"slices"

	"huikuan/internal/civil"
)

// Model predicts pay dates. Late is the log-odds of being paid after the
// due date and Days the days from the due date to payment, each as the
// customer's own smoothed figure (its late rate, its median days late)
// corrected by boosted stumps learnt from the installation's history;
// Resid holds the quantiles (0 %, 5 %, … 100 %) of the days the fit
// missed by, which give the range and the chance of paying by a date.
// The zero value is not usable: use Fit or Default.
type Model struct {
	Pop    Population `json:"pop"`
	Late   Ensemble   `json:"late"`
	Days   Ensemble   `json:"days"`
	Resid  []float64  `json:"resid"`
	Means  []float64  `json:"means"` // mean contribution of each feature to Late on the training data
	N      int        `json:"n"`     // settled invoices learnt from; 0 for the defaults
	Fitted civil.Date `json:"fitted"`
}

// MinToLearn is how many invoices settled before the day it takes to
// learn corrections of the installation's own; with fewer, Fit returns
// Default with the population figures of what there is.
const MinToLearn = 200

// minForPop is how many settled invoices it takes to use their late rate
// and median rather than DefaultPopulation.
const minForPop = 30

// DefaultPopulation is taken when an installation has settled fewer than
// 30 invoices: three in ten paid late, the median paid on its due date.
var DefaultPopulation = Population{LateRate: 0.3, MedianLate: 0}

// Default returns the model used with little history: each customer's
// own smoothed late rate and median days late, uncorrected, with a range
// of days as wide as a Laplace spread of 6 days (20th–80th percentile
// about ±5.5 days).
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
	return Model{Pop: pop, Resid: resid, Means: make([]float64, len(featureNames))}
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

// params of the two boosted fits, chosen on IBM's 2012 invoices and the
// demo worlds (docs/MODEL.md).
var (
	lateParams = boostParams{Rounds: 150, Shrink: 0.1, MinLeaf: 20, Lambda: 5}
	daysParams = boostParams{Rounds: 150, Shrink: 0.1, MinLeaf: 20}
)

// example is one settled invoice as the fit sees it.
type example struct {
	x    []float64
	late bool
	days float64
}

// Fit learns a model from the invoices settled before asOf, each
// described by what was known on its own issue day; no settlement on or
// after asOf can change the result. With fewer than MinToLearn of them it
// returns Default.
func Fit(history []Invoice, asOf civil.Date, opts Options) Model {
	groups := byCustomer(history)
	pop := populationOf(history, asOf)
	var exs []example
	for _, g := range groups {
		for _, inv := range g {
			if !inv.Settled(asOf) {
				continue
			}
			f := FeaturesAt(inv, g, pop, opts.facts(inv.Customer, inv.Issue))
			exs = append(exs, example{x: f.Vector(), late: inv.late(), days: clampDays(float64(inv.daysLate()))})
		}
	}
	if len(exs) < MinToLearn {
		return Default(pop)
	}
	// the groups come from a map: order the examples so the fit is the
	// same on every run
	slices.SortFunc(exs, compareExamples)
	return fitExamples(exs, pop, asOf)
}

func compareExamples(a, b example) int {
	return slices.Compare(append(slices.Clone(a.x), a.days), append(slices.Clone(b.x), b.days))
}

func fitExamples(exs []example, pop Population, asOf civil.Date) Model {
	xs := make([][]float64, len(exs))
	ys := make([]bool, len(exs))
	ds, offs := make([]float64, len(exs)), make([]float64, len(exs))
	for i, e := range exs {
		xs[i], ys[i], ds[i], offs[i] = e.x, e.late, e.days-e.x[iMedianLate], e.x[iLateRate]
	}
	m := Model{Pop: pop, N: len(exs), Fitted: asOf}
	m.Late = boostLogistic(xs, ys, offs, lateParams)
	m.Days = boostLAD(xs, ds, 0, daysParams)
	resid := make([]float64, len(exs))
	m.Means = make([]float64, len(featureNames))
	for i, x := range xs {
		resid[i] = exs[i].days - m.days(x)
		for j, v := range m.lateParts(x) {
			m.Means[j] += v / float64(len(xs))
		}
	}
	m.Resid = quantiles(resid)
	return m
}

// Indexes into the feature vector used as offsets.
const (
	iLateRate   = 0
	iMedianLate = 2
)

// lateZ is the log-odds of paying late: the customer's smoothed rate plus
// the learnt corrections.
func (m Model) lateZ(x []float64) float64 { return x[iLateRate] + m.Late.Score(x) }

// days is the expected days from the due date to payment.
func (m Model) days(x []float64) float64 { return x[iMedianLate] + m.Days.Score(x) }

// lateParts splits lateZ by feature: the customer's own rate is its
// late-rate feature's part.
func (m Model) lateParts(x []float64) []float64 {
	parts := m.Late.Parts(x)
	parts[iLateRate] += x[iLateRate]
	return parts
}

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

// quantiles returns the 0 %, 5 %, … 100 % quantiles of xs (reordered).
func quantiles(xs []float64) []float64 {
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
