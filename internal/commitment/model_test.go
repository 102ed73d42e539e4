package commitment

import (
	"math"
	"math/rand/v2"
	"testing"

	"huikuan/internal/civil"
)

// TestFitRecoversKnownWeights draws outcomes from a known model and checks
// that Fit finds it again.
func TestFitRecoversKnownWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	truth := Model{Bias: -0.5, Weights: []float64{1.5, -2.0, 0.7}}
	var xs [][]float64
	var ys []bool
	for range 20000 {
		x := []float64{rng.NormFloat64(), rng.NormFloat64(), float64(rng.IntN(2))}
		xs = append(xs, x)
		ys = append(ys, rng.Float64() < truth.Predict(x))
	}
	got := Fit(xs, ys, nil, 0.01)
	if math.Abs(got.Bias-truth.Bias) > 0.1 {
		t.Errorf("bias %.3f, want %.3f", got.Bias, truth.Bias)
	}
	for i, w := range truth.Weights {
		if math.Abs(got.Weights[i]-w) > 0.1 {
			t.Errorf("weight %d: %.3f, want %.3f", i, got.Weights[i], w)
		}
	}
	// The penalty shrinks weights towards zero.
	strong := Fit(xs, ys, nil, 5000)
	if math.Abs(strong.Weights[0]) >= math.Abs(got.Weights[0]) {
		t.Errorf("a strong penalty did not shrink: %.3f vs %.3f", strong.Weights[0], got.Weights[0])
	}
}

func TestAUCAndBrier(t *testing.T) {
	perfect := []Scored{{0.1, false}, {0.2, false}, {0.8, true}, {0.9, true}}
	if a := AUC(perfect); a != 1 {
		t.Errorf("AUC of a perfect ranking = %v", a)
	}
	reversed := []Scored{{0.9, false}, {0.1, true}}
	if a := AUC(reversed); a != 0 {
		t.Errorf("AUC of a reversed ranking = %v", a)
	}
	ties := []Scored{{0.5, false}, {0.5, true}}
	if a := AUC(ties); a != 0.5 {
		t.Errorf("AUC of a tie = %v", a)
	}
	if b := Brier([]Scored{{1, true}, {0, false}, {0.5, true}}); math.Abs(b-0.25/3) > 1e-12 {
		t.Errorf("Brier = %v", b)
	}
	bins := Calibration([]Scored{{0.05, false}, {0.15, true}, {0.95, true}, {1.0, true}})
	if bins[0].N != 1 || bins[1].Observed != 1 || bins[9].N != 2 || math.Abs(bins[9].Predicted-0.975) > 1e-12 {
		t.Errorf("bins %+v", bins)
	}
}

// TestFeaturesSeeNoFuture checks that what happens after a promise is made
// cannot change its features: the evaluation's honesty rests on it.
func TestFeaturesSeeNoFuture(t *testing.T) {
	d := civil.MustParse
	h := History{
		Commitments: []Commitment{{ID: 1, Made: d("2026-03-01"), Due: d("2026-03-10"), Amount: 100_000}, {ID: 2, Made: d("2026-04-01"), Due: d("2026-04-10"), Amount: 300_000, Supported: true}},
		Outcomes:    []Outcome{{Status: Broken, DecidedOn: d("2026-03-11")}, {Status: Kept, DecidedOn: d("2026-04-05")}},
		Payments:    []Payment{{Date: d("2026-02-01"), Amount: 600_000}, {Date: d("2026-04-05"), Amount: 300_000}},
		Tier:        2,
	}
	before := FeaturesAt(h, 1)
	want := Features{Prior: 1, Kept: 0, SizeRatio: 3, Supported: true, Days: 9, RecentBad: 1, Tier: 2}
	if before != want {
		t.Errorf("features %+v, want %+v", before, want)
	}
	// A later promise, decided later, and a later payment change nothing.
	h.Commitments = append(h.Commitments, Commitment{ID: 3, Made: d("2026-05-01"), Due: d("2026-05-03"), Amount: 1})
	h.Outcomes = append(h.Outcomes, Outcome{Status: Kept, DecidedOn: d("2026-05-02")})
	h.Payments = append(h.Payments, Payment{Date: d("2026-05-02"), Amount: 9_000_000})
	h.Outcomes[1].DecidedOn = d("2026-04-05")
	if after := FeaturesAt(h, 1); after != before {
		t.Errorf("future events changed the features: %+v → %+v", before, after)
	}
}

func TestScore(t *testing.T) {
	sc := DefaultScorer()
	good := sc.Score(Features{Prior: 8, Kept: 8, SizeRatio: 0.8, Supported: true, Days: 5, Tier: 0})
	bad := sc.Score(Features{Prior: 8, Kept: 1, SizeRatio: 2.7, Days: 25, RecentBad: 3, Tier: 3})
	if !(good.P > 0.7 && bad.P < 0.3) {
		t.Errorf("a reliable, supported promise %.2f; an implausible one from a promise breaker %.2f", good.P, bad.P)
	}
	if len(good.Flags) != 0 {
		t.Errorf("good promise flagged %v", good.Flags)
	}
	if got := bad.Flags; len(got) != 2 || got[0] != FlagImplausible || got[1] != FlagNeedsSupportPlan {
		t.Errorf("bad promise flags %v", got)
	}
	if r := bad.Reasons[0]; r.Text != "kept 1 of 8 earlier promises" || r.Effect >= 0 {
		t.Errorf("history reason %+v", r)
	}
	if r := bad.Reasons[1]; r.Text != "2.7× its usual monthly payment: implausible" || r.TextZh != "金额为平时月回款的 2.7 倍：难以兑现" {
		t.Errorf("size reason %+v", r)
	}
	if easy := sc.Score(Features{SizeRatio: 0.1, Supported: true}); easy.Flags[0] != FlagTooEasy {
		t.Errorf("a tiny promise: %v", easy.Flags)
	}
}
