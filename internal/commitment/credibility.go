package commitment

import (
	"fmt"
	"math"

	"huikuan/internal/civil"
)

// Scorer scores new commitments: the fitted model, the population's kept
// rate it was fitted with, and the mean feature vector, against which each
// factor's contribution is told.
type Scorer struct {
	Model  Model      `json:"model"`
	Pop    float64    `json:"pop"`
	Means  []float64  `json:"means"`
	N      int        `json:"n"` // commitments it learnt from; 0 for the defaults
	Fitted civil.Date `json:"fitted"`
}

// MinToLearn is how many settled commitments it takes to learn weights of
// the installation's own; with fewer, DefaultScorer is used.
const MinToLearn = 200

// DefaultScorer holds the documented starting weights (docs/MODEL.md):
// history counts most, then the size against what the customer usually
// pays and a support plan; a promise made far ahead, recent broken
// promises and a poor credit tier count against it.
func DefaultScorer() Scorer {
	return Scorer{
		Model: Model{Bias: 0.2, Weights: []float64{0.9, -0.6, 0.3, -0.5, 0.8, -0.6, -0.3, -0.1, 0, 0, 0, 0, -0.2, -0.3}},
		Pop:   0.5,
		Means: []float64{0, 0, 0, 0, 0.3, 0.3, 0.3, 1.5, 0, 0, 0, 0, 0.5, 0.5},
	}
}

// Train fits a scorer on the commitments settled before day, or returns
// the defaults when there are too few.
func Train(hs []History, day civil.Date) Scorer { return train(knownOf(hs), day) }

func train(all []known, day civil.Date) Scorer {
	m, pop, n := learn(all, day)
	if n < MinToLearn {
		return DefaultScorer()
	}
	var means []float64
	for _, k := range all {
		if !k.settled(day) {
			continue
		}
		x := k.f.Vector(pop)
		if means == nil {
			means = make([]float64, len(x))
		}
		for i, v := range x {
			means[i] += v / float64(n)
		}
	}
	return Scorer{Model: m, Pop: pop, Means: means, N: n, Fitted: day}
}

// Reason is one factor of a score: what it is, in words, and how much it
// moved the odds (log-odds against an average commitment).
type Reason struct {
	Code   string  `json:"code"`
	Text   string  `json:"text"`
	TextZh string  `json:"text_zh"`
	Effect float64 `json:"effect"`
}

// Credibility is a commitment's probability of being kept in full, why,
// and the flags a rep should see.
type Credibility struct {
	P       float64  `json:"p"`
	Reasons []Reason `json:"reasons"`
	Flags   []string `json:"flags"`
}

// Flag names.
const (
	FlagTooEasy          = "too_easy"
	FlagImplausible      = "implausible"
	FlagNeedsSupportPlan = "needs_support_plan"
)

// SupportThreshold is the credibility below which a promise without a
// support plan is flagged as needing one.
const SupportThreshold = 0.5

// Score rates a commitment with these features.
func (sc Scorer) Score(f Features) Credibility {
	x := f.Vector(sc.Pop)
	if len(sc.Model.Weights) != len(x) || len(sc.Means) != len(x) {
		// fitted before the factors changed: the defaults until the
		// daily job refits it
		sc = DefaultScorer()
	}
	cr := Credibility{P: sc.Model.Predict(x), Flags: []string{}}
	effect := func(i int) float64 { return sc.Model.Weights[i] * (x[i] - sc.Means[i]) }
	hist := Reason{Code: "history", Effect: effect(0)}
	if f.Prior == 0 {
		hist.Text = fmt.Sprintf("no earlier promise settled: taken at the usual rate, %.0f%%", 100*sc.Pop)
		hist.TextZh = fmt.Sprintf("此前无已结承诺：按平均兑现率 %.0f%% 计", 100*sc.Pop)
	} else {
		hist.Text = fmt.Sprintf("kept %d of %d earlier promises", f.Kept, f.Prior)
		hist.TextZh = fmt.Sprintf("此前 %d 次承诺兑现 %d 次", f.Prior, f.Kept)
	}
	size := Reason{Code: "size", Effect: effect(1) + effect(2) + effect(3) + effect(8) + effect(9)}
	size.Text = fmt.Sprintf("%.1f× its usual monthly payment", f.SizeRatio)
	size.TextZh = fmt.Sprintf("金额为平时月回款的 %.1f 倍", f.SizeRatio)
	switch {
	case f.SizeRatio < TooEasyBelow:
		size.Text += ": too easy"
		size.TextZh += "：过于轻松"
		cr.Flags = append(cr.Flags, FlagTooEasy)
	case f.SizeRatio > ImplausibleAbove:
		size.Text += ": implausible"
		size.TextZh += "：难以兑现"
		cr.Flags = append(cr.Flags, FlagImplausible)
	}
	support := Reason{Code: "support_plan", Effect: effect(4), Text: "no support plan", TextZh: "没有支撑方案"}
	if f.Supported {
		support.Text, support.TextZh = "backed by a support plan", "有支撑方案"
	}
	days := Reason{Code: "days_to_date", Effect: effect(5) + effect(10), Text: fmt.Sprintf("%d days to the date", f.Days), TextZh: fmt.Sprintf("距承诺日 %d 天", f.Days)}
	recent := Reason{Code: "recent_broken", Effect: effect(6), Text: fmt.Sprintf("%d promises broken in the last 90 days", f.RecentBad), TextZh: fmt.Sprintf("近 90 天有 %d 次承诺未兑现", f.RecentBad)}
	tier := Reason{Code: "credit_tier", Effect: effect(7), Text: fmt.Sprintf("credit tier %c", 'A'+f.Tier), TextZh: fmt.Sprintf("信用等级 %c", 'A'+f.Tier)}
	trend := Reason{Code: "recent_payments", Effect: effect(11),
		Text:   fmt.Sprintf("paid %.1f× its usual month in the last 30 days", f.Trend),
		TextZh: fmt.Sprintf("近 30 天回款为平时月回款的 %.1f 倍", f.Trend)}
	overdue := Reason{Code: "overdue_age", Effect: effect(12), Text: "nothing overdue", TextZh: "没有逾期"}
	if f.Overdue > 0 {
		overdue.Text = fmt.Sprintf("oldest unpaid invoice %d days past due", f.Overdue)
		overdue.TextZh = fmt.Sprintf("最早未付发票已逾期 %d 天", f.Overdue)
	}
	excuses := Reason{Code: "excuses", Effect: effect(13),
		Text:   fmt.Sprintf("%d excuses in the last 30 days", f.Excuses),
		TextZh: fmt.Sprintf("近 30 天找了 %d 次理由", f.Excuses)}
	cr.Reasons = []Reason{hist, size, support, days, recent, tier, trend, overdue, excuses}
	for i := range cr.Reasons {
		cr.Reasons[i].Effect = math.Round(cr.Reasons[i].Effect*100) / 100
	}
	if cr.P < SupportThreshold && !f.Supported {
		cr.Flags = append(cr.Flags, FlagNeedsSupportPlan)
	}
	return cr
}

// ScoreAsMade calls visit with the credibility every commitment had on the
// day it was made, by a scorer fitted on what was settled before its month:
// for promises loaded from elsewhere, which were never scored.
func ScoreAsMade(hs []History, visit func(h, i int, cr Credibility)) {
	first, last := civil.Never, civil.Date(0)
	for _, h := range hs {
		for _, c := range h.Commitments {
			first, last = min(first, c.Made), max(last, c.Made)
		}
	}
	if last == 0 {
		return
	}
	all := knownOf(hs)
	for month := first.MonthStart(); month <= last; month = month.AddMonths(1) {
		sc := train(all, month)
		end := month.AddMonths(1)
		for hi, h := range hs {
			for i, c := range h.Commitments {
				if c.Made >= month && c.Made < end {
					visit(hi, i, sc.Score(FeaturesAt(h, i)))
				}
			}
		}
	}
}
