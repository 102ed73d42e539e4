package plan

import (
	"huikuan/internal/money"
)

// Backtest is how close capacities came to what customers then paid,
// over customers and months, against two simple forecasts.
type Backtest struct {
	Months    int          `json:"months"`
	Customers int          `json:"customer_months"`
	Actual    money.Amount `json:"actual"`
	// WAPE is Σ|capacity − actual| ÷ Σ actual.
	WAPE      float64             `json:"wape"`
	Baselines map[string]Baseline `json:"baselines"`
}

// Baseline is a simple forecast's score.
type Baseline struct {
	WAPE float64 `json:"wape"`
}

// The baselines' names, as in the report's JSON.
const (
	BaselineLastMonth   = "last_month"
	BaselineThreeMonths = "three_month_average"
)

// Scorer adds up the backtest month by month.
type Scorer struct {
	months                     int
	n                          int
	actual, err, last, average float64
}

// Add scores one month: each customer's input and estimate (parallel)
// against what it paid in the month.
func (s *Scorer) Add(ins []CapacityInput, es []Estimate, paid map[string]money.Amount) {
	s.months++
	for i, in := range ins {
		a := float64(paid[in.Customer])
		s.n++
		s.actual += a
		s.err += abs(float64(es[i].Amount) - a)
		s.last += abs(float64(in.Paid[11]) - a)
		s.average += abs(float64(average(in.Paid[9:])) - a)
	}
}

// Result is the backtest so far.
func (s *Scorer) Result() Backtest {
	b := Backtest{Months: s.months, Customers: s.n, Actual: money.Amount(s.actual), Baselines: map[string]Baseline{}}
	if s.actual > 0 {
		b.WAPE = round4(s.err / s.actual)
		b.Baselines[BaselineLastMonth] = Baseline{round4(s.last / s.actual)}
		b.Baselines[BaselineThreeMonths] = Baseline{round4(s.average / s.actual)}
	}
	return b
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }
