package commitment

import (
	"cmp"
	"math"
	"slices"
)

// Scored is a prediction and what happened.
type Scored struct {
	P    float64
	Kept bool
}

// AUC is the probability that a kept commitment is scored above a
// not-kept one (ties count half): 0.5 is no better than chance.
func AUC(s []Scored) float64 {
	sorted := slices.Clone(s)
	slices.SortFunc(sorted, func(a, b Scored) int { return cmp.Compare(a.P, b.P) })
	var pos, neg, rankSum float64
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j].P == sorted[i].P {
			j++
		}
		rank := float64(i+j+1) / 2 // average 1-based rank of the tie group
		for k := i; k < j; k++ {
			if sorted[k].Kept {
				pos++
				rankSum += rank
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// Brier is the mean squared difference between prediction and outcome.
func Brier(s []Scored) float64 {
	var sum float64
	for _, x := range s {
		y := 0.0
		if x.Kept {
			y = 1
		}
		sum += (x.P - y) * (x.P - y)
	}
	return sum / float64(len(s))
}

// Bin is one tenth of the probability range with the predictions in it.
type Bin struct {
	Lo        float64 `json:"lo"`
	Hi        float64 `json:"hi"`
	N         int     `json:"n"`
	Predicted float64 `json:"predicted"` // mean prediction
	Observed  float64 `json:"observed"`  // share kept
}

// Calibration puts predictions in ten equal-width bins.
func Calibration(s []Scored) []Bin {
	bins := make([]Bin, 10)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/10, float64(i+1)/10
	}
	for _, x := range s {
		i := min(int(x.P*10), 9)
		bins[i].N++
		bins[i].Predicted += x.P
		if x.Kept {
			bins[i].Observed++
		}
	}
	for i := range bins {
		if n := float64(bins[i].N); n > 0 {
			bins[i].Predicted /= n
			bins[i].Observed /= n
		}
	}
	return bins
}
