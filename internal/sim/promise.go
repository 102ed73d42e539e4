package sim

import (
	"math"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Promise is a commitment a simulated customer made when chased.
type Promise struct {
	Made, Due   civil.Date
	Amount      money.Amount
	Contact     string
	SupportKind string
	Support     string
}

// promise is a Promise as the customer means it.
type promise struct {
	Promise
	intends   bool       // the customer means to keep it
	payOn     civil.Date // when it means to pay
	fulfilled int64      // paid towards it, counted like the ledger counts
	decided   bool
}

var supportKinds = []string{"downstream_promotion", "stock_up_incentive", "downstream_collection", "bank_acceptance", "other"}

var supportTexts = map[string]string{
	"downstream_promotion":  "下游经销商促销，回笼货款后付款",
	"stock_up_incentive":    "旺季备货返利，按期付款",
	"downstream_collection": "催收下游欠款后转付",
	"bank_acceptance":       "开具银行承兑汇票",
	"other":                 "其他安排",
}

// maybePromise lets a chased customer that did not pay what is overdue
// promise to pay. Whether it means it depends on its persona's honesty,
// on a support plan behind the promise (a firm, prepared rep asks for
// one), on the promise's size against what the customer usually pays in a
// month, on how far off the date is, on promises it broke lately and on
// whether the promise came with an excuse (pressure without support makes
// empty promises).
func (s *customerSim) maybePromise(t civil.Date, excuse bool, paid int64) bool {
	owed := s.overdue(t)
	if owed <= 100_000 || s.rng.Float64() >= s.p.PromiseRate {
		return false
	}
	for _, p := range s.promises {
		if !p.decided && p.Due >= t {
			return false // one open promise at a time
		}
	}
	monthly := math.Max(s.cm.MonthlyFen, 1)
	amt := float64(owed) * (0.4 + 0.8*s.rng.Float64())
	if excuse && s.rng.Float64() < 0.3 {
		amt *= 1.5 + s.rng.Float64() // a big promise to end the call
	}
	amount := max(int64(amt)/100_000*100_000, 100_000) // whole thousands of yuan
	days := 2 + s.rng.IntN(14)
	p := promise{Promise: Promise{Made: t, Due: t.AddDays(days), Amount: money.Amount(amount), Contact: s.cm.Contact}}
	support := s.rng.Float64() < 0.7*s.rep.Firmness
	if support {
		p.SupportKind = pick(s.rng, supportKinds)
		p.Support = supportTexts[p.SupportKind]
	}
	recent := 0
	for _, d := range s.broken {
		if t.Sub(d) <= 90 {
			recent++
		}
	}
	z := s.p.PromiseHonesty - 1.3*math.Max(0, math.Log(float64(amount)/monthly)) - 0.5*float64(recent) - 0.05*float64(days)
	if support {
		z += 1.4
	}
	if excuse {
		z -= 1.2
	}
	p.intends = s.rng.Float64() < 1/(1+math.Exp(-z))
	p.payOn = t.AddDays(1 + s.rng.IntN(days))
	s.promises = append(s.promises, p)
	s.docs.Promises = append(s.docs.Promises, p.Promise)
	return true
}

// keepPromises pays what the customer meant to pay today. A customer that
// means a promise finds the money (from downstream, from the plan behind
// it, from next month's cash), so its cash may go below zero and later
// payments suffer.
func (s *customerSim) keepPromises(t civil.Date) {
	for i := range s.promises {
		p := &s.promises[i]
		if p.intends && !p.decided && p.payOn <= t && p.fulfilled < int64(p.Amount) {
			s.payment(t, int64(p.Amount)-p.fulfilled, nil)
		}
	}
}

// countTowardsPromises counts a payment towards the open promises made on
// or before its day, oldest first, as the commitment rules do.
func (s *customerSim) countTowardsPromises(t civil.Date, amt int64) {
	for i := range s.promises {
		p := &s.promises[i]
		if amt <= 0 {
			return
		}
		if p.decided || p.Made > t || p.Due < t || p.fulfilled >= int64(p.Amount) {
			continue
		}
		take := min(amt, int64(p.Amount)-p.fulfilled)
		p.fulfilled += take
		amt -= take
	}
}

// decidePromises notes the promises whose date passed unpaid: broken
// promises make the next ones less likely to be meant.
func (s *customerSim) decidePromises(t civil.Date) {
	for i := range s.promises {
		p := &s.promises[i]
		if p.decided || p.Due >= t {
			continue
		}
		p.decided = true
		if p.fulfilled < int64(p.Amount) {
			s.broken = append(s.broken, t)
		}
	}
}
