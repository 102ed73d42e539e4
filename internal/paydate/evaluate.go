package paydate

import (
	"maps"
	"math"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/kpi"
)

// Evaluation measures the model on invoices issued in a period against
// what happened (the JSON of `huikuan report paydate`): how many were
// scored, the share paid late, the AUC of PLate for "paid after the due
// date", the Brier score, ten calibration bins of PLate, the mean
// absolute error in days of the expected pay date, and the baselines.
// The ratios are null when there is nothing to measure them on.
type Evaluation struct {
	N         int              `json:"n"`
	LateRate  kpi.Ratio        `json:"late_rate"`
	AUC       kpi.Ratio        `json:"auc"`
	Brier     kpi.Ratio        `json:"brier"`
	Bins      []commitment.Bin `json:"bins"`
	MAEDays   kpi.Ratio        `json:"mae_days"`
	Baselines Baselines        `json:"baselines"`
}

// Baselines are what a model must beat: the customer's own history (its
// smoothed late rate for the AUC, its median days from issue to payment
// for the pay date) and the terms (the due date taken as the pay date).
type Baselines struct {
	CustomerHistory HistoryBaseline `json:"customer_history"`
	Terms           TermsBaseline   `json:"terms"`
}

// HistoryBaseline is the customer-history baseline's figures.
type HistoryBaseline struct {
	AUC     kpi.Ratio `json:"auc"`
	MAEDays kpi.Ratio `json:"mae_days"`
}

// TermsBaseline is the terms baseline's figure.
type TermsBaseline struct {
	MAEDays kpi.Ratio `json:"mae_days"`
}

// EvalOptions say what Evaluate measures.
type EvalOptions struct {
	From, To civil.Date // invoices issued in this period, both days included
	// TrainUntil, when set, fits one model on the invoices settled on or
	// before it; otherwise each month's invoices are scored by a model
	// fitted on those settled before the month's first day.
	TrainUntil civil.Date
	// Today, when set, counts invoices still open and due before it as
	// late (the AUC, Brier and bins; not the days); otherwise only
	// settled invoices are scored.
	Today civil.Date
	Options
}

// Evaluate scores every invoice of history issued in the period from
// what was known on its issue day (its features) and a model fitted only
// on invoices settled before the day (EvalOptions.TrainUntil), against
// what happened.
func Evaluate(history []Invoice, o EvalOptions) Evaluation {
	groups := byCustomer(history)
	models := map[civil.Date]Model{}
	modelFor := func(issue civil.Date) Model {
		asOf := issue.MonthStart()
		if o.TrainUntil != 0 {
			asOf = o.TrainUntil.AddDays(1)
		}
		m, ok := models[asOf]
		if !ok {
			m = Fit(history, asOf, o.Options)
			models[asOf] = m
		}
		return m
	}
	var sc tally
	// customers in order: the sums then come out the same on every run
	for _, code := range slices.Sorted(maps.Keys(groups)) {
		g := groups[code]
		for _, inv := range g {
			if inv.Issue < o.From || inv.Issue > o.To {
				continue
			}
			settled := inv.Paid != 0
			if !settled && (o.Today == 0 || inv.Due >= o.Today) {
				continue
			}
			m := modelFor(inv.Issue)
			p := m.Predict(inv, g, o.facts(inv.Customer, inv.Issue))
			sc.add(inv, p, baselineOf(inv, g, m.Pop))
		}
	}
	return sc.evaluation()
}

// baseline is the customer-history baseline of an invoice, from the
// customer's invoices settled before its issue day: their late share
// smoothed as the model's (smoothWeight invoices at the population's
// rate), and their median days from issue to payment (without any, the
// terms plus the population's median days late).
type baseline struct {
	rate, days float64
}

func baselineOf(inv Invoice, g []Invoice, pop Population) baseline {
	var days []float64
	late := 0.0
	for _, h := range g {
		if h.Settled(inv.Issue) && h.Number != inv.Number {
			days = append(days, float64(h.Paid.Sub(h.Issue)))
			if h.late() {
				late++
			}
		}
	}
	n := float64(len(days))
	b := baseline{rate: (late + smoothWeight*pop.LateRate) / (n + smoothWeight), days: median(days)}
	if n == 0 {
		b.days = float64(inv.Due.Sub(inv.Issue)) + pop.MedianLate
	}
	return b
}

// tally gathers the scored invoices of an evaluation.
type tally struct {
	model, history                 []commitment.Scored // Kept means paid late here
	errModel, errHistory, errTerms float64
	nDays, nLate                   int
}

func (t *tally) add(inv Invoice, p Prediction, b baseline) {
	late := inv.Paid == 0 || inv.late()
	if late {
		t.nLate++
	}
	t.model = append(t.model, commitment.Scored{P: p.PLate, Kept: late})
	t.history = append(t.history, commitment.Scored{P: b.rate, Kept: late})
	if inv.Paid == 0 {
		return
	}
	t.nDays++
	t.errModel += math.Abs(float64(inv.Paid.Sub(p.Expected)))
	t.errHistory += math.Abs(float64(inv.Paid.Sub(inv.Issue)) - b.days)
	t.errTerms += math.Abs(float64(inv.Paid.Sub(inv.Due)))
}

func (t *tally) evaluation() Evaluation {
	n := len(t.model)
	e := Evaluation{N: n, Bins: commitment.Calibration(t.model)}
	if n == 0 {
		return e
	}
	e.LateRate = ratio(float64(t.nLate), float64(n))
	e.AUC = defined(commitment.AUC(t.model))
	e.Brier = defined(commitment.Brier(t.model))
	e.Baselines.CustomerHistory.AUC = defined(commitment.AUC(t.history))
	if t.nDays > 0 {
		d := float64(t.nDays)
		e.MAEDays = ratio(t.errModel, d)
		e.Baselines.CustomerHistory.MAEDays = ratio(t.errHistory, d)
		e.Baselines.Terms.MAEDays = ratio(t.errTerms, d)
	}
	return e
}

func ratio(num, den float64) kpi.Ratio { return defined(num / den) }

func defined(v float64) kpi.Ratio {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
