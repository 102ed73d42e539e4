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

// Capacities estimates the capacity of every customer sc sees for the
// month beginning on month, from what was known before it.
func Capacities(ctx context.Context, s *store.Store, sc user.Scope, month civil.Date) ([]plan.CapacityInput, []plan.Estimate, error) {
	ins, err := s.PlanInputs(ctx, sc, month)
	if err != nil {
		return nil, nil, err
	}
	es := make([]plan.Estimate, len(ins))
	for i, in := range ins {
		es[i] = plan.Capacity(in, month)
	}
	return ins, es, nil
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
		ins, es, err := Capacities(ctx, s, all, m)
		if err != nil {
			return plan.Backtest{}, err
		}
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
