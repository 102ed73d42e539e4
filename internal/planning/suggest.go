package planning

import (
	"context"
	"fmt"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// Suggestions are the suggested plans for the month beginning on month of
// every customer sc sees (rep, when not "", narrows it to one rep's), in
// customer code order: each rep's target split over the rep's customers
// by plan.Suggest. A rep outside sc is errs.ErrNotFound.
func Suggestions(ctx context.Context, s *store.Store, sc user.Scope, month civil.Date, rep string) ([]plan.Suggestion, error) {
	sc, err := narrow(ctx, s, sc, month, rep)
	if err != nil {
		return nil, err
	}
	cs, err := Capacities(ctx, s, sc, month)
	if err != nil {
		return nil, err
	}
	ts, err := s.Targets(ctx, sc, month)
	if err != nil {
		return nil, err
	}
	targets := map[string]money.Amount{}
	for _, t := range ts {
		targets[t.Rep] = t.Amount
	}
	byRep := map[string][]int{}
	var reps []string
	for i, c := range cs {
		if byRep[c.Rep] == nil {
			reps = append(reps, c.Rep)
		}
		byRep[c.Rep] = append(byRep[c.Rep], i)
	}
	out := make([]plan.Suggestion, len(cs))
	for _, r := range reps {
		idx := byRep[r]
		repEs, names := make([]plan.Estimate, len(idx)), make([]string, len(idx))
		for j, i := range idx {
			repEs[j], names[j] = cs[i].Estimate, cs[i].Name
		}
		for j, sg := range plan.Suggest(repEs, names, targets[r]) {
			out[idx[j]] = sg
		}
	}
	return out, nil
}

// narrow is sc cut down to one rep's customers when rep is given, or
// errs.ErrNotFound for a rep sc does not see.
func narrow(ctx context.Context, s *store.Store, sc user.Scope, month civil.Date, rep string) (user.Scope, error) {
	if rep == "" {
		return sc, nil
	}
	ts, err := s.Targets(ctx, sc, month)
	if err != nil {
		return sc, err
	}
	if !slices.ContainsFunc(ts, func(t store.Target) bool { return t.Rep == rep }) {
		return sc, fmt.Errorf("rep %q: %w", rep, errs.ErrNotFound)
	}
	return user.Scope{Rep: rep}, nil
}

// Suggestion is the suggested plan of one customer sc sees for the month
// (as Suggestions gives it for the customer's rep), or errs.ErrNotFound.
func Suggestion(ctx context.Context, s *store.Store, sc user.Scope, month civil.Date, customer string) (plan.Suggestion, error) {
	rep, err := s.CustomerRep(ctx, sc, customer)
	if err != nil {
		return plan.Suggestion{}, err
	}
	sgs, err := Suggestions(ctx, s, user.Scope{Rep: rep}, month, "")
	if err != nil {
		return plan.Suggestion{}, err
	}
	for _, sg := range sgs {
		if sg.Customer == customer {
			return sg, nil
		}
	}
	return plan.Suggestion{}, fmt.Errorf("customer %q: %w", customer, errs.ErrNotFound)
}

// SavePlan saves a customer's plan for the month (store.SavePlan) with
// the suggestion and its basis as Suggestion makes them today, so that
// every surface records the same figures.
func SavePlan(ctx context.Context, s *store.Store, actor store.Actor, sc user.Scope, month civil.Date, customer string, in store.PlanInput, today civil.Date) (store.Plan, error) {
	sg, err := Suggestion(ctx, s, sc, month, customer)
	if err != nil {
		return store.Plan{}, err
	}
	in.Suggested, in.Basis = sg.Suggested, sg.Basis
	return s.SavePlan(ctx, actor, sc, month, customer, in, today)
}
