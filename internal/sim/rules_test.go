package sim

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/followup"
	"huikuan/internal/money"
)

// golden week 2025: 1–8 October off, Sunday 28 September and Saturday 11
// October worked in exchange (调休).
func goldenWeek() civil.Calendar {
	cal := civil.Calendar{Holidays: map[civil.Date]bool{}, Workdays: map[civil.Date]bool{
		civil.MustParse("2025-09-28"): true, civil.MustParse("2025-10-11"): true,
	}}
	for d := civil.MustParse("2025-10-01"); d <= civil.MustParse("2025-10-08"); d++ {
		cal.Holidays[d] = true
	}
	return cal
}

// TestSimulatorDecidesByTheRules: the outcome the simulated customers
// live by (what counts towards a promise, when it is kept or broken) is
// the one huikuan's commitment rules give the generated documents, for
// the default rules and for grace days over a holiday calendar. Change
// commitment.Rules and the simulator follows.
func TestSimulatorDecidesByTheRules(t *testing.T) {
	for _, rules := range []commitment.Rules{{}, {GraceDays: 2, Calendar: goldenWeek()}} {
		t.Run(fmt.Sprintf("grace %d", rules.GraceDays), func(t *testing.T) {
			co := NewCompany(DefaultWorld(), Options{Size: Size{Reps: 2, Customers: 60, Months: 12}, Seed: 7, Until: civil.MustParse("2026-03-31"), Rules: rules})
			promises := 0
			for i := range co.Customers {
				s := co.newCustomerSim(i)
				for d := co.Options.Start(); d <= co.Options.Until; d++ {
					s.step(d, nil)
				}
				var cs []commitment.Commitment
				var lived []commitment.Outcome
				for k, p := range s.promises {
					cs = append(cs, commitment.Commitment{ID: int64(k), Made: p.Made, Due: p.Due, Amount: p.Amount})
					lived = append(lived, p.Outcome)
				}
				var pays []commitment.Payment
				for _, p := range s.docs.Payments {
					pays = append(pays, commitment.Payment{Date: p.Date, Amount: p.Amount})
				}
				want := rules.Decide(cs, pays, co.Options.Until)
				if diff := cmp.Diff(want, lived, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("customer %s: the simulator's outcomes are not the rules' (-rules +simulator):\n%s", s.cm.Code, diff)
				}
				promises += len(cs)
				for _, c := range s.docs.Calls {
					if !rules.Calendar.IsWorkday(c.Date) {
						t.Errorf("customer %s: a call on %s, not a working day", s.cm.Code, c.Date)
					}
				}
			}
			if promises < 100 {
				t.Errorf("only %d promises: the test proves little", promises)
			}
		})
	}
}

// TestGraceDaysInTheSimulator: a promise due on Tuesday 30 September
// 2025, the eve of the golden week, and paid on Thursday 9 October, the
// next working day, is broken with no grace and kept with a grace of one
// working day on the installation's calendar (but not on a plain Monday
// to Friday one, where the grace ends on 1 October); with a grace of two
// it is kept paid on Friday the 10th, not on Saturday the 11th, a working
// day in exchange. A broken promise is remembered (it makes the
// customer's next promises less likely to be meant); a kept one is not.
func TestGraceDaysInTheSimulator(t *testing.T) {
	due := civil.MustParse("2025-09-30")
	tests := []struct {
		name   string
		rules  commitment.Rules
		paidOn string
		want   commitment.Status
	}{
		{"no grace, 1 working day late", commitment.Rules{Calendar: goldenWeek()}, "2025-10-09", commitment.Broken},
		{"grace 1, 1 working day late", commitment.Rules{GraceDays: 1, Calendar: goldenWeek()}, "2025-10-09", commitment.Kept},
		{"grace 1 on Monday to Friday, 1 working day late by the installation's calendar", commitment.Rules{GraceDays: 1}, "2025-10-09", commitment.Broken},
		{"grace 2, 1 working day late", commitment.Rules{GraceDays: 2, Calendar: goldenWeek()}, "2025-10-09", commitment.Kept},
		{"grace 2, 2 working days late", commitment.Rules{GraceDays: 2, Calendar: goldenWeek()}, "2025-10-10", commitment.Kept},
		{"grace 2, 3 working days late", commitment.Rules{GraceDays: 2, Calendar: goldenWeek()}, "2025-10-11", commitment.Broken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			co := NewCompany(DefaultWorld(), Options{Size: Size{Reps: 1, Customers: 1, Months: 1}, Seed: 1, Until: civil.MustParse("2025-10-31"), Rules: tt.rules})
			s := co.newCustomerSim(0)
			s.promises = []promise{{Promise: Promise{Made: civil.MustParse("2025-09-15"), Due: due, Amount: money.Yuan(5000)},
				Outcome: commitment.Outcome{Status: commitment.Open}}}
			paid := civil.MustParse(tt.paidOn)
			for d := civil.MustParse("2025-09-15"); d <= civil.MustParse("2025-10-31"); d++ {
				if d == paid {
					s.payment(d, int64(money.Yuan(5000)), nil)
				}
				s.decidePromises(d)
			}
			if got := s.promises[0].Status; got != tt.want {
				t.Errorf("status %s, want %s", got, tt.want)
			}
			if broken := len(s.broken) == 1; broken != (tt.want == commitment.Broken) {
				t.Errorf("broken promises remembered %v, want one only if broken", s.broken)
			}
		})
	}
}

// TestSimulatorSeesByThePolicy: what a policy sees of a customer is the
// product's follow-up summary with the installation's due-soon window,
// the collectable invoices due from today to SoonDays ahead; and the huikuan policy, calling
// down the worklist by what is at stake, calls others when the window
// changes.
func TestSimulatorSeesByThePolicy(t *testing.T) {
	co := NewCompany(DefaultWorld(), Options{Size: Size{Reps: 2, Customers: 80, Months: 6}, Seed: 3, Until: civil.MustParse("2026-05-31")})
	today := civil.MustParse("2026-05-20")
	var sims []*customerSim
	for i := range co.Customers {
		s := co.newCustomerSim(i)
		for d := co.Options.Start(); d < today; d++ {
			s.step(d, nil)
		}
		sims = append(sims, s)
	}
	total := map[int]money.Amount{}
	for _, soon := range []int{0, 3, 10} {
		p := followup.DefaultPolicy()
		p.SoonDays = soon
		for _, s := range sims {
			var want money.Amount
			for _, inv := range s.open {
				if inv.due >= today && inv.due <= today.AddDays(soon) {
					want += money.Amount(inv.left - inv.held)
				}
			}
			if got := s.observe(today, p).DueSoon; got != want {
				t.Errorf("due soon within %d days, customer %s: %s, want %s", soon, s.cm.Code, got, want)
			}
			total[soon] += want
		}
	}
	if !(total[0] < total[3] && total[3] < total[10]) {
		t.Errorf("due soon in all: %v; want more the longer the window", total)
	}

	o := SimOptions{Size: Size{Reps: 2, Customers: 150, Months: 6}, Seed: 3, Until: civil.MustParse("2026-05-31"), WarmupMonths: 6, Months: 2, CallsPerRepDay: 10}
	a := Simulate(DefaultWorld(), o, "huikuan", PickHuikuan)
	o.Policy = followup.DefaultPolicy()
	o.Policy.SoonDays = 15
	b := Simulate(DefaultWorld(), o, "huikuan", PickHuikuan)
	t.Logf("due soon within 3 days: %+v; within 15: %+v", a, b)
	if a == b {
		t.Error("the huikuan policy did the same with a due-soon window of 3 days and of 15: the simulator does not read the policy")
	}
}
