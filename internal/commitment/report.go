package commitment

import (
	"math"

	"huikuan/internal/civil"
)

// Metrics are a set of predictions' quality.
type Metrics struct {
	AUC   float64 `json:"auc"`
	Brier float64 `json:"brier"`
}

// Evaluation is the honest measure of the credibility model on history:
// every commitment made between From and To is scored by a model fitted
// only on commitments decided before the month it was made in, and
// compared with two baselines — the customer's own smoothed kept rate, and
// the overall kept rate as a constant.
type Evaluation struct {
	From      civil.Date `json:"from"`
	To        civil.Date `json:"to"`
	N         int        `json:"n"`
	KeptRate  float64    `json:"kept_rate"`
	AUC       float64    `json:"auc"`
	Brier     float64    `json:"brier"`
	Bins      []Bin      `json:"bins"`
	Baselines struct {
		CustomerHistory Metrics `json:"customer_history"`
		Constant        Metrics `json:"constant"`
	} `json:"baselines"`
}

// L2 is the penalty on the model's weights.
const L2 = 1.0

// Evaluate walks month by month from from to to, refitting the model at
// the start of each month on what was settled before it. Months with too
// little history to fit are scored with the population rate.
func Evaluate(hs []History, from, to civil.Date) Evaluation {
	ev := Evaluation{From: from, To: to}
	// A commitment's features do not depend on the month it is judged in:
	// compute them once.
	var all []known
	for _, h := range hs {
		for i, c := range h.Commitments {
			if c.Cancelled {
				continue
			}
			all = append(all, known{c: c, o: h.Outcomes[i], f: FeaturesAt(h, i)})
		}
	}
	var model, hist, constant []Scored
	for month := from.MonthStart(); month <= to; month = month.AddMonths(1) {
		xs, ys, pop := trainingSet(all, month)
		var m *Model
		if len(xs) >= 50 {
			fit := Fit(xs, ys, L2)
			m = &fit
		}
		end := month.AddMonths(1)
		for _, k := range all {
			if k.c.Made < month || k.c.Made >= end || k.c.Made < from || k.c.Made > to || k.o.Status == Open {
				continue
			}
			y := kept(k.o)
			p := pop
			if m != nil {
				p = m.Predict(k.f.Vector(pop))
			}
			model = append(model, Scored{p, y})
			hist = append(hist, Scored{k.f.Smoothed(pop), y})
			constant = append(constant, Scored{pop, y})
		}
	}
	ev.N = len(model)
	if ev.N == 0 {
		return ev
	}
	for _, s := range model {
		if s.Kept {
			ev.KeptRate++
		}
	}
	ev.KeptRate /= float64(ev.N)
	ev.AUC, ev.Brier, ev.Bins = AUC(model), Brier(model), Calibration(model)
	ev.Baselines.CustomerHistory = Metrics{AUC(hist), Brier(hist)}
	ev.Baselines.Constant = Metrics{AUC(constant), Brier(constant)}
	for _, v := range []*float64{&ev.AUC, &ev.Baselines.CustomerHistory.AUC, &ev.Baselines.Constant.AUC} {
		if math.IsNaN(*v) {
			*v = 0.5 // only one outcome seen: no ranking to judge
		}
	}
	return ev
}

// known is a commitment with its final outcome and its features.
type known struct {
	c Commitment
	o Outcome
	f Features
}

// settled reports whether k could be learnt from on day: its date had
// passed, so it was decided whichever way it went. Learning from all
// promises decided by then would favour the kept ones, which are decided
// early, and make the model too sure of itself.
func (k known) settled(day civil.Date) bool {
	return k.o.DecidedOn != 0 && k.c.Due.AddDays(1) < day
}

// trainingSet returns the feature vectors and outcomes of the commitments
// settled before day, and the kept rate among them.
func trainingSet(all []known, day civil.Date) ([][]float64, []bool, float64) {
	var n, kp float64
	for _, k := range all {
		if k.settled(day) {
			n++
			if kept(k.o) {
				kp++
			}
		}
	}
	pop := 0.5
	if n > 0 {
		pop = (kp + 1) / (n + 2)
	}
	var xs [][]float64
	var ys []bool
	for _, k := range all {
		if k.settled(day) {
			xs = append(xs, k.f.Vector(pop))
			ys = append(ys, kept(k.o))
		}
	}
	return xs, ys, pop
}
