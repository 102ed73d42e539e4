package sim

import (
	"math"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
)

// decided counts a customer's promises decided by the rules before month,
// as the store counts them for the capacity's kept-promise record.
func decided(d Docs, until, month civil.Date) (kept, n int) {
	var cs []commitment.Commitment
	for k, p := range d.Promises {
		cs = append(cs, commitment.Commitment{ID: int64(k), Made: p.Made, Due: p.Due, Amount: p.Amount})
	}
	var pays []commitment.Payment
	for _, p := range d.Payments {
		pays = append(pays, commitment.Payment{Date: p.Date, Amount: p.Amount})
	}
	for _, o := range (commitment.Rules{}).Decide(cs, pays, until) {
		if o.Status != commitment.Open && o.DecidedOn < month {
			n++
			if o.Status == commitment.Kept {
				kept++
			}
		}
	}
	return kept, n
}

// TestPlansUseTheProductsRules: every plan the demo world's reps agree or
// decline rests on the product's rules — the capacity is plan.Capacity of
// plan.CapacityInputFromBook over the customer's final ledger (which knows
// only what came before the month), the amount asked is plan.Suggest's
// for the rep's target, and an agreed plan passes plan.CheckPlan on the
// day it was agreed, its milestones the promises recorded that day with
// the plan as their support. A stretch of the targets changes what is
// asked.
func TestPlansUseTheProductsRules(t *testing.T) {
	w := DefaultWorld()
	co, docs := simulate(t, w, Size{Reps: 4, Customers: 120, Months: 12}, 2)
	until := co.Options.Until
	var agreed, declined, measures int
	asked := map[string]money.Amount{}
	for i, d := range docs {
		b := ledger.Book{Invoices: d.Invoices, Payments: d.Payments, Disputes: d.Disputes}
		a := ledger.Allocate(b)
		if len(d.Capacities) == 0 {
			t.Fatalf("%s: no capacities", d.Customer.Code)
		}
		for _, p := range d.Plans {
			kept, n := decided(d, until, p.Month)
			est := plan.Capacity(plan.CapacityInputFromBook(co.Customers[i].Customer, b, a, kept, n, p.Month), p.Month)
			sug := plan.Suggest([]plan.Estimate{est}, []string{d.Customer.Name}, stretch(est.Amount, w.Plans.StretchRatio))[0]
			if p.Capacity != est.Amount || p.Suggested != sug.Suggested || p.Basis != sug.Basis || p.Asked != sug.Suggested {
				t.Fatalf("%s %s: capacity %v suggested %v asked %v (%s); the product's rules give %v, %v (%s)",
					d.Customer.Code, plan.MonthKey(p.Month), p.Capacity, p.Suggested, p.Asked, p.Basis, est.Amount, sug.Suggested, sug.Basis)
			}
			asked[d.Customer.Code+plan.MonthKey(p.Month)] = p.Asked
			measures += len(p.Measures)
			if p.Status == plan.Declined {
				declined++
				continue
			}
			agreed++
			if err := plan.CheckPlan(p.Input, p.Month, p.On); err != nil {
				t.Fatalf("%s %s: %v", d.Customer.Code, plan.MonthKey(p.Month), err)
			}
			if n := len(p.Milestones); n < 1 || n > 4 || len(p.Promises) != n {
				t.Fatalf("%s %s: %d milestones, %d promises", d.Customer.Code, plan.MonthKey(p.Month), n, len(p.Promises))
			}
			for k, m := range p.Milestones {
				pr := d.Promises[p.Promises[k]]
				if pr.Made != p.On || pr.Due != m.Due || pr.Amount != m.Amount || pr.Milestone != k+1 || !pr.Supported() {
					t.Fatalf("%s %s milestone %d %+v: promise %+v", d.Customer.Code, plan.MonthKey(p.Month), k+1, m, pr)
				}
			}
		}
	}
	t.Logf("%d plans agreed, %d declined, %d measures", agreed, declined, measures)
	if agreed < 200 || declined == 0 || measures == 0 {
		t.Errorf("%d plans agreed, %d declined, %d measures: want plenty of each", agreed, declined, measures)
	}
	// A bigger stretch: the same customers are asked for more.
	w2 := DefaultWorld()
	w2.Plans.StretchRatio = 1.4
	_, docs2 := simulate(t, w2, Size{Reps: 4, Customers: 120, Months: 12}, 2)
	more, same := 0, 0
	for _, d := range docs2 {
		for _, p := range d.Plans {
			if a, ok := asked[d.Customer.Code+plan.MonthKey(p.Month)]; ok {
				switch {
				case p.Asked > a:
					more++
				case p.Asked == a && a > 0:
					same++
				}
			}
		}
	}
	if more == 0 || same > more/10 {
		t.Errorf("with targets stretched 1.4 instead of 1.1: %d plans ask more, %d the same", more, same)
	}
}

// TestMilestonesAreKeptByPersona: the plans' milestones are promises the
// rules decide like any other, kept as the customers' plan keeping says:
// reliable customers keep far more of them than excuse makers.
func TestMilestonesAreKeptByPersona(t *testing.T) {
	co, docs := simulate(t, DefaultWorld(), Size{Reps: 8, Customers: 300, Months: 12}, 4)
	type tally struct{ n, kept int }
	by := map[string]*tally{}
	for i, d := range docs {
		var cs []commitment.Commitment
		for k, p := range d.Promises {
			cs = append(cs, commitment.Commitment{ID: int64(k), Made: p.Made, Due: p.Due, Amount: p.Amount})
		}
		var pays []commitment.Payment
		for _, p := range d.Payments {
			pays = append(pays, commitment.Payment{Date: p.Date, Amount: p.Amount})
		}
		name := co.Customers[i].Persona.Name
		if by[name] == nil {
			by[name] = &tally{}
		}
		for k, o := range (commitment.Rules{}).Decide(cs, pays, co.Options.Until) {
			if d.Promises[k].Milestone == 0 || o.Status == commitment.Open {
				continue
			}
			by[name].n++
			if o.Status == commitment.Kept {
				by[name].kept++
			}
		}
	}
	rate := func(x *tally) float64 { return float64(x.kept) / float64(max(x.n, 1)) }
	for name, x := range by {
		t.Logf("%-14s %5d milestones decided, kept %.2f", name, x.n, rate(x))
	}
	if r, e := rate(by["reliable"]), rate(by["excuse_maker"]); by["excuse_maker"].n < 50 || !(r > e+0.3) {
		t.Errorf("milestones kept: reliable %.2f, excuse makers %.2f (%d): want a clear difference", r, e, by["excuse_maker"].n)
	}
}

// TestPlansOff: without plans nobody plans — no capacities, plans,
// measures or milestones in the history, and none in the simulator.
func TestPlansOff(t *testing.T) {
	co := NewCompany(DefaultWorld(), Options{Size: Size{Reps: 2, Customers: 40, Months: 8}, Seed: 1, Until: civil.MustParse("2026-11-27"), NoPlans: true})
	for i := range co.Customers {
		d := co.simulateCustomer(i)
		if len(d.Plans) > 0 || len(d.Capacities) > 0 {
			t.Fatalf("%s: %d plans, %d capacities with plans off", d.Customer.Code, len(d.Plans), len(d.Capacities))
		}
		for _, p := range d.Promises {
			if p.Milestone > 0 {
				t.Fatalf("%s: a milestone with plans off", d.Customer.Code)
			}
		}
	}
	w := DefaultWorld()
	o := SimOptions{Size: Size{Reps: 2, Customers: 60}, Seed: 1, Until: civil.MustParse("2026-11-27"), WarmupMonths: 3, Months: 2, CallsPerRepDay: 10}
	if r := Simulate(w, o, "huikuan", PickHuikuan); r.Plans || r.PlansAgreed+r.PlansDeclined+r.Measures > 0 {
		t.Errorf("simulate without plans: %+v", r)
	}
	o.Plans = true
	if r := Simulate(w, o, "huikuan", PickHuikuan); !r.Plans || r.PlansAgreed == 0 {
		t.Errorf("simulate with plans: %+v", r)
	}
}

// TestPlansValue runs the simulator with and without plans on seeds 1–5
// of both worlds (huikuan's worklist, six months, 30 calls a rep a day):
// the difference plans make, written down in docs/SIMULATOR.md. Plans must
// bring in more on each world.
func TestPlansValue(t *testing.T) {
	for _, w := range []*World{DefaultWorld(), CashCrunchWorld()} {
		total := map[bool]money.Amount{}
		kept := map[bool]float64{}
		for seed := uint64(1); seed <= 5; seed++ {
			for _, on := range []bool{false, true} {
				o := SimOptions{Size: w.Sizes["simulate"], Seed: seed, Until: civil.MustParse("2026-11-27"), WarmupMonths: w.Sizes["simulate"].Months, Months: 6, CallsPerRepDay: 30, Plans: on}
				r := Simulate(w, o, "huikuan", PickHuikuan)
				total[on] += r.Collected
				kept[on] += r.KeptRate / 5
				if on {
					t.Logf("%s seed %d: %d plans agreed, %d declined, %d measures", w.Name, seed, r.PlansAgreed, r.PlansDeclined, r.Measures)
				}
			}
		}
		gain := float64(total[true])/float64(total[false]) - 1
		t.Logf("%s, seeds 1–5: plans off %s (kept %.0f%%), on %s (kept %.0f%%): %+.1f%%", w.Name, total[false].FormatWan(), 100*kept[false], total[true].FormatWan(), 100*kept[true], 100*gain)
		if gain <= 0 {
			t.Errorf("%s: plans on collected %s, off %s", w.Name, total[true].FormatWan(), total[false].FormatWan())
		}
	}
}

// TestMeasureEffects: a gap measure carried out takes effect — a downstream
// promotion raises next month's purchases and cash by the world's
// next_month, an incentive this month's share of cash by its share_boost.
func TestMeasureEffects(t *testing.T) {
	w := DefaultWorld()
	co := NewCompany(w, Options{Size: Size{Reps: 1, Customers: 1, Months: 3}, Seed: 1, Until: civil.MustParse("2026-11-27")})
	s := co.newCustomerSim(0)
	s.rep.Diligence = 1 // carries every measure out
	june := civil.MustParse("2026-06-01")
	s.newMonth(june, 0)
	inflow, order := s.inflow, s.orderSize
	s.nextBoost = w.Plans.Measures["downstream_promotion"].NextMonth
	s.planMonth(june)
	if want := 1 + w.Plans.Measures["downstream_promotion"].NextMonth; math.Abs(s.inflow/inflow-want) > 1e-9 || math.Abs(s.orderSize/order-want) > 1e-9 {
		t.Errorf("after a downstream promotion: cash × %.3f, orders × %.3f; want × %.3f", s.inflow/inflow, s.orderSize/order, want)
	}
	w.Plans.Measures = map[string]MeasureSpec{"incentive": {Weight: 1, ShareBoost: 0.1}}
	s.boost = 0
	m := s.measure(june.AddDays(3), money.Yuan(10000))
	if m.Kind != plan.Incentive || m.Status != plan.Done || s.boost != 0.1 {
		t.Errorf("an incentive carried out: %+v, share raised by %.2f; want done and 0.1", m, s.boost)
	}
	if err := plan.CheckMeasure(m.Measure); err != nil {
		t.Error(err)
	}
}
