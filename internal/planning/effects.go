package planning

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// MeasureEffects works out, as of today, the actual effect of each gap
// measure given (plan.MeasureEffect), by the measure's id: the payments
// of its window against the capacity of its customer for its plan's month.
func MeasureEffects(ctx context.Context, s *store.Store, sc user.Scope, ms []store.MeasureRow, today civil.Date) (map[int64]plan.Effect, error) {
	out := make(map[int64]plan.Effect, len(ms))
	byMonth := map[civil.Date][]string{}
	for _, m := range ms {
		byMonth[m.Month] = append(byMonth[m.Month], m.Customer)
	}
	capacity := map[civil.Date]map[string]plan.Estimate{}
	for month, customers := range byMonth {
		ins, err := s.PlanInputsOf(ctx, sc, month, customers)
		if err != nil {
			return nil, err
		}
		capacity[month] = map[string]plan.Estimate{}
		for _, in := range ins {
			capacity[month][in.Customer] = plan.Capacity(in, month)
		}
	}
	type window struct{ from, to civil.Date }
	paid := map[window]map[string]money.Amount{}
	for _, m := range ms {
		w := window{m.Start, min(m.Due, today)}
		if w.to < w.from {
			out[m.ID] = plan.MeasureEffect(m.Measure, m.Month, 0, 0, today)
			continue
		}
		if paid[w] == nil {
			rows, err := s.PaidBetween(ctx, sc, w.from, w.to)
			if err != nil {
				return nil, err
			}
			paid[w] = map[string]money.Amount{}
			for _, p := range rows {
				paid[w][p.Customer] = p.Amount
			}
		}
		c := capacity[m.Month][m.Customer].Amount
		out[m.ID] = plan.MeasureEffect(m.Measure, m.Month, c, paid[w][m.Customer], today)
	}
	return out, nil
}
