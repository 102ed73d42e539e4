package cli_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/cli"
	"huikuan/internal/scorecard"
	"huikuan/internal/sim"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestScorecardFindsTheDemosWeakHabits: the demo's reps are given a weak
// habit each, or none, by the world's habit profiles (sim.RepModel.Weak,
// the world's secret, never in the database); the six-habit scorecard,
// which knows only the database, names that habit first for at least 70 %
// of the weak reps' months (the last three of the history), all six
// habits alike. The demo is the default world's with two regions, so that
// each team has eight reps to be measured against (two weak in each
// habit, four in none).
func TestScorecardFindsTheDemosWeakHabits(t *testing.T) {
	t.Parallel()
	found, of := weakHabitsFound(t, 1)
	seen, seenOf := 0, 0
	for _, h := range sim.WeakHabits {
		t.Logf("weak in %s: named first in %d of %d rep-months", h, found[h], of[h])
		seen, seenOf = seen+found[h], seenOf+of[h]
	}
	if seenOf == 0 || float64(seen) < 0.7*float64(seenOf) {
		t.Errorf("the scorecard named the weak habit first in %d of %d rep-months, want at least 70 %%", seen, seenOf)
	}
}

// weakHabitsFound builds the test's demo with seed and counts, per weak
// habit, the weak reps' months of the last three (of) and those in which
// the scorecard named that habit first (found).
func weakHabitsFound(t *testing.T, seed uint64) (found, of map[string]int) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, storetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w := sim.DefaultWorld()
	w.Regions = w.Regions[:2]
	w.Regions[0].Weight, w.Regions[1].Weight = 0.5, 0.5
	until := civil.MustParse("2026-09-30")
	o := sim.Options{Size: sim.Size{Reps: 16, Customers: 400, Months: 9}, Seed: seed, Until: until}
	if err := cli.Demo(ctx, s, w, o, nil); err != nil {
		t.Fatal(err)
	}
	weak := map[string]string{}
	for _, r := range sim.NewCompany(w, o).Reps {
		weak[r.Code] = r.Weak
	}
	found, of = map[string]int{}, map[string]int{}
	for m := until.MonthStart().AddMonths(-2); m <= until; m = m.AddMonths(1) {
		card, err := scorecard.Month(ctx, s, user.Scope{All: true}, m, until, "en")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range card.Reps {
			t.Logf("%s %s %s, weak %q:%s", card.Month, r.Team, r.Rep, weak[r.Rep], habitsLine(r))
			if h := weak[r.Rep]; h != "" {
				of[h]++
				if r.Habits[0].Code == h {
					found[h]++
				}
			}
		}
	}
	return found, of
}

// habitsLine is a rep's habits, weakest first, with their scores and
// values, for the log.
func habitsLine(r scorecard.RepCard) string {
	var b strings.Builder
	for _, h := range r.Habits {
		v, sc := "–", "–"
		if h.Value != nil {
			v = fmt.Sprintf("%.3f", *h.Value)
		}
		if h.Score != nil {
			sc = fmt.Sprint(*h.Score)
		}
		fmt.Fprintf(&b, " %s %s (%s)", h.Code, sc, v)
	}
	return b.String()
}
