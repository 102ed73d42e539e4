package sim

import (
	"cmp"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/money"
)

// BenchmarkPolicyExperiments measures what else was tried against issue
// 5's target (docs/SIMULATOR.md, "What else was tried"): a variant of the
// worklist's ranking, rankings that read what huikuan cannot see, and
// calls without a limit. A benchmark, so that it runs only when asked (5.5
// minutes); it reports the collections, not a speed:
//
//	go test -run X -bench PolicyExperiments -benchtime 1x -v ./internal/sim/
//
// HUIKUAN_SIM_EXPERIMENTS=N (2–4) runs the first N seeds only, for a quick
// look.
func BenchmarkPolicyExperiments(b *testing.B) {
	for b.Loop() {
		policyExperiments(b)
	}
}

func policyExperiments(b *testing.B) {
	type run struct {
		name     string
		pick     func() Picker
		capacity int
	}
	runs := []run{
		{"by-amount", func() Picker { return PickByAmount }, 30},
		{"huikuan", func() Picker { return PickHuikuan }, 30},
		{"huikuan, gain fading with calls in 30 days", func() Picker { return rankedBy(fadingGain) }, 30},
		{"oracle: collectable cash on hand", func() Picker { return rankedBy(cashOnHand) }, 30},
		{"oracle: what a call adds to its share of cash", func() Picker { return rankedBy(shareGain) }, 30},
		{"everyone who owes, every day", func() Picker { return roundRobin() }, 1000},
		{"oracle: each customer's future lived with and without a call today", func() Picker { return rollout(45, 0) }, 30},
		{"oracle: the same, over 4 futures that may happen", func() Picker { return rollout(45, 4) }, 30},
	}
	for _, w := range []*World{DefaultWorld(), CashCrunchWorld()} {
		total := make([]money.Amount, len(runs))
		for seed := uint64(1); seed <= experimentSeeds(); seed++ {
			for k, r := range runs {
				o := SimOptions{Size: w.Sizes["simulate"], Seed: seed, Until: civil.MustParse("2026-11-27"), WarmupMonths: w.Sizes["simulate"].Months, Months: 6, CallsPerRepDay: r.capacity}
				total[k] += Simulate(w, o, r.name, r.pick()).Collected
			}
		}
		for k, r := range runs {
			b.Logf("%s: %-46s %s (%+.1f%% against by-amount)", w.Name, r.name, total[k].FormatWan(), 100*(float64(total[k])/float64(total[0])-1))
		}
	}
}

// experimentSeeds is the seeds to run: 5, or HUIKUAN_SIM_EXPERIMENTS when
// that is a smaller number.
func experimentSeeds() uint64 {
	if n, err := strconv.Atoi(os.Getenv("HUIKUAN_SIM_EXPERIMENTS")); err == nil && n > 1 && n < 5 {
		return uint64(n)
	}
	return 5
}

// rankedBy calls down huikuan's worklist with must-call items first and
// the rest ordered by score instead of the expected gain.
func rankedBy(score func(followup.Item, Observed, civil.Date) float64) Picker {
	return func(d Day, cs []Observed) []int {
		p, today, capacity := d.Policy, d.Today, d.Capacity
		fc := make([]followup.Customer, len(cs))
		at := map[string]int{}
		for i, c := range cs {
			fc[i] = c.Customer
			at[c.Code] = i
		}
		items := p.Worklist(fc, d.Calendar, today)
		scores := map[string]float64{}
		for _, it := range items {
			scores[it.Customer] = score(it, cs[at[it.Customer]], today)
		}
		slices.SortStableFunc(items, func(a, b followup.Item) int {
			switch {
			case a.MustCall != b.MustCall && a.MustCall:
				return -1
			case a.MustCall != b.MustCall:
				return 1
			case a.MustCall:
				return 0
			}
			return cmp.Compare(scores[b.Customer], scores[a.Customer])
		})
		var out []int
		for _, it := range items[:min(capacity, len(items))] {
			out = append(out, at[it.Customer])
		}
		return out
	}
}

// callsLately is how many calls the customer had in the 30 days to t, as
// the call log shows, against what its tier's cadence makes.
func callsLately(c Observed, t civil.Date) float64 {
	n := 0
	calls := c.truth.docs.Calls
	for k := len(calls) - 1; k >= 0 && t.Sub(calls[k].Date) < 30; k-- {
		n++
	}
	interval := float64(followup.DefaultPolicy().Interval[c.Tier])
	return float64(n) / (30 / interval * 5 / 7)
}

// fadingGain is the worklist's gain, fading to nothing as the calls of
// the last 30 days reach 1.5 times the tier's cadence.
func fadingGain(it followup.Item, c Observed, t civil.Date) float64 {
	return float64(it.Gain) * math.Max(0, 1-callsLately(c, t)/1.5)
}

// cashOnHand knows the customer's cash: what it could pay today.
func cashOnHand(it followup.Item, c Observed, t civil.Date) float64 {
	fresh := 1.0
	if c.LastCall != 0 {
		fresh = 1 - math.Exp(-float64(t.Sub(c.LastCall))/float64(followup.DefaultPolicy().Interval[c.Tier]))
	}
	return math.Min(float64(c.truth.wallet), float64(c.Overdue+c.DueSoon)) * fresh
}

// shareGain knows how the customer shares its cash out: the month's cash a
// call adds to this supplier's share, nothing once the share is at its
// cap, and the cash on hand.
func shareGain(it followup.Item, c Observed, t civil.Date) float64 {
	s := c.truth
	chases, expected := s.chasesLately(t)
	added := s.inflow * 30 * s.p.ChaseSensitivity / expected * s.co.World.Calls.answerRate()
	if float64(chases)/expected >= 1+1/s.p.ChaseSensitivity {
		added = 0
	}
	return added + math.Min(float64(s.wallet), float64(c.Overdue+c.DueSoon))
}

// clone copies a customer with everything it will do: its streams too, so
// that the copy lives the same future as the original would, given the
// same calls.
func (s *customerSim) clone() *customerSim {
	c := *s
	rs, as := *s.rngSrc, *s.answerSrc
	c.rngSrc, c.answerSrc = &rs, &as
	c.rng, c.answer = rand.New(c.rngSrc), rand.New(c.answerSrc)
	es, ks := *s.excuseSrc, *s.askSrc
	c.excuseSrc, c.askSrc = &es, &ks
	c.excuseRng, c.askRng = rand.New(c.excuseSrc), rand.New(c.askSrc)
	c.haggles, c.monthly = nil, nil
	c.docs.Invoices = s.docs.Invoices[:len(s.docs.Invoices):len(s.docs.Invoices)]
	c.docs.Payments = s.docs.Payments[:len(s.docs.Payments):len(s.docs.Payments)]
	c.docs.Disputes = slices.Clone(s.docs.Disputes)
	c.docs.Promises = s.docs.Promises[:len(s.docs.Promises):len(s.docs.Promises)]
	c.docs.Calls = s.docs.Calls[:len(s.docs.Calls):len(s.docs.Calls)]
	c.open = slices.Clone(s.open)
	c.chases = slices.Clone(s.chases)
	c.promises = slices.Clone(s.promises)
	c.pays = slices.Clone(s.pays)
	c.scratch = nil
	c.broken = slices.Clone(s.broken)
	c.credits = slices.Clone(s.credits)
	c.disputes = slices.Clone(s.disputes)
	return &c
}

// rolloutValue is what the customer pays in the horizon days from t when
// called today or not, and on its tier's cadence after that.
func rolloutValue(s *customerSim, t civil.Date, callToday bool, horizon int, sample uint64) int64 {
	c := s.clone()
	if sample > 0 { // a future of its own, not the one that will happen
		*c.rngSrc = *rand.NewPCG(uint64(t)<<20^sample, c.rngSrc.Uint64())
		*c.answerSrc = *rand.NewPCG(uint64(t)<<20^sample, c.answerSrc.Uint64()^0xa)
	}
	n := len(c.docs.Payments)
	interval := followup.DefaultPolicy().Interval[c.cm.Tier]
	for d := t; d < t.AddDays(horizon); d++ {
		call := callToday
		if d > t {
			call = d.Sub(c.lastCall) >= interval && c.overdue(d.AddDays(3)) > 0
		}
		c.step(d, &call)
	}
	var sum int64
	for _, p := range c.docs.Payments[n:] {
		sum += int64(p.Amount)
	}
	return sum
}

// rollout calls the customers whose call today adds the most to what they
// pay in the horizon, living each one's future twice: a one-step
// improvement on calling by the cadence, with knowledge of every future.
func rollout(horizon int, samples uint64) Picker {
	return func(d Day, cs []Observed) []int {
		t := d.Today
		return topBy(cs, d.Capacity, func(c Observed) (bool, int64) {
			if c.LastCall >= t {
				return false, 0
			}
			var v int64
			if samples == 0 {
				v = rolloutValue(c.truth, t, true, horizon, 0) - rolloutValue(c.truth, t, false, horizon, 0)
			}
			for k := uint64(1); k <= samples; k++ {
				v += rolloutValue(c.truth, t, true, horizon, k) - rolloutValue(c.truth, t, false, horizon, k)
			}
			return true, v
		})
	}
}
