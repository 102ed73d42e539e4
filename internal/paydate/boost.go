package paydate

import (
	"math"
	"slices"
)

// Stump is a one-split tree: Left when x[Feature] <= Split, else Right.
type Stump struct {
	Feature int     `json:"feature"`
	Split   float64 `json:"split"`
	Left    float64 `json:"left"`
	Right   float64 `json:"right"`
}

// Ensemble is a sum of stumps on a base. Because every stump reads one
// feature, a score splits exactly into what each feature adds.
type Ensemble struct {
	Base   float64 `json:"base"`
	Stumps []Stump `json:"stumps"`
}

// Score returns the ensemble's value for a feature vector.
func (e Ensemble) Score(x []float64) float64 {
	z := e.Base
	for _, s := range e.Stumps {
		z += s.value(x)
	}
	return z
}

// Parts returns what each feature adds to the base, per featureNames.
func (e Ensemble) Parts(x []float64) []float64 {
	parts := make([]float64, len(x))
	for _, s := range e.Stumps {
		if s.Feature < len(x) {
			parts[s.Feature] += s.value(x)
		}
	}
	return parts
}

func (s Stump) value(x []float64) float64 {
	if s.Feature >= len(x) || x[s.Feature] <= s.Split {
		return s.Left
	}
	return s.Right
}

// boostParams set a fit: rounds, shrinkage of each stump and the least
// examples on a side of a split.
type boostParams struct {
	Rounds  int
	Shrink  float64
	MinLeaf int
}

// candidates are the split points tried for each feature: up to 32
// quantiles of its values.
func candidates(xs [][]float64, j int) []float64 {
	vals := make([]float64, len(xs))
	for i, x := range xs {
		vals[i] = x[j]
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	if len(vals) <= 1 {
		return nil
	}
	const most = 32
	if len(vals)-1 <= most {
		return midpoints(vals)
	}
	var out []float64
	for k := 1; k <= most; k++ {
		i := k * (len(vals) - 1) / (most + 1)
		out = append(out, (vals[i]+vals[i+1])/2)
	}
	return slices.Compact(out)
}

func midpoints(vals []float64) []float64 {
	out := make([]float64, len(vals)-1)
	for i := range out {
		out[i] = (vals[i] + vals[i+1]) / 2
	}
	return out
}

// split is the best stump found for one round's gradients.
type split struct {
	feature int
	at      float64
	gain    float64
}

// binned holds each example's bin for each feature: bin k holds the
// values above candidate k−1 and at most candidate k.
type binned struct {
	cands [][]float64
	bins  [][]uint8 // [feature][example]
}

func binAll(xs [][]float64) binned {
	b := binned{cands: allCandidates(xs), bins: make([][]uint8, len(xs[0]))}
	for j, cs := range b.cands {
		b.bins[j] = make([]uint8, len(xs))
		for i, x := range xs {
			k, _ := slices.BinarySearch(cs, x[j])
			b.bins[j][i] = uint8(k)
		}
	}
	return b
}

// bestSplit finds the split of the pseudo-responses g that most reduces
// their squared error: largest G_L²/N_L + G_R²/N_R.
func bestSplit(b binned, g []float64, p boostParams) (split, bool) {
	best := split{gain: math.Inf(-1)}
	found := false
	for j, cs := range b.cands {
		if len(cs) == 0 {
			continue
		}
		gs, ns := make([]float64, len(cs)+1), make([]int, len(cs)+1)
		for i, k := range b.bins[j] {
			gs[k] += g[i]
			ns[k]++
		}
		var gt float64
		nt := 0
		for k := range gs {
			gt, nt = gt+gs[k], nt+ns[k]
		}
		var gl float64
		nl := 0
		for k, c := range cs {
			gl, nl = gl+gs[k], nl+ns[k]
			if nl < p.MinLeaf || nt-nl < p.MinLeaf {
				continue
			}
			gr, nr := gt-gl, float64(nt-nl)
			gain := gl*gl/float64(nl) + gr*gr/nr - gt*gt/float64(nt)
			if gain > best.gain {
				best, found = split{feature: j, at: c, gain: gain}, true
			}
		}
	}
	return best, found
}

func allCandidates(xs [][]float64) [][]float64 {
	cands := make([][]float64, len(xs[0]))
	for j := range cands {
		cands[j] = candidates(xs, j)
	}
	return cands
}

// boostLAD fits ys by stumps on the absolute loss (LAD tree boosting):
// each split is chosen on the residuals' signs, each leaf moves by the
// median residual in it, so the fit aims at the median, not the mean.
func boostLAD(xs [][]float64, ys []float64, base float64, p boostParams) Ensemble {
	e := Ensemble{Base: base}
	if len(xs) == 0 {
		return e
	}
	b := binAll(xs)
	pred := make([]float64, len(xs))
	g := make([]float64, len(xs))
	for i := range pred {
		pred[i] = base
	}
	for range p.Rounds {
		for i := range xs {
			g[i] = sign(ys[i] - pred[i])
		}
		sp, ok := bestSplit(b, g, p)
		if !ok || sp.gain <= 1e-9 {
			break
		}
		var left, right []float64
		for i, x := range xs {
			if x[sp.feature] <= sp.at {
				left = append(left, ys[i]-pred[i])
			} else {
				right = append(right, ys[i]-pred[i])
			}
		}
		s := Stump{Feature: sp.feature, Split: sp.at, Left: p.Shrink * median(left), Right: p.Shrink * median(right)}
		e.Stumps = append(e.Stumps, s)
		for i, x := range xs {
			pred[i] += s.value(x)
		}
	}
	return e
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
