package callsheet

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// ExcuseReport is how often each kind of excuse was given in a period and
// what followed, and how each rep met them: the manager's excuse
// analytics, and the scorecard's habit-5 figures.
type ExcuseReport struct {
	From       civil.Date            `json:"from"`
	To         civil.Date            `json:"to"`
	Categories []excuse.CategoryStat `json:"categories"`
	Reps       []excuse.RepStat      `json:"reps"`
}

// Excuses is the excuse report of the customers sc sees, for the excuses
// given from from to to.
func Excuses(ctx context.Context, s *store.Store, sc user.Scope, from, to civil.Date) (ExcuseReport, error) {
	obs, err := s.ExcuseObservations(ctx, sc, from, to)
	if err != nil {
		return ExcuseReport{}, err
	}
	r := ExcuseReport{From: from, To: to}
	r.Categories, r.Reps = excuse.Summarise(obs)
	if r.Categories == nil {
		r.Categories = []excuse.CategoryStat{}
	}
	if r.Reps == nil {
		r.Reps = []excuse.RepStat{}
	}
	return r, nil
}
