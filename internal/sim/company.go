package sim

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// Options choose what to generate.
type Options struct {
	Size  Size
	Seed  uint64
	Until civil.Date // the last day of the history
	// Rules are the installation's commitment rules: the customers'
	// promises are decided by them (commitment.Rules.Decide), and its
	// calendar's working days are the days customers pay and reps call.
	// The zero value is huikuan's default: no grace days, Monday to
	// Friday.
	Rules commitment.Rules
	// NoPlans leaves monthly plans out: no capacities, targets, plans or
	// measures (worlds without plans never have them).
	NoPlans bool
	// plansStart, when set, is the first day plans may be made (the
	// simulator's policy months); else the history's start.
	plansStart civil.Date
	// playbook and openingAsk, when set, are the first day the reps meet
	// excuses with the playbook and open with the opening ask (the
	// simulator's policy months with --playbook and --opening-ask on);
	// else never: the demo's reps accept excuses and ask what is overdue.
	playbook, openingAsk civil.Date
	// supportPlans, when set, is the first day the reps ask for a support
	// plan where huikuan's credibility of a promise is below
	// commitment.SupportThreshold (the simulator's policy months with
	// --support-plans on); else never: the demo's reps ask by habit.
	supportPlans civil.Date
	// targetsStart, when set, is the first month capacities are worked
	// out and targets set even where nobody plans (the simulator's
	// policy months, for the gap to target); else as plans.
	targetsStart civil.Date
	// noProfiles leaves the world's habit profiles out (the simulator:
	// its reps have the world's average habits).
	noProfiles bool
}

func (o Options) supportFrom() civil.Date { return cmp.Or(o.supportPlans, civil.Never) }

// targetsFrom is the first day capacities and targets are made.
func (o Options) targetsFrom() civil.Date {
	return min(cmp.Or(o.targetsStart, civil.Never), o.plansFrom())
}

func (o Options) playbookFrom() civil.Date { return cmp.Or(o.playbook, civil.Never) }
func (o Options) askFrom() civil.Date      { return cmp.Or(o.openingAsk, civil.Never) }

// plansFrom is the first day plans are made, civil.Never for none.
func (o Options) plansFrom() civil.Date {
	switch {
	case o.NoPlans:
		return civil.Never
	case o.plansStart != 0:
		return o.plansStart
	}
	return o.Start()
}

// Start returns the first day of the history: the day after the same date
// Size.Months months before Until.
func (o Options) Start() civil.Date { return o.Until.AddMonths(-o.Size.Months).AddDays(1) }

// simStart is the first day simulated: Start, or the burn-in's first day.
func (o Options) simStart() civil.Date { return o.Start().AddMonths(-o.Size.BurnInMonths) }

// RepModel is a rep and how they follow up.
type RepModel struct {
	ledger.Rep
	Diligence float64 // share of the tier cadence actually called, 0–1
	Firmness  float64 // 0 (begs) … 1 (firm, prepared)
	// Weak is the habit the rep is weak in (one of WeakHabits; "" for
	// none), drawn from the world's habit profiles: the world's secret,
	// never loaded into the product — for tests that check the scorecard
	// finds it.
	Weak string
}

// CustomerModel is a customer with the hidden parameters of its behaviour.
type CustomerModel struct {
	ledger.Customer
	Persona    *Persona
	Prepays    bool // pays for each order before it ships
	RepIndex   int
	Region     int
	MonthlyFen float64 // typical monthly purchases, in fen
}

// Company is the generated cast: reps and customers, and the regional
// business cycle by month.
type Company struct {
	World     *World
	Options   Options
	Reps      []RepModel
	Customers []CustomerModel
	economy   [][]float64 // [region][month since start] cash-flow factor
	// scorer is huikuan's credibility model as fitted when the reps
	// started asking for support plans by it; nil before.
	scorer *commitment.Scorer
}

// NewCompany draws the reps and customers of a world, deterministically
// from the seed.
func NewCompany(w *World, o Options) *Company {
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	c := &Company{World: w, Options: o}
	regionIdx := make([]int, o.Size.Reps)
	for i := range o.Size.Reps {
		regionIdx[i] = weightedRegion(rng, w.Regions, float64(i)/float64(max(o.Size.Reps, 1)))
		c.Reps = append(c.Reps, RepModel{
			Rep: ledger.Rep{Code: fmt.Sprintf("R%03d", i+1), Name: personName(rng), Region: w.Regions[regionIdx[i]].Name,
				Team: w.Regions[regionIdx[i]].Name + "组"},
			Diligence: clamp(w.Reps.DiligenceMean+w.Reps.DiligenceSD*rng.NormFloat64(), 0.1, 1),
			Firmness:  clamp(w.Reps.FirmnessMean+w.Reps.FirmnessSD*rng.NormFloat64(), 0, 1),
		})
	}
	if !o.noProfiles {
		assignProfiles(c.Reps, w.Reps.HabitProfiles, rand.New(rand.NewPCG(o.Seed, 0x4ab17)))
	}
	byRegion := map[int][]int{}
	for i, r := range regionIdx {
		byRegion[r] = append(byRegion[r], i)
	}
	for i := range o.Size.Customers {
		c.Customers = append(c.Customers, c.newCustomer(rng, i, byRegion))
	}
	c.economy = regionalCycle(rand.New(rand.NewPCG(o.Seed, 0xec0)), w, o.Size.BurnInMonths+o.Size.Months+1)
	return c
}

// weightedRegion spreads reps over regions by weight: the i-th of n reps
// goes to the region covering position f in the cumulative weights, so
// every region with weight gets reps before any gets two more.
func weightedRegion(rng *rand.Rand, regions []RegionSpec, f float64) int {
	total := 0.0
	for _, r := range regions {
		total += r.Weight
	}
	acc := 0.0
	for i, r := range regions {
		acc += r.Weight / total
		if f < acc {
			return i
		}
	}
	return len(regions) - 1
}

func (c *Company) newCustomer(rng *rand.Rand, i int, repsByRegion map[int][]int) CustomerModel {
	w := c.World
	p := &w.Personas[weightedPersona(rng, w.Personas)]
	tier := weightedTier(rng, p.Tiers)
	ts := w.Tiers[tier]
	// A region that has reps, chosen by weight.
	var region int
	for {
		region = weightedRegion(rng, w.Regions, rng.Float64())
		if len(repsByRegion[region]) > 0 || len(repsByRegion) == 0 {
			break
		}
	}
	repIdx := 0
	if reps := repsByRegion[region]; len(reps) > 0 {
		repIdx = reps[rng.IntN(len(reps))]
	}
	monthly := w.Purchases.MonthlyMedianYuan * 100 * math.Exp(w.Purchases.Sigma*rng.NormFloat64())
	limit := money.Amount(roundTo(monthly*ts.LimitMonths, 1_000_000)) // whole 万
	city := pick(rng, w.Regions[region].Cities)
	cu := CustomerModel{
		Customer: ledger.Customer{
			Code:        fmt.Sprintf("C%05d", i+1),
			Name:        companyName(rng, city),
			Region:      w.Regions[region].Name,
			Tier:        ledger.Tier(tier),
			CreditLimit: limit,
			TermsDays:   pick(rng, ts.TermsDays),
			Contact:     personName(rng),
			Phone:       mobile(rng),
		},
		Persona:    p,
		Prepays:    rng.Float64() < p.PrepayRate,
		RepIndex:   repIdx,
		Region:     region,
		MonthlyFen: monthly,
	}
	if len(c.Reps) > 0 {
		cu.Rep = c.Reps[repIdx].Code
	}
	return cu
}

func weightedPersona(rng *rand.Rand, ps []Persona) int {
	x := rng.Float64()
	for i, p := range ps {
		if x -= p.Share; x < 0 {
			return i
		}
	}
	return len(ps) - 1
}

func weightedTier(rng *rand.Rand, tiers map[string]float64) string {
	keys := make([]string, 0, len(tiers))
	total := 0.0
	for k, v := range tiers {
		keys = append(keys, k)
		total += v
	}
	sort.Strings(keys) // map order must not leak into the result
	x := rng.Float64() * total
	for _, k := range keys {
		if x -= tiers[k]; x < 0 {
			return k
		}
	}
	return keys[len(keys)-1]
}

// regionalCycle draws each region's monthly cash-flow factor.
func regionalCycle(rng *rand.Rand, w *World, months int) [][]float64 {
	out := make([][]float64, len(w.Regions))
	for r := range out {
		out[r] = make([]float64, months)
		x := 0.0
		for m := range months {
			x = w.Economy.Persistence*x + w.Economy.RegionalSigma*rng.NormFloat64()
			out[r][m] = math.Exp(x)
		}
	}
	return out
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// roundTo rounds x to a multiple of unit, at least one unit.
func roundTo(x, unit float64) int64 {
	return int64(math.Max(1, math.Round(x/unit))) * int64(unit)
}
