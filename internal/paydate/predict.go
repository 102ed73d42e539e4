package paydate

import (
	"math"
	"slices"

	"huikuan/internal/civil"
)

// Prediction is what the model expects of one invoice: the chance it is
// paid in full by its due date (POnTime) or after it (PLate = 1 −
// POnTime), the expected pay date (the days model's median) with a range
// (From–To: its 20th to 80th percentile), and the reasons, strongest
// first. By gives the chance of being paid by any date: the days model's
// distribution, its log-odds moved so that By(due) = POnTime.
type Prediction struct {
	POnTime  float64    `json:"p_on_time"`
	PLate    float64    `json:"p_late"`
	Expected civil.Date `json:"expected_pay_date"`
	From     civil.Date `json:"range_from"`
	To       civil.Date `json:"range_to"`
	Reasons  []Reason   `json:"reasons"`

	issue, due civil.Date
	days       float64   // expected days from the due date
	resid      []float64 // the model's residual quantiles
	shift      float64   // moves the residual distribution's log-odds so By(due) = POnTime
}

// Predict predicts an invoice from its customer's records (history; the
// invoice itself may be among them). Only what was known on the invoice's
// issue day is used, whatever history holds: settlements before that day
// and which earlier invoices were open on it. facts are the customer's
// Facts known on the issue day.
func (m Model) Predict(inv Invoice, history []Invoice, facts Facts) Prediction {
	f := FeaturesAt(inv, history, m.Pop, facts)
	return m.predict(inv, f)
}

func (m Model) predict(inv Invoice, f Features) Prediction {
	if len(m.Resid) != 21 || len(m.Means) != len(featureNames) || len(m.Linear.Weights) > 0 && !m.fitted() {
		// a model saved with other features: the defaults until refitted
		m = Default(m.Pop)
	}
	x := f.Vector()
	pLate := sigmoid(m.lateZ(x))
	p := Prediction{POnTime: 1 - pLate, PLate: pLate, issue: inv.Issue, due: inv.Due, days: m.days(x), resid: m.Resid}
	p.shift = logit(p.POnTime) - logit(cdf(m.Resid, -p.days))
	p.Expected = p.dateAt(p.days)
	p.From = min(p.Expected, p.dateAt(p.days+p.residAt(0.2)))
	p.To = max(p.Expected, p.dateAt(p.days+p.residAt(0.8)))
	p.Reasons = m.reasons(f, x)
	return p
}

// By returns the probability that the invoice is paid in full on or
// before day.
func (p Prediction) By(day civil.Date) float64 {
	if day < p.issue || len(p.resid) == 0 {
		return 0
	}
	r := float64(day.Sub(p.due)) - p.days
	return sigmoid(logit(cdf(p.resid, r)) + p.shift)
}

// ByGiven returns the probability that the invoice is paid in full on or
// before day, knowing it was still unpaid on unpaidOn (an open invoice
// today): By's chance of paying in between, out of what was left.
func (p Prediction) ByGiven(day, unpaidOn civil.Date) float64 {
	if day <= unpaidOn {
		return 0
	}
	before := p.By(unpaidOn)
	if before >= 1 {
		return 1
	}
	return max(0, (p.By(day)-before)/(1-before))
}

// residAt returns the q-quantile of the days the model misses by. The
// range is read off it unshifted: moving it by shift as By is made the
// range lean early on IBM's sample (12 % of pay dates before it, 26 %
// after), unshifted 19 % and 15 %.
func (p Prediction) residAt(q float64) float64 { return quantileOf(p.resid, q) }

// dateAt is the date days after the due date, never before the issue.
func (p Prediction) dateAt(days float64) civil.Date {
	return max(p.issue, p.due.AddDays(int(math.Round(days))))
}

// cdf is the share of residuals at or below r, read off the 21 quantiles
// with straight lines between them and kept within 1 %–99 %.
func cdf(qs []float64, r float64) float64 {
	const lo, hi = 0.01, 0.99
	if r < qs[0] {
		return lo
	}
	if r >= qs[len(qs)-1] {
		return hi
	}
	i, _ := slices.BinarySearch(qs, r)
	for i < len(qs)-1 && qs[i] <= r {
		i++
	}
	// r lies in [qs[i-1], qs[i])
	a, b := qs[i-1], qs[i]
	f := (float64(i-1) + (r-a)/(b-a)) / 20
	return min(max(f, lo), hi)
}

// quantileOf is the residual at which cdf reaches q.
func quantileOf(qs []float64, q float64) float64 {
	pos := min(max(q, 0), 1) * 20
	i := min(int(pos), 19)
	return qs[i] + (pos-float64(i))*(qs[i+1]-qs[i])
}
