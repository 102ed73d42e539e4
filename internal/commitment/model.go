package commitment

import (
	"math"
)

// Model is a logistic regression: the probability that a commitment is
// kept in full is σ(Bias + Σ Weights[i]·x[i]) over the feature vector.
type Model struct {
	Bias    float64   `json:"bias"`
	Weights []float64 `json:"weights"`
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Predict returns the probability for a feature vector.
func (m Model) Predict(x []float64) float64 { return sigmoid(m.Z(x)) }

// Z returns the log-odds for a feature vector.
func (m Model) Z(x []float64) float64 {
	z := m.Bias
	for i, w := range m.Weights {
		z += w * x[i]
	}
	return z
}

// Fit learns a model from feature vectors and outcomes by Newton's method
// (iteratively reweighted least squares) with an L2 penalty l2 on the
// weights, not the bias: the penalty keeps the fit sane on little or
// lopsided history. ws weighs each example (nil: all 1). Fit needs at
// least one vector.
func Fit(xs [][]float64, ys []bool, ws []float64, l2 float64) Model {
	d := len(xs[0]) + 1 // the bias is the last coefficient
	beta := make([]float64, d)
	row := make([]float64, d)
	for iter := 0; iter < 25; iter++ {
		grad := make([]float64, d)
		hess := make([][]float64, d)
		for i := range hess {
			hess[i] = make([]float64, d)
		}
		for k, x := range xs {
			copy(row, x)
			row[d-1] = 1
			z := 0.0
			for i, v := range row {
				z += beta[i] * v
			}
			p := sigmoid(z)
			y := 0.0
			if ys[k] {
				y = 1
			}
			wt := 1.0
			if ws != nil {
				wt = ws[k]
			}
			w := wt * p * (1 - p)
			for i := range d {
				grad[i] += wt * (y - p) * row[i]
				for j := 0; j <= i; j++ {
					hess[i][j] += w * row[i] * row[j]
				}
			}
		}
		for i := range d - 1 {
			grad[i] -= l2 * beta[i]
			hess[i][i] += l2
		}
		for i := range d {
			for j := 0; j < i; j++ {
				hess[j][i] = hess[i][j]
			}
		}
		step := solve(hess, grad)
		if step == nil {
			break
		}
		change := 0.0
		for i := range d {
			beta[i] += step[i]
			change = math.Max(change, math.Abs(step[i]))
		}
		if change < 1e-8 {
			break
		}
	}
	return Model{Bias: beta[d-1], Weights: beta[:d-1]}
}

// solve solves a·x = b by Gaussian elimination with partial pivoting; it
// returns nil for a singular matrix. a and b are overwritten.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return nil
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}
