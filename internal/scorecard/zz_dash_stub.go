package scorecard

// DASH STUB: the contract's Card, Month and the Tables methods
// (notes/contract.md) so the dashboards compile before the habits
// helper's habits*.go and the lead's KPIs.Tables land. Deleted by the
// merge that brings them.

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/export"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// Card is a month's six-habit scorecard.
type Card struct {
	Month string    `json:"month"`
	Reps  []RepCard `json:"reps"`
}

// RepCard is one rep's six habits, weakest first.
type RepCard struct {
	Rep    string  `json:"rep"`
	Name   string  `json:"name"`
	Team   string  `json:"team"`
	Habits []Habit `json:"habits"`
}

// Habit is one habit's figures.
type Habit struct {
	Habit      int       `json:"habit"`
	Code       string    `json:"code"`
	Value      *float64  `json:"value"`
	TeamMedian *float64  `json:"team_median"`
	Score      *int      `json:"score"`
	Finding    string    `json:"finding"`
	Tip        string    `json:"tip"`
	Definition string    `json:"definition"`
	Measures   []Measure `json:"measures"`
}

// Measure is a secondary figure.
type Measure struct {
	Code  string   `json:"code"`
	Label string   `json:"label"`
	Value *float64 `json:"value"`
	Unit  string   `json:"unit"`
}

var codes = []string{"plan_coverage", "gap_coverage", "commitment_scrutiny", "follow_up", "excuse_handling", "negotiation"}

// Month is a stub.
func Month(ctx context.Context, s *store.Store, sc user.Scope, month, today civil.Date, lang string) (Card, error) {
	ts, err := s.Targets(ctx, sc, month)
	if err != nil {
		return Card{}, err
	}
	c := Card{Month: month.String()[:7]}
	for i, t := range ts {
		rc := RepCard{Rep: t.Rep, Name: t.RepName, Team: t.Team}
		for h := range 6 {
			sc := (i*37 + h*23) % 101
			rc.Habits = append(rc.Habits, Habit{Habit: h + 1, Code: codes[h], Value: f(float64(sc) / 100), TeamMedian: f(0.5), Score: &sc, Finding: "finding " + codes[h], Tip: "tip " + codes[h]})
		}
		if i%3 == 0 {
			rc.Habits[5].Score, rc.Habits[5].Value = nil, nil
		}
		sortHabits(rc.Habits)
		c.Reps = append(c.Reps, rc)
	}
	return c, nil
}

func sortHabits(hs []Habit) {
	for i := range hs {
		for j := i + 1; j < len(hs); j++ {
			if less(hs[j], hs[i]) {
				hs[i], hs[j] = hs[j], hs[i]
			}
		}
	}
}

func less(a, b Habit) bool {
	if a.Score == nil || b.Score == nil {
		return a.Score != nil && b.Score == nil
	}
	return *a.Score < *b.Score
}

// Tables is a stub of the lead's KPIs.Tables.
func (k KPIs) Tables(lang string) []export.Table {
	return []export.Table{{Name: "KPIs", Columns: []export.Column{{Name: "from", Kind: export.Date}, {Name: "collected", Kind: export.Money}}, Rows: [][]any{{k.From, k.Collected}}}}
}

// Tables is a stub of the habits helper's Card.Tables.
func (c Card) Tables(lang string) []export.Table {
	t := export.Table{Name: "scorecard " + c.Month, Columns: []export.Column{{Name: "rep"}, {Name: "habit"}, {Name: "score", Kind: export.Int}}}
	for _, r := range c.Reps {
		for _, h := range r.Habits {
			t.Rows = append(t.Rows, []any{r.Rep, h.Code, h.Score})
		}
	}
	return []export.Table{t}
}

func f(x float64) *float64 { return &x }
