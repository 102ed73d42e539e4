package scorecard

import (
	"context"
	"fmt"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/kpi"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// KPIs are the collection KPIs of a period from From to To (inclusive)
// for a scope, with the figures they come from; the definitions are
// pinned in README's "Collection KPIs: the definitions". A ratio is nil
// (null, blank) where its denominator is zero.
type KPIs struct {
	From         civil.Date   `json:"from"`
	To           civil.Date   `json:"to"`
	Days         int          `json:"days"`
	CreditSales  money.Amount `json:"credit_sales"`
	ARBegin      money.Amount `json:"ar_begin"`
	AREnd        money.Amount `json:"ar_end"`
	CurrentAREnd money.Amount `json:"current_ar_end"`
	OverdueAREnd money.Amount `json:"overdue_ar_end"`
	Collected    money.Amount `json:"collected"`
	// Target is the sum of the targets of the months the period touches,
	// of the reps in scope; nil when none is set.
	Target           *money.Amount `json:"target"`
	CollectionRate   kpi.Ratio     `json:"collection_rate"`
	DSO              kpi.Ratio     `json:"dso"`
	DSOCountback     kpi.Ratio     `json:"dso_countback"`
	BPDSO            kpi.Ratio     `json:"bpdso"`
	ADD              kpi.Ratio     `json:"add"`
	CEI              kpi.Ratio     `json:"cei"` // percent, the whole-period form
	OverdueRatio     kpi.Ratio     `json:"overdue_ratio"`
	DaysLateWeighted kpi.Ratio     `json:"days_late_weighted"`
	KeptRateCount    kpi.Ratio     `json:"kept_rate_count"`
	KeptRateAmount   kpi.Ratio     `json:"kept_rate_amount"`
	ReachedRate      kpi.Ratio     `json:"reached_rate"`
	PromiseRate      kpi.Ratio     `json:"promise_rate"`
	// Aging is AR(To) by the installation's aging buckets, disputed parts
	// included (unlike the aging report, which sets them apart).
	Aging []AgingBucket `json:"aging"`
}

// AgingBucket is one aging bucket's part of AR.
type AgingBucket struct {
	Label  string       `json:"label"`
	Amount money.Amount `json:"amount"`
}

// Period returns the KPIs from from to to for the customers sc sees, or
// errs.ErrInvalid for a period that ends before it begins or is longer
// than a report covers.
func Period(ctx context.Context, s *store.Store, sc user.Scope, from, to civil.Date) (KPIs, error) {
	if err := checkPeriod(from, to); err != nil {
		return KPIs{}, err
	}
	ks, err := periods(ctx, s, sc, []store.KPIPeriod{{From: from, To: to}})
	if err != nil {
		return KPIs{}, err
	}
	return ks[0], nil
}

// Trend returns the KPIs of each of the n calendar months ending with
// month's, oldest first; a month not over by today is counted up to today.
func Trend(ctx context.Context, s *store.Store, sc user.Scope, month, today civil.Date, n int) ([]KPIs, error) {
	ps := make([]store.KPIPeriod, n)
	for i := range ps {
		m := month.MonthStart().AddMonths(i - n + 1)
		ps[i] = store.KPIPeriod{From: m, To: min(m.MonthEnd(), max(today, m))}
	}
	return periods(ctx, s, sc, ps)
}

func checkPeriod(from, to civil.Date) error {
	var bad errs.Invalid
	if err := civil.CheckReportSpan(from, to); err != nil {
		bad.AddCode(0, "from", errs.CodeRange, "%v", err)
	}
	return bad.Err()
}

func periods(ctx context.Context, s *store.Store, sc user.Scope, ps []store.KPIPeriod) ([]KPIs, error) {
	bk, err := s.AgingBuckets(ctx)
	if err != nil {
		return nil, err
	}
	sums, err := s.KPISums(ctx, sc, bk, ps...)
	if err != nil {
		return nil, err
	}
	out := make([]KPIs, len(sums))
	for i, sm := range sums {
		out[i] = compute(sm)
		for j, info := range bk.Info() {
			out[i].Aging = append(out[i].Aging, AgingBucket{Label: info.Label, Amount: sm.Closing.Aging[j]})
		}
		if out[i].Target, err = target(ctx, s, sc, sm.From, sm.To); err != nil {
			return nil, err
		}
		if out[i].Target != nil {
			out[i].CollectionRate = kpi.CollectionRate(out[i].Collected, *out[i].Target)
		}
	}
	return out, nil
}

// compute works the KPIs out of a period's sums.
func compute(sm store.KPISums) KPIs {
	days := int(sm.To-sm.From) + 1
	p := kpi.Period{Days: days, Sales: sm.Sales, AR: sm.Closing.AR, CurrentAR: sm.Closing.Current, OpeningAR: sm.Opening.AR}
	k := KPIs{From: sm.From, To: sm.To, Days: days, CreditSales: sm.Sales, ARBegin: sm.Opening.AR, AREnd: sm.Closing.AR,
		CurrentAREnd: sm.Closing.Current, OverdueAREnd: sm.Closing.Overdue.Amount, Collected: sm.Collected,
		DSO: p.DSO(), BPDSO: p.BestDSO(), ADD: p.ADD(), CEI: p.CEI(),
		DSOCountback:     kpi.CountbackDSO(sm.Closing.AR, countback(sm.To, sm.MonthSales)),
		OverdueRatio:     kpi.OverdueRatio(sm.Closing.Overdue.Amount, sm.Closing.AR),
		DaysLateWeighted: sm.Closing.Overdue.Weighted(),
	}
	k.KeptRateCount, k.KeptRateAmount = sm.Kept.Rates()
	k.ReachedRate, k.PromiseRate = kpi.CallRates(sm.Calls, sm.Reached, sm.Promised)
	return k
}

// countback gives each month's sales its days: to's month counts its days
// up to to, the months before all of theirs.
func countback(to civil.Date, sales []money.Amount) []kpi.Month {
	ms := make([]kpi.Month, len(sales))
	for i, s := range sales {
		days := to.Day()
		if i > 0 {
			days = to.MonthStart().AddMonths(-i).MonthEnd().Day()
		}
		ms[i] = kpi.Month{Days: days, Sales: s}
	}
	return ms
}

// target sums the targets set for the reps sc sees in the months from
// from to to touch; nil when none of them has one.
func target(ctx context.Context, s *store.Store, sc user.Scope, from, to civil.Date) (*money.Amount, error) {
	var sum money.Amount
	set := false
	for m := from.MonthStart(); m <= to; m = m.AddMonths(1) {
		ts, err := s.Targets(ctx, sc, m)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if t.Set {
				sum += t.Amount
				set = true
			}
		}
	}
	if !set {
		return nil, nil
	}
	return &sum, nil
}

// Narrow is the part of sc that a report for one rep or one team (at
// most one of them not "") covers: errs.ErrNotFound for a rep or team sc
// does not see, errs.ErrInvalid when both are given.
func Narrow(ctx context.Context, s *store.Store, sc user.Scope, rep, team string, today civil.Date) (user.Scope, error) {
	switch {
	case rep != "" && team != "":
		bad := &errs.Invalid{}
		bad.Add(0, "team", "give a rep or a team, not both")
		return sc, bad
	case rep == "" && team == "":
		return sc, nil
	}
	ts, err := s.Targets(ctx, sc, today.MonthStart())
	if err != nil {
		return sc, err
	}
	if rep != "" {
		if !slices.ContainsFunc(ts, func(t store.Target) bool { return t.Rep == rep }) {
			return sc, fmt.Errorf("rep %q: %w", rep, errs.ErrNotFound)
		}
		return user.Scope{Rep: rep}, nil
	}
	if !slices.ContainsFunc(ts, func(t store.Target) bool { return t.Team == team }) {
		return sc, fmt.Errorf("team %q: %w", team, errs.ErrNotFound)
	}
	return user.Scope{Team: team}, nil
}
