package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"huikuan/internal/sim"
	"huikuan/internal/store/storetest"
)

// TestSimulateHabits: simulate --support-plans is on by default for the
// huikuan policy and off for the baselines; --habits gives the full
// policy and each feature off, in the order of sim.HabitFeatures, with
// what each is worth; the switches --habits sets itself, --cadence with a
// baseline and --seeds 0 are refused.
func TestSimulateHabits(t *testing.T) {
	t.Parallel()
	db := storetest.SQLiteURL(t)
	base := []string{"simulate", "--months", "1", "--seed", "3", "--until", "2026-06-30", "--format", "json"}
	for _, c := range []struct {
		args    []string
		support bool
	}{
		{[]string{"--policy", "huikuan"}, true},
		{[]string{"--policy", "huikuan", "--support-plans", "off"}, false},
		{[]string{"--policy", "by-amount"}, false},
	} {
		var r sim.SimResult
		if err := json.Unmarshal([]byte(mustRun(t, db, append(base, c.args...)...)), &r); err != nil {
			t.Fatal(err)
		}
		if (r.SupportAsked > 0) != c.support || r.DSO == nil {
			t.Errorf("simulate %v: %d support plans asked for, DSO %v", c.args, r.SupportAsked, r.DSO)
		}
	}
	var rows []sim.HabitRow
	if err := json.Unmarshal([]byte(mustRun(t, db, append(base, "--habits")...)), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(sim.HabitFeatures) || rows[0].Off != "" || rows[0].Worth != 0 {
		t.Fatalf("--habits: %+v", rows)
	}
	for k, r := range rows[1:] {
		if r.Off != sim.HabitFeatures[k] || r.Worth != rows[0].Collected-r.Collected || r.Seeds != 1 {
			t.Errorf("--habits row %d: %+v", k+1, r)
		}
	}
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"--habits", "--plans", "off"}, "leave out --plans"},
		{[]string{"--policy", "by-amount", "--cadence", "off"}, "huikuan policy only"},
		{[]string{"--habits", "--seeds", "0"}, "--seeds 1 to 100"},
		{[]string{"--support-plans", "sometimes"}, "--support-plans must be on or off"},
	} {
		if res := run(t, db, append([]string{"simulate"}, c.args...)...); res.code != 2 || !strings.Contains(res.stderr, c.err) {
			t.Errorf("simulate %v: exit %d %q", c.args, res.code, res.stderr)
		}
	}
}
