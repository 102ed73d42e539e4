package paydate

import (
	"math"

	"huikuan/internal/commitment"
)

// Linear is a logistic regression on standardized features: the log-odds
// is Bias + Σ Weights[j]·(x[j] − Center[j]) / Scale[j].
type Linear struct {
	Bias    float64   `json:"bias"`
	Weights []float64 `json:"weights"`
	Center  []float64 `json:"center"`
	Scale   []float64 `json:"scale"`
}

// Z returns the log-odds for a feature vector.
func (l Linear) Z(x []float64) float64 {
	z := l.Bias
	for _, v := range l.parts(x) {
		z += v
	}
	return z
}

func (l Linear) parts(x []float64) []float64 {
	out := make([]float64, len(x))
	for j, w := range l.Weights {
		out[j] = w * (x[j] - l.Center[j]) / l.Scale[j]
	}
	return out
}

// fitLinear standardizes each feature (a constant one gets scale 1 and
// weight 0) and fits commitment.Fit's penalized logistic regression.
func fitLinear(xs [][]float64, ys []bool, ws []float64, l2 float64) Linear {
	d := len(xs[0])
	l := Linear{Center: make([]float64, d), Scale: make([]float64, d)}
	n := float64(len(xs))
	for j := range d {
		var s, ss float64
		for _, x := range xs {
			s += x[j]
			ss += x[j] * x[j]
		}
		mean := s / n
		l.Center[j] = mean
		l.Scale[j] = math.Sqrt(max(ss/n-mean*mean, 0))
		if l.Scale[j] < 1e-9 {
			l.Scale[j] = 1
		}
	}
	zs := make([][]float64, len(xs))
	for i, x := range xs {
		zs[i] = make([]float64, d)
		for j := range d {
			zs[i][j] = (x[j] - l.Center[j]) / l.Scale[j]
		}
	}
	m := commitment.Fit(zs, ys, ws, l2)
	l.Bias, l.Weights = m.Bias, m.Weights
	return l
}
