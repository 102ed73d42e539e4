package sim

import (
	"testing"

	"huikuan/internal/civil"
)

// smallSim is a short simulation for tests of the switches: two reps, 150
// customers, three months of habit and two of the policy.
func smallSim(seed uint64) SimOptions {
	return SimOptions{Size: Size{Reps: 2, Customers: 150}, Seed: seed, Until: civil.MustParse("2026-10-31"), WarmupMonths: 3, Months: 2, CallsPerRepDay: 25}
}

// TestSupportPlansSwitch: with support plans on, the reps ask for support
// plans where the credibility model says so, and every one of them is a
// supported promise of the policy months; off, none is asked for and the
// run is the one without the switch (the support kinds draw from a
// stream of their own). The cadence off is the biggest balances first.
func TestSupportPlansSwitch(t *testing.T) {
	w := DefaultWorld()
	o := smallSim(2)
	on := RunHuikuan(w, o, AllFeatures)
	off := RunHuikuan(w, o, AllFeatures.Without("support-plans"))
	if on.SupportAsked == 0 || off.SupportAsked != 0 {
		t.Fatalf("support plans asked: on %d, off %d", on.SupportAsked, off.SupportAsked)
	}
	o.Plans, o.Playbook, o.OpeningAsk = true, true, true
	if plain := Simulate(w, o, "huikuan", PickHuikuan); plain.Collected != off.Collected || plain.CommitmentsMade != off.CommitmentsMade {
		t.Errorf("support plans off collected %v in %d promises, without the switch %v in %d", off.Collected, off.CommitmentsMade, plain.Collected, plain.CommitmentsMade)
	}
	o.SupportPlans = true
	if byAmount, noCadence := Simulate(w, o, "by-amount", PickByAmount), RunHuikuan(w, o, AllFeatures.Without("cadence")); byAmount.Collected != noCadence.Collected || byAmount.Calls != noCadence.Calls {
		t.Errorf("cadence off: %v, by amount %v", noCadence.Collected, byAmount.Collected)
	}
	if on.DSO == nil || *on.DSO <= 0 || on.Target <= 0 || on.TargetCollected <= 0 || on.TargetCollected > on.Collected {
		t.Errorf("DSO %v, target %v, collected in the target months %v of %v", on.DSO, on.Target, on.TargetCollected, on.Collected)
	}
	// Targets are set even where nobody plans, from the same first month.
	if np := RunHuikuan(w, o, AllFeatures.Without("plans")); np.Target <= 0 || np.PlansAgreed != 0 {
		t.Errorf("plans off: target %v, %d plans", np.Target, np.PlansAgreed)
	}
}

// TestHabitTable: the full policy first, then each feature off in turn;
// each row's worth is the full policy's collections less its own.
func TestHabitTable(t *testing.T) {
	rows := HabitTable(DefaultWorld(), smallSim(0), []uint64{1})
	if len(rows) != 1+len(HabitFeatures) || rows[0].Off != "" {
		t.Fatalf("rows %+v", rows)
	}
	for k, r := range rows[1:] {
		if r.Off != HabitFeatures[k] || r.Worth != rows[0].Collected-r.Collected || r.WorthRatio == nil || r.Gap != r.Target-r.TargetCollected {
			t.Errorf("row %d: %+v", k+1, r)
		}
	}
	if rows[4].SupportAsked != 0 || rows[0].SupportAsked == 0 {
		t.Errorf("support asked: in full %d, with support plans off %d", rows[0].SupportAsked, rows[4].SupportAsked)
	}
}
