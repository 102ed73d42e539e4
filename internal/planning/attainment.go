package planning

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/forecast"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// Report is a month's attainment as made on AsOf: each rep's, in rep code
// order, and their sum (the embedded Attainment: the team's or the
// company's).
type Report struct {
	Month string            `json:"month"`
	AsOf  civil.Date        `json:"as_of"`
	Reps  []plan.Attainment `json:"reps"`
	plan.Attainment
}

// Attainment is the attainment report of the month beginning on month for
// the reps sc sees (rep, when not "", narrows it to one), as made today
// (for a month that is over, as made on its last day). Its promised part
// is the month forecast's committed part for the same customers, scored by
// the model forecast.Scorer picks, so the two never disagree.
func Attainment(ctx context.Context, s *store.Store, sc user.Scope, month, today civil.Date, rep string) (Report, error) {
	sc, err := narrow(ctx, s, sc, month, rep)
	if err != nil {
		return Report{}, err
	}
	asOf := forecast.AsOf(month, today)
	r := Report{Month: plan.MonthKey(month), AsOf: asOf}
	ts, err := s.Targets(ctx, sc, month)
	if err != nil {
		return r, err
	}
	byRep := make(map[string]*plan.Attainment, len(ts))
	r.Reps = make([]plan.Attainment, len(ts))
	for i, t := range ts {
		r.Reps[i] = plan.Attainment{Rep: t.Rep, Name: t.RepName, Team: t.Team, Target: t.Amount, TargetSet: t.Set}
		byRep[t.Rep] = &r.Reps[i]
	}
	if asOf >= month {
		if err := addCollected(ctx, s, sc, month, asOf, byRep); err != nil {
			return r, err
		}
		if err := addPromised(ctx, s, sc, month, asOf, today, byRep); err != nil {
			return r, err
		}
	}
	if err := addPlans(ctx, s, sc, month, byRep); err != nil {
		return r, err
	}
	for i := range r.Reps {
		r.Reps[i].Close()
	}
	r.Attainment = plan.Total(r.Reps)
	return r, nil
}

func addCollected(ctx context.Context, s *store.Store, sc user.Scope, month, asOf civil.Date, byRep map[string]*plan.Attainment) error {
	paid, err := s.PaidBetween(ctx, sc, month, asOf)
	if err != nil {
		return err
	}
	for _, p := range paid {
		if a := byRep[p.Rep]; a != nil {
			a.Collected += p.Amount
		}
	}
	return nil
}

// addPromised weighs each rep's open promises due in the rest of the month
// by commitment.CommittedWeighted, the forecast's own sum, over the
// customers with such a promise (the others add nothing to it).
func addPromised(ctx context.Context, s *store.Store, sc user.Scope, month, asOf, today civil.Date, byRep map[string]*plan.Attainment) error {
	hs, err := s.OpenDueHistories(ctx, sc, asOf, month.MonthEnd())
	if err != nil {
		return err
	}
	reps, err := s.CustomerReps(ctx, sc)
	if err != nil {
		return err
	}
	scorer, err := forecast.Scorer(ctx, s, month, today)
	if err != nil {
		return err
	}
	grouped := map[string][]commitment.History{}
	for _, h := range hs {
		grouped[reps[h.Customer]] = append(grouped[reps[h.Customer]], h)
	}
	for rep, hs := range grouped {
		if a := byRep[rep]; a != nil {
			a.PromisedWeighted += commitment.CommittedWeighted(hs, asOf, scorer)
		}
	}
	return nil
}

// addPlans adds what the month's plans asked and committed, and the
// expected amounts of their measures still planned or being done.
func addPlans(ctx context.Context, s *store.Store, sc user.Scope, month civil.Date, byRep map[string]*plan.Attainment) error {
	ps, err := s.Plans(ctx, sc, month, "")
	if err != nil {
		return err
	}
	for _, p := range ps {
		a := byRep[p.Rep]
		if a == nil {
			continue
		}
		a.Planned += p.Asked
		if p.Status == plan.Agreed {
			a.Committed += p.Committed
		}
		for _, m := range p.Measures {
			if m.Status == plan.Planned || m.Status == plan.Doing {
				a.MeasuresExpected += m.Expected
			}
		}
	}
	return nil
}
