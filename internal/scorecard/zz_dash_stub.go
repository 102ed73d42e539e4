package scorecard

// DASH STUB: the contract's types and functions (notes/contract.md) so the
// dashboards compile before the lead's kpis.go/trend.go and the habits
// helper's habits*.go land. Deleted by the merge that brings them.

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/export"
	"huikuan/internal/kpi"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// AgingBucket is AR(T) in one aging bucket.
type AgingBucket struct {
	Label  string       `json:"label"`
	Amount money.Amount `json:"amount"`
}

// KPIs are a period's KPIs for a scope.
type KPIs struct {
	From         civil.Date    `json:"from"`
	To           civil.Date    `json:"to"`
	CreditSales  money.Amount  `json:"credit_sales"`
	ARBegin      money.Amount  `json:"ar_begin"`
	AREnd        money.Amount  `json:"ar_end"`
	CurrentAREnd money.Amount  `json:"current_ar_end"`
	OverdueAREnd money.Amount  `json:"overdue_ar_end"`
	Collected    money.Amount  `json:"collected"`
	Target       *money.Amount `json:"target"`

	CollectionRate   kpi.Ratio `json:"collection_rate"`
	DSO              kpi.Ratio `json:"dso"`
	DSOCountback     kpi.Ratio `json:"dso_countback"`
	BPDSO            kpi.Ratio `json:"bpdso"`
	ADD              kpi.Ratio `json:"add"`
	CEI              kpi.Ratio `json:"cei"`
	OverdueRatio     kpi.Ratio `json:"overdue_ratio"`
	DaysLateWeighted kpi.Ratio `json:"days_late_weighted"`
	KeptRateCount    kpi.Ratio `json:"kept_rate_count"`
	KeptRateAmount   kpi.Ratio `json:"kept_rate_amount"`
	ReachedRate      kpi.Ratio `json:"reached_rate"`
	PromiseRate      kpi.Ratio `json:"promise_rate"`

	Aging []AgingBucket `json:"aging"`
}

func f(x float64) *float64 { return &x }

// Period is a stub with made-up figures.
func Period(ctx context.Context, s *store.Store, sc user.Scope, from, to civil.Date) (KPIs, error) {
	n := int64(from.MonthStart().AddMonths(0)) % 7
	return KPIs{From: from, To: to, CreditSales: money.Yuan(100000 + 1000*n), Collected: money.Yuan(90000 + 3000*n),
		AREnd: money.Yuan(150000), DSO: f(30 + float64(n)), BPDSO: f(12), DSOCountback: f(28 + float64(n)), CEI: f(70 + float64(n)),
		KeptRateCount: f(0.5 + float64(n)/20), KeptRateAmount: f(0.6), Aging: []AgingBucket{{"0", money.Yuan(50000)}, {"1-30", money.Yuan(60000 + 1000*n)}, {"31-60", money.Yuan(40000)}}}, nil
}

// Trend is a stub over Period.
func Trend(ctx context.Context, s *store.Store, sc user.Scope, month, today civil.Date, n int) ([]KPIs, error) {
	var out []KPIs
	for m := month.MonthStart().AddMonths(1 - n); m <= month.MonthStart(); m = m.AddMonths(1) {
		to := min(m.MonthEnd(), today)
		k, _ := Period(ctx, s, sc, m, to)
		out = append(out, k)
	}
	return out, nil
}

// Narrow is a stub.
func Narrow(ctx context.Context, s *store.Store, sc user.Scope, rep, team string) (user.Scope, error) {
	switch {
	case rep != "":
		if sc.Rep != "" && sc.Rep != rep {
			return sc, errs.ErrForbidden
		}
		return user.Scope{Rep: rep}, nil
	case team != "":
		if !sc.All && sc.Team != team {
			return sc, errs.ErrForbidden
		}
		return user.Scope{Team: team}, nil
	}
	return sc, nil
}

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
