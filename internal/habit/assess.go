package habit

import (
	"cmp"
	"slices"
)

// Measure is a secondary figure of a habit as the scorecard shows it.
type Measure struct {
	Code  string   `json:"code"`
	Label string   `json:"label"`
	Value *float64 `json:"value"` // nil: no data
	Unit  string   `json:"unit"`  // share, days, ratio, count or points
}

// Assessment is one habit of one rep's month as the scorecard shows it
// (scorecard.Habit): the indicator, the team's median of it, the score
// against the team, and what it says in words.
type Assessment struct {
	Habit      int       `json:"habit"` // 1–6 in DESIGN.md's order
	Code       string    `json:"code"`
	Value      *float64  `json:"value"` // nil: no data
	TeamMedian *float64  `json:"team_median"`
	Score      *int      `json:"score"` // 0–100 against the team (Score), nil: no data
	Finding    string    `json:"finding"`
	Tip        string    `json:"tip"`
	Definition string    `json:"definition"`
	Measures   []Measure `json:"measures"`

	deficit float64 // how far below the median, for the order
}

// Assess scores every rep of one team: team holds each rep's Sums, and
// the result holds each rep's six assessments (parallel to team), weakest
// first — the lowest score first, a tie going to the habit further below
// its median (as a share of the team's spread), then by habit number; the
// habits without data last, in habit order. The median and the scores of
// a habit are over the reps with data for it. planDays is the cadence's
// PlanDays, for the words of habit 1; lang "en" or Chinese otherwise.
func Assess(team []Sums, planDays int, lang string) [][]Assessment {
	inds := make([][]Indicator, len(team))
	for i, s := range team {
		inds[i] = Indicators(s)
	}
	out := make([][]Assessment, len(team))
	for h := range Codes {
		var vals []float64
		for i := range team {
			if v := inds[i][h].Value; v != nil {
				vals = append(vals, *v)
			}
		}
		med := Median(vals)
		for i, s := range team {
			out[i] = append(out[i], assess(inds[i][h], s, vals, med, planDays, lang))
		}
	}
	for _, as := range out {
		slices.SortStableFunc(as, weakestFirst)
	}
	return out
}

func assess(ind Indicator, s Sums, vals []float64, med *float64, planDays int, lang string) Assessment {
	a := Assessment{Habit: ind.Code.Number(), Code: string(ind.Code), Value: ind.Value, TeamMedian: med,
		Finding: Finding(ind, s, med, planDays, lang), Tip: Tip(ind, med, lang), Definition: ind.Code.Definition(lang)}
	if ind.Value != nil {
		sc := Score(*ind.Value, vals)
		a.Score, a.deficit = &sc, deficit(*ind.Value, vals)
	}
	a.Measures = make([]Measure, len(ind.Figures))
	for k, f := range ind.Figures {
		a.Measures[k] = Measure{Code: f.Code, Label: FigureLabel(f.Code, lang), Value: f.Value, Unit: f.Unit}
	}
	return a
}

func weakestFirst(a, b Assessment) int {
	switch {
	case a.Score == nil && b.Score == nil:
		return cmp.Compare(a.Habit, b.Habit)
	case a.Score == nil:
		return 1
	case b.Score == nil:
		return -1
	}
	return cmp.Or(cmp.Compare(*a.Score, *b.Score), cmp.Compare(b.deficit, a.deficit), cmp.Compare(a.Habit, b.Habit))
}
