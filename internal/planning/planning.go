// Package planning is the plans' questions as every surface asks them —
// a month's suggested plans, the backtest of the capacity rule, a month's
// attainment: it loads from the store and calls the rules of package
// plan, so the CLI, the pages and the API show the same figures.
package planning

import (
	"context"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// Capacities are the capacities of every customer sc sees for the month
// beginning on month, from what was known before it, in customer code
// order. A month saved whole is read back (the daily job saves this
// month's); otherwise they are worked out from the documents, and saved
// when they are the whole company's.
func Capacities(ctx context.Context, s *store.Store, sc user.Scope, month civil.Date) ([]store.SavedCapacity, error) {
	month = month.MonthStart()
	saved, ok, err := s.SavedCapacities(ctx, sc, month)
	if ok || err != nil {
		return saved, err
	}
	gen, err := s.CapacityGeneration(ctx)
	if err != nil {
		return nil, err
	}
	ins, err := s.PlanInputs(ctx, sc, month)
	if err != nil {
		return nil, err
	}
	es := estimates(ins, month)
	if sc.All {
		if _, err := s.SaveCapacities(ctx, month, gen, es); err != nil {
			return nil, err
		}
	}
	out := make([]store.SavedCapacity, len(es))
	for i, e := range es {
		out[i] = store.SavedCapacity{Name: ins[i].Name, Estimate: e}
	}
	return out, nil
}

// estimates are plan.Capacity of each input.
func estimates(ins []plan.CapacityInput, month civil.Date) []plan.Estimate {
	es := make([]plan.Estimate, len(ins))
	for i, in := range ins {
		es[i] = plan.Capacity(in, month)
	}
	return es
}

// Backtest scores the capacity rule on the months from from to to (first
// days): each month's capacities from what was known before it, against
// what each customer then paid.
func Backtest(ctx context.Context, s *store.Store, from, to civil.Date) (plan.Backtest, error) {
	if from > to {
		return plan.Backtest{}, fmt.Errorf("planning.Backtest: %s is after %s", from, to)
	}
	var sc plan.Scorer
	all := user.Scope{All: true}
	for m := from.MonthStart(); m <= to; m = m.AddMonths(1) {
		ins, err := s.PlanInputs(ctx, all, m)
		if err != nil {
			return plan.Backtest{}, err
		}
		es := estimates(ins, m)
		paid, err := s.PaidBetween(ctx, all, m, m.MonthEnd())
		if err != nil {
			return plan.Backtest{}, err
		}
		byCustomer := make(map[string]money.Amount, len(paid))
		for _, p := range paid {
			byCustomer[p.Customer] = p.Amount
		}
		sc.Add(ins, es, byCustomer)
	}
	return sc.Result(), nil
}
