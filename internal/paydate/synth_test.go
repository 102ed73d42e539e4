package paydate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// synthWorld is a ledger with a known answer: each customer pays its
// invoices a fixed number of days after the due date on average (mu),
// give or take a normal spread of sd days, and an invoice over twice the
// customer's usual amount is paid bigLate days later still.
type synthWorld struct {
	invs []Invoice
	mu   map[string]float64
	sd   float64
}

const bigLate = 10

func newSynthWorld(seed uint64, customers int, from, to civil.Date) synthWorld {
	r := rand.New(rand.NewPCG(seed, 1))
	w := synthWorld{mu: map[string]float64{}, sd: 4}
	for c := range customers {
		code := fmt.Sprintf("C%03d", c)
		w.mu[code] = -10 + 25*r.Float64()
		for d, k := from.AddDays(r.IntN(20)), 0; d <= to; d, k = d.AddDays(7+r.IntN(14)), k+1 {
			inv := Invoice{Customer: code, Number: fmt.Sprintf("%s-%03d", code, k), Issue: d, Due: d.AddDays(30), TermsDays: 30, Tier: ledger.TierB, Amount: money.Amount(10000 + r.IntN(10000))}
			if r.IntN(10) == 0 {
				inv.Amount *= 3
			}
			late := w.mean(inv) + w.sd*r.NormFloat64()
			inv.Paid = inv.Due.AddDays(int(math.Round(late)))
			w.invs = append(w.invs, inv)
		}
	}
	return w
}

// mean is an invoice's true expected days late.
func (w synthWorld) mean(inv Invoice) float64 {
	if inv.Amount > 20000 {
		return w.mu[inv.Customer] + bigLate
	}
	return w.mu[inv.Customer]
}

// pLate is an invoice's true chance of being paid after its due date:
// the rounded days late above 0.
func (w synthWorld) pLate(inv Invoice) float64 {
	return 0.5 * math.Erfc((0.5-w.mean(inv))/(w.sd*math.Sqrt2))
}

// oracle scores the invoices issued in the period with the true
// probabilities and expected dates: the best any model can do.
func (w synthWorld) oracle(from, to civil.Date) (auc, mae float64) {
	var sc []commitment.Scored
	var sum float64
	for _, inv := range w.invs {
		if inv.Issue < from || inv.Issue > to {
			continue
		}
		sc = append(sc, commitment.Scored{P: w.pLate(inv), Kept: inv.late()})
		sum += math.Abs(float64(inv.daysLate()) - math.Round(w.mean(inv)))
	}
	return commitment.AUC(sc), sum / float64(len(sc))
}
