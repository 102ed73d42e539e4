package sim

import (
	"cmp"
	"math"
	"os"
	"slices"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/money"
)

// TestPolicyExperiments measures what else was tried against issue 5's
// target (docs/SIMULATOR.md, "What else was tried"): a variant of the
// worklist's ranking, rankings that read what huikuan cannot see, and
// calls without a limit. It asserts nothing and takes a minute, so it
// runs only with HUIKUAN_SIM_EXPERIMENTS=1:
//
//	HUIKUAN_SIM_EXPERIMENTS=1 go test -run TestPolicyExperiments -v ./internal/sim/
func TestPolicyExperiments(t *testing.T) {
	if os.Getenv("HUIKUAN_SIM_EXPERIMENTS") == "" {
		t.Skip("an experiment, not a test: set HUIKUAN_SIM_EXPERIMENTS=1 to run it")
	}
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
	}
	for _, w := range []*World{DefaultWorld(), CashCrunchWorld()} {
		total := make([]money.Amount, len(runs))
		for seed := uint64(1); seed <= 5; seed++ {
			for k, r := range runs {
				o := SimOptions{Size: w.Sizes["simulate"], Seed: seed, Until: civil.MustParse("2026-11-27"), WarmupMonths: w.Sizes["simulate"].Months, Months: 6, CallsPerRepDay: r.capacity}
				total[k] += Simulate(w, o, r.name, r.pick()).Collected
			}
		}
		for k, r := range runs {
			t.Logf("%s: %-46s %s (%+.1f%% against by-amount)", w.Name, r.name, total[k].FormatWan(), 100*(float64(total[k])/float64(total[0])-1))
		}
	}
}

// rankedBy calls down huikuan's worklist with must-call items first and
// the rest ordered by score instead of the expected gain.
func rankedBy(score func(followup.Item, Observed, civil.Date) float64) Picker {
	return func(_ int, today civil.Date, cs []Observed, capacity int) []int {
		p := followup.DefaultPolicy()
		fc := make([]followup.Customer, len(cs))
		at := map[string]int{}
		for i, c := range cs {
			fc[i] = c.Customer
			at[c.Code] = i
		}
		items := p.Worklist(fc, civil.Calendar{}, today)
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
	cadence := float64(s.co.World.Tiers[string(s.cm.Tier)].CadenceDays)
	expected := 30 / cadence * 5 / 7 * 0.6
	chases := 0
	for _, d := range s.chases {
		if t.Sub(d) < 30 {
			chases++
		}
	}
	added := s.inflow * 30 * s.p.ChaseSensitivity / expected * s.co.World.Calls.answerRate()
	if float64(chases)/expected >= 1+1/s.p.ChaseSensitivity {
		added = 0
	}
	return added + math.Min(float64(s.wallet), float64(c.Overdue+c.DueSoon))
}
