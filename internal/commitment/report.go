package commitment

import (
	"context"
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
const L2 = 3.0

// Evaluate walks month by month from from to to, refitting the model at
// the start of each month on what was settled before it. It starts at the
// first month with enough settled history to learn from (MinToLearn):
// before that an installation runs on the documented defaults, which are
// not what is measured here. From is moved there; 0 means the beginning,
// but no earlier than civil.MaxReportYears before to (callers refuse a
// longer period they are asked for: each month is a model fitted).
//
// It returns ctx's error, and no evaluation, as soon as ctx is done: it
// checks before it starts and at every month.
func Evaluate(ctx context.Context, hs []History, from, to civil.Date) (Evaluation, error) {
	if err := ctx.Err(); err != nil {
		return Evaluation{}, err
	}
	all := knownOf(hs)
	if from == 0 {
		from = to
		for _, k := range all {
			from = min(from, k.c.Made)
		}
		from = civil.ReportStart(from, to)
	}
	ev := Evaluation{From: from, To: to}
	var model, hist, constant []Scored
	for month := from.MonthStart(); month <= to; month = month.AddMonths(1) {
		if err := ctx.Err(); err != nil {
			return Evaluation{}, err
		}
		m, pop, n := learn(all, month)
		if n < MinToLearn {
			ev.From = month.AddMonths(1)
			continue
		}
		end := month.AddMonths(1)
		for _, k := range all {
			if k.c.Made < month || k.c.Made >= end || k.c.Made < from || k.c.Made > to || k.o.Status == Open {
				continue
			}
			y := kept(k.o)
			p := m.Predict(k.f.Vector(pop))
			model = append(model, Scored{p, y})
			hist = append(hist, Scored{k.f.Smoothed(pop), y})
			constant = append(constant, Scored{pop, y})
		}
	}
	ev.N = len(model)
	if ev.N == 0 {
		return ev, nil
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
	return ev, nil
}

// known is a commitment with its final outcome and its features.
type known struct {
	c Commitment
	o Outcome
	f Features
}

// knownOf computes the features of every commitment not cancelled once:
// they do not depend on the day a model is fitted.
func knownOf(hs []History) []known {
	var all []known
	for _, h := range hs {
		for i, c := range h.Commitments {
			if !c.Cancelled {
				all = append(all, known{c: c, o: h.Outcomes[i], f: FeaturesAt(h, i)})
			}
		}
	}
	return all
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
func trainingSet(all []known, day civil.Date) ([][]float64, []bool, []float64, float64) { // ages in days
	var n, kp float64
	for _, k := range all {
		if k.settled(day) {
			w := recency(day.Sub(k.c.Due))
			n += w
			if kept(k.o) {
				kp += w
			}
		}
	}
	pop := 0.5
	if n > 0 {
		pop = (kp + 1) / (n + 2)
	}
	var xs [][]float64
	var ys []bool
	var ws []float64
	for _, k := range all {
		if k.settled(day) {
			xs = append(xs, k.f.Vector(pop))
			ys = append(ys, kept(k.o))
			ws = append(ws, float64(day.Sub(k.c.Due)))
		}
	}
	return xs, ys, ws, pop
}

// HalfLife is the age in days at which a settled commitment counts half
// as much in learning as one settled today: customers and times change.
const HalfLife = 30

var RecentDays = 30.0

func recency(age int) float64 { return math.Exp2(-float64(age) / HalfLife) }

// learn fits a model on what was settled before day, weighting by
// recency, and then moves its intercept so that it predicts the kept rate
// of the last 30 days' settled promises on average: kept rates drift
// with the season and the economy faster than the weights do.
func learn(all []known, day civil.Date) (Model, float64, int) {
	xs, ys, ages, pop := trainingSet(all, day)
	if len(xs) == 0 {
		return Model{}, pop, 0
	}
	ws := make([]float64, len(ages))
	for i, a := range ages {
		ws[i] = recency(int(a))
	}
	m := Fit(xs, ys, ws, L2)
	for iter := 0; iter < 20; iter++ {
		var g, h float64
		for i, x := range xs {
			if ages[i] > RecentDays {
				continue
			}
			p := m.Predict(x)
			y := 0.0
			if ys[i] {
				y = 1
			}
			g += y - p
			h += p * (1 - p)
		}
		if h == 0 {
			break
		}
		m.Bias += g / h
		if math.Abs(g/h) < 1e-6 {
			break
		}
	}
	return m, pop, len(xs)
}
