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

// unseenHabits are the weak habits the scorecard's main indicators do
// not see in the demo, and why: a rep weak in negotiating asks little or
// nothing, and its customers promise no more than they are asked, so
// agreed ÷ asked (habit 6's value) is as high as anyone's or higher; the
// weakness shows in the secondary figures (no_ask_share,
// ask_vs_recommended), which the score does not use. The test checks
// those reps by their no-ask share instead.
var unseenHabits = map[string]bool{sim.WeakNegotiation: true}

// TestScorecardFindsTheDemosWeakHabits: the demo's reps are given a weak
// habit each, or none, by the world's habit profiles (sim.RepModel.Weak,
// the world's secret, never in the database); the six-habit scorecard,
// which knows only the database, names that habit first for at least 70 %
// of the weak reps' months (the last three of the history), and a rep
// weak in negotiating asks nothing more often than anyone in its team.
// The demo is the default world's with two regions, so that each team
// has eight reps to be measured against (two weak in each habit, four in
// none).
func TestScorecardFindsTheDemosWeakHabits(t *testing.T) {
	t.Parallel()
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
	o := sim.Options{Size: sim.Size{Reps: 16, Customers: 400, Months: 9}, Seed: 1, Until: until}
	if err := cli.Demo(ctx, s, w, o, nil); err != nil {
		t.Fatal(err)
	}
	weak := map[string]string{}
	for _, r := range sim.NewCompany(w, o).Reps {
		weak[r.Code] = r.Weak
	}
	found, of := map[string]int{}, map[string]int{}
	for m := until.MonthStart().AddMonths(-2); m <= until; m = m.AddMonths(1) {
		card, err := scorecard.Month(ctx, s, user.Scope{All: true}, m, until, "en")
		if err != nil {
			t.Fatal(err)
		}
		noAsk := map[string]float64{} // the most a rep of the team asked nothing
		for _, r := range card.Reps {
			t.Logf("%s %s %s, weak %q:%s", card.Month, r.Team, r.Rep, weak[r.Rep], habitsLine(r))
			if h := weak[r.Rep]; h != "" {
				of[h]++
				if r.Habits[0].Code == h {
					found[h]++
				}
			}
			if weak[r.Rep] != sim.WeakNegotiation {
				noAsk[r.Team] = max(noAsk[r.Team], noAskShare(r))
			}
		}
		for _, r := range card.Reps {
			if weak[r.Rep] == sim.WeakNegotiation && noAskShare(r) <= noAsk[r.Team] {
				t.Errorf("%s %s, weak in negotiating, asked nothing on %.0f%% of its calls; another of its team on %.0f%%", card.Month, r.Rep, 100*noAskShare(r), 100*noAsk[r.Team])
			}
		}
	}
	seen, seenOf := 0, 0
	for h, n := range of {
		t.Logf("weak in %s: named first in %d of %d rep-months", h, found[h], n)
		if !unseenHabits[h] {
			seen, seenOf = seen+found[h], seenOf+n
		}
	}
	if seenOf == 0 || float64(seen) < 0.7*float64(seenOf) {
		t.Errorf("the scorecard named the weak habit first in %d of %d rep-months, want at least 70 %%", seen, seenOf)
	}
}

// noAskShare is the share of a rep's reached calls without an ask, from
// the negotiation habit's figures (-1 when not known).
func noAskShare(r scorecard.RepCard) float64 {
	for _, h := range r.Habits {
		for _, m := range h.Measures {
			if h.Code == sim.WeakNegotiation && m.Code == "no_ask_share" && m.Value != nil {
				return *m.Value
			}
		}
	}
	return -1
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
