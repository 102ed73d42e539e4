package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
)

// MonthCapacity is a customer's capacity for a month (plan.Capacity, from
// what its ledger showed the evening before), as its rep's target is made
// of.
type MonthCapacity struct {
	Month    civil.Date
	Capacity money.Amount
}

// Plan is a customer's plan for a month as the rep and the customer
// negotiated it: the product's suggestion, what was asked and committed,
// agreed or declined on On, with its milestones, the promises they are
// (indexes into Docs.Promises, parallel to Input.Milestones) and the gap
// measures the rep added.
type Plan struct {
	Month    civil.Date
	On       civil.Date // the day it was agreed or declined
	Capacity money.Amount
	plan.Input
	Promises []int
	Measures []Measure
}

// Measure is a gap measure and where it stood at the end of the history.
type Measure struct {
	plan.Measure
	Status plan.MeasureStatus
}

// Target is a rep's collection target for a month: the rep's customers'
// capacities times the world's stretch.
type Target struct {
	Month  civil.Date
	Rep    string
	Amount money.Amount
}

// Targets adds up the reps' targets from their customers' capacities
// (Docs.Capacities), customer by customer, as the history is generated. A
// manager sets a rep's target at what the rep's customers can pay,
// stretched by the world's StretchRatio: plan.Suggest then raises every
// customer's capacity by the stretch (at most plan.MaxStretch).
type Targets struct {
	stretch float64
	sums    map[civil.Date]map[string]money.Amount
}

// NewTargets starts the targets of a world (none for a world without
// plans).
func NewTargets(w *World) *Targets {
	t := &Targets{sums: map[civil.Date]map[string]money.Amount{}}
	if w.Plans != nil {
		t.stretch = w.Plans.StretchRatio
	}
	return t
}

// Add counts a customer's capacities towards its rep's targets.
func (t *Targets) Add(d Docs) {
	for _, c := range d.Capacities {
		if t.sums[c.Month] == nil {
			t.sums[c.Month] = map[string]money.Amount{}
		}
		t.sums[c.Month][d.Customer.Rep] += c.Capacity
	}
}

// List returns every rep's target for every month capacities were added
// for, by month, then in the order of reps.
func (t *Targets) List(reps []RepModel) []Target {
	months := make([]civil.Date, 0, len(t.sums))
	for m := range t.sums {
		months = append(months, m)
	}
	slices.Sort(months)
	var out []Target
	for _, m := range months {
		for _, r := range reps {
			out = append(out, Target{Month: m, Rep: r.Code, Amount: stretch(t.sums[m][r.Code], t.stretch)})
		}
	}
	return out
}

// stretch is a capacity raised by a target's stretch, to the fen.
func stretch(a money.Amount, by float64) money.Amount {
	return money.Amount(math.Round(float64(a) * by))
}

// planState is what a customer's simulation carries of its plans.
type planState struct {
	planRng   *rand.Rand // the plans' own stream, so that without plans the rest of the story stays put
	plansFrom civil.Date // the first month plans are made in; civil.Never for none
	// targetsFrom is the first month capacities are worked out (for the
	// targets), never after plansFrom.
	targetsFrom civil.Date
	est         plan.Estimate
	planDay     civil.Date // the day the rep plans with the customer this month, 0 for none
	boost       float64    // this month's share of cash raised by an agreed plan and measures
	nextBoost   float64    // next month's purchases and cash raised by measures carried out
}

// planMonth starts a month's planning: measures of last month take
// effect, the customer's capacity is worked out as the product does
// (plan.CapacityInputFromBook, plan.Capacity) and, when something is
// collectable, the rep plans with it — with the chance the rep is
// diligent — on one of the first working days.
func (s *customerSim) planMonth(t civil.Date) {
	s.boost, s.planDay = 0, 0
	if b := s.nextBoost; b > 0 {
		s.inflow *= 1 + b
		s.orderSize *= 1 + b
		s.nextBoost = 0
	}
	spec := s.co.World.Plans
	if spec == nil || t.Day() != 1 || t < s.targetsFrom {
		return
	}
	s.est = plan.Capacity(s.capacityInput(t), t)
	s.docs.Capacities = append(s.docs.Capacities, MonthCapacity{Month: t, Capacity: s.est.Amount})
	chance, first, span := s.rep.Diligence, 0, spec.PlanDays
	if s.weak(WeakPlanCoverage) {
		chance, first, span = chance/2, 3, 10 // few plans, and late
	}
	if t < s.plansFrom || s.est.Due+s.est.Overdue <= 0 || s.planRng.Float64() >= chance {
		return
	}
	cal := s.co.Options.Rules.Calendar
	d := t
	for k := first + s.planRng.IntN(span); ; d++ {
		if cal.IsWorkday(d) {
			if k == 0 {
				break
			}
			k--
		}
	}
	s.planDay = d
}

// capacityInput is what the ledger shows of the customer the evening
// before month: its documents so far, allocated by the ledger's rules,
// and its promises decided by then.
func (s *customerSim) capacityInput(month civil.Date) plan.CapacityInput {
	b := ledger.Book{Invoices: s.docs.Invoices, Payments: s.docs.Payments, Disputes: s.docs.Disputes}
	var kept, decided int
	for _, p := range s.promises {
		if p.Status != commitment.Open && p.DecidedOn != 0 && p.DecidedOn < month {
			decided++
			if p.Status == commitment.Kept {
				kept++
			}
		}
	}
	return plan.CapacityInputFromBook(s.cm.Customer, b, ledger.Allocate(b), kept, decided, month)
}

// suggestion is the product's suggested plan for the customer this month.
// The rep's target is its customers' capacities times the stretch, so
// plan.Suggest raises every one of them by that one factor: the
// customer's suggestion is Suggest's for its own capacity and its share
// of the target.
func (s *customerSim) suggestion() plan.Suggestion {
	share := stretch(s.est.Amount, s.co.World.Plans.StretchRatio)
	return plan.Suggest([]plan.Estimate{s.est}, []string{s.cm.Name}, share)[0]
}

// agreePlan is the rep's talk with the customer about this month's plan:
// asked is the suggestion; the customer declines, or commits to part of
// it in weekly milestones, each a promise; a gap gets a measure as
// diligently as the rep works. It reports whether a plan was talked
// about.
func (s *customerSim) agreePlan(t civil.Date) bool {
	sug := s.suggestion()
	if sug.Suggested <= 0 {
		return false
	}
	p := Plan{Month: t.MonthStart(), On: t, Capacity: s.est.Amount, Input: plan.Input{
		Suggested: sug.Suggested, Basis: sug.Basis, Asked: sug.Suggested, Contact: s.cm.Contact,
	}}
	if s.planRng.Float64() >= s.p.PlanAgreeRate {
		p.Status = plan.Declined
		s.tags(&p, t)
		s.docs.Plans = append(s.docs.Plans, p)
		return true
	}
	share := clamp(s.p.PlanCommitment+0.1*s.planRng.NormFloat64(), 0.2, 1)
	const hundred = 100 * 100
	p.Committed = max(money.Amount(float64(p.Asked)*share)/hundred*hundred, min(p.Asked, hundred))
	p.Status = plan.Agreed
	p.Milestones = s.milestones(t, p.Committed)
	for k, m := range p.Milestones {
		p.Promises = append(p.Promises, s.milestonePromise(t, m, k+1))
	}
	s.boost += s.p.PlanShareBoost
	spec := s.co.World.Plans
	rate := s.rep.Diligence * spec.MeasureRate
	if s.weak(WeakGapCoverage) {
		rate /= 4
	}
	if gap := plan.Gap(p.Asked, p.Committed); gap > 0 && s.planRng.Float64() < rate {
		p.Measures = append(p.Measures, s.measure(t, gap))
	}
	s.tags(&p, t)
	s.docs.Plans = append(s.docs.Plans, p)
	return true
}

// milestones splits committed into weekly steps from a week after t, three
// or four as fit in the month, each on a working day, in whole hundreds of
// yuan with the rest on the last.
func (s *customerSim) milestones(t civil.Date, committed money.Amount) []plan.Milestone {
	cal := s.co.Options.Rules.Calendar
	var dates []civil.Date
	for k := 1; k <= 4; k++ {
		d := t.AddDays(7 * k)
		for !cal.IsWorkday(d) && d > t+1 {
			d--
		}
		if d.MonthStart() != t.MonthStart() || !cal.IsWorkday(d) {
			break
		}
		dates = append(dates, d)
	}
	if len(dates) == 0 {
		dates = []civil.Date{t.MonthEnd()}
	}
	const hundred = 100 * 100
	unit := committed / money.Amount(len(dates)) / hundred * hundred
	if unit == 0 {
		dates, unit = dates[len(dates)-1:], committed
	}
	out := make([]plan.Milestone, len(dates))
	for i, d := range dates {
		out[i] = plan.Milestone{Due: d, Amount: unit}
	}
	out[len(out)-1].Amount = committed - unit*money.Amount(len(out)-1)
	return out
}

// milestonePromise records milestone k of this month's plan as a promise,
// made on t with the plan as its support: whether the customer means it
// is the promise model's (intentLogOdds) with the persona's plan keeping
// on top; it pays a meant one on or a little before its date. It returns
// the promise's index in Docs.Promises.
func (s *customerSim) milestonePromise(t civil.Date, m plan.Milestone, k int) int {
	p := promise{Promise: Promise{Made: t, Due: m.Due, Amount: m.Amount, Contact: s.cm.Contact, Milestone: k,
		Support: fmt.Sprintf("回款计划 %s 第%d步", plan.MonthKey(t), k)}, Outcome: commitment.Outcome{Status: commitment.Open}}
	z := s.intentLogOdds(t, int64(m.Amount), m.Due.Sub(t), true, false) + s.p.PlanKeeping
	p.intends = s.planRng.Float64() < 1/(1+math.Exp(-z))
	p.payOn = max(m.Due.AddDays(-s.planRng.IntN(3)), t.AddDays(1))
	s.promises = append(s.promises, p)
	s.docs.Promises = append(s.docs.Promises, p.Promise)
	return len(s.docs.Promises) - 1
}

// measure is a gap measure the rep adds on t: a kind drawn by the world's
// weights, expected to bring in part of the gap, due within three weeks;
// carried out as diligently as the rep works, when it takes effect.
func (s *customerSim) measure(t civil.Date, gap money.Amount) Measure {
	spec := s.co.World.Plans
	kinds := make([]string, 0, len(spec.Measures))
	total := 0.0
	for k, m := range spec.Measures {
		kinds = append(kinds, k)
		total += m.Weight
	}
	slices.Sort(kinds) // map order must not leak into the result
	x := s.planRng.Float64() * total
	kind := kinds[len(kinds)-1]
	for _, k := range kinds {
		if x -= spec.Measures[k].Weight; x < 0 {
			kind = k
			break
		}
	}
	const hundred = 100 * 100
	lo, spread, done := 0.3, 0.4, s.rep.Diligence
	if s.weak(WeakGapCoverage) {
		lo, spread, done = 0.1, 0.15, done*0.4
	}
	expected := max(money.Amount(float64(gap)*(lo+spread*s.planRng.Float64()))/hundred*hundred, hundred)
	m := Measure{Measure: plan.Measure{Kind: plan.MeasureKind(kind), Expected: expected, Owner: s.rep.Name, Start: t,
		Due: min(t.AddDays(7+s.planRng.IntN(14)), t.MonthEnd()), Note: measureNotes[plan.MeasureKind(kind)]}}
	if kind == string(plan.Incentive) || kind == string(plan.DownstreamPromotion) {
		m.Cost = expected / 20 / 100 * 100 // a rebate or a promotion costs about 5 %
	}
	carried, until := s.planRng.Float64() < done, s.co.Options.Until
	switch {
	case carried && m.Due <= until:
		m.Status = plan.Done
	case carried:
		m.Status = plan.Doing
	case m.Due <= until:
		m.Status = plan.Dropped
	default:
		m.Status = plan.Planned
	}
	if carried {
		s.boost += spec.Measures[kind].ShareBoost
		s.nextBoost += spec.Measures[kind].NextMonth
	}
	return m
}

// measureNotes say what a rep writes of each kind of measure.
var measureNotes = map[plan.MeasureKind]string{
	plan.PotentialAnalysis:   "与客户分析下游回款潜力",
	plan.Incentive:           "按期回款返利",
	plan.DownstreamPromotion: "协助下游门店促销",
	plan.NewOutlets:          "协助开发新网点",
	plan.PromoterTraining:    "培训客户促销员",
	plan.OtherMeasure:        "其他措施",
}

// tags writes the customer's difficulties and advantages as a rep would
// note them: a difficulty when it commits less than asked (by persona),
// an advantage in a strong month.
func (s *customerSim) tags(p *Plan, t civil.Date) {
	if p.Committed < p.Asked {
		var choice []string
		switch s.p.Name {
		case "cash_strapped":
			choice = []string{"资金被占用", "下游回款慢"}
		case "excuse_maker":
			choice = []string{"老板不在", "下游回款慢", "对账不符"}
		default:
			choice = []string{"下游回款慢", "库存积压", "淡季"}
		}
		p.DifficultyTags = []string{pick(s.planRng, choice)}
	}
	_, mon, _ := t.YMD()
	if s.co.World.Purchases.Seasonality[mon-1] >= 1.1 {
		p.AdvantageTags = []string{"旺季"}
	} else if s.p.Name == "reliable" {
		p.AdvantageTags = []string{"销售增长"}
	}
	p.Difficulties = strings.Join(p.DifficultyTags, "，")
	p.Advantages = strings.Join(p.AdvantageTags, "，")
	p.Input = plan.Normalize(p.Input)
}
