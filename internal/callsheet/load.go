package callsheet

import (
	"context"
	"errors"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// inputs is what a sheet is made from.
type inputs struct {
	row      store.CustomerRow
	plan     *store.Plan
	repAsked money.Amount    // what the rep's plans of the month ask in all
	calls    []store.CallRow // the latest first
	promises []store.CommitmentRow
	flows    store.MonthFlows // the months' sums and the payment dates that can follow the excuses
	disputes []DisputeLine
	open     []store.InvoiceRow
	playbook excuse.Playbook
}

// haggleCalls is how many of the latest calls are read for the ratio and
// the excuses: enough for six haggles and a year of excuses in practice.
const haggleCalls = 60

func load(ctx context.Context, s *store.Store, sc user.Scope, code string, day civil.Date) (inputs, error) {
	var in inputs
	var err error
	if in.row, err = s.CustomerRow(ctx, code, sc, day); err != nil {
		return in, err
	}
	month := day.MonthStart()
	switch p, err := s.Plan(ctx, sc, month, code); {
	case err == nil:
		in.plan = &p
		if in.repAsked, err = s.PlansAsked(ctx, sc, month, p.Rep); err != nil {
			return in, err
		}
	case !errors.Is(err, errs.ErrNotFound):
		return in, err
	}
	if in.calls, err = s.SheetCalls(ctx, sc, code, day, haggleCalls); err != nil {
		return in, err
	}
	if in.promises, err = s.Commitments(ctx, store.CommitmentFilter{Scope: sc, Customer: code, Limit: 20}); err != nil {
		return in, err
	}
	// The payments that can follow an excuse: from the first excuse (not
	// before the lookback) to FollowDays after the last.
	var payFrom, payTo civil.Date
	if es := excusesOf(in.calls, day); len(es) > 0 {
		payFrom, payTo = max(es[0].Date, day.AddDays(-lookbackDays)), es[len(es)-1].Date.AddDays(excuse.FollowDays)
	}
	if in.flows, err = s.CustomerMonthFlows(ctx, sc, code, day, payFrom, payTo); err != nil {
		return in, err
	}
	ds, err := s.Disputes(ctx, store.DisputeFilter{Scope: sc, Customer: code, AsOf: day})
	if err != nil {
		return in, err
	}
	for _, d := range ds {
		in.disputes = append(in.disputes, DisputeLine{ID: d.ID, Invoice: d.Invoice, Amount: d.Amount, Opened: d.Opened, AgeDays: d.AgeDays, Reason: string(d.Reason), Owner: d.Owner, Note: d.Note})
	}
	if in.open, err = s.Invoices(ctx, store.DocFilter{Scope: sc, Customer: code, OpenOnly: true, Limit: openInvoiceLines}); err != nil {
		return in, err
	}
	if in.playbook, err = s.Playbook(ctx); err != nil {
		return in, err
	}
	return in, nil
}
