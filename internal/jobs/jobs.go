// Package jobs is the daily job of an installation, the one function that
// `huikuan jobs run` and the demo (so `huikuan demo` and `huikuan serve
// --demo`) call: it decides the commitments whose day has come, refits the
// credibility model and rescores the open commitments with it, and refits
// the pay-date model and predicts the open invoices with it.
package jobs

import (
	"context"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/paydate"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// Options changes what a run does beyond the daily steps.
type Options struct {
	// ScoreLoaded gives every commitment loaded in bulk without a
	// credibility (the demo's) the one it had on the day it was made. It
	// fits a model for every month of history, so a daily run leaves it off.
	ScoreLoaded bool
}

// Result is what a run did.
type Result struct {
	Date    civil.Date
	Decided int // commitments whose outcome changed
	// Loaded is how many bulk-loaded commitments were given their
	// credibility as made (with Options.ScoreLoaded).
	Loaded int
	// Scorer is the model refitted; its N is 0 when there were too few
	// settled commitments to learn from and the defaults stay.
	Scorer   commitment.Scorer
	Rescored int // open commitments scored again
	// Capacities is how many customers' capacities for date's month
	// are saved.
	Capacities int
	// PayDates is the pay-date model refitted, and PayScored how many
	// open invoices it predicted.
	PayDates  paydate.Model
	PayScored int
}

// Run runs the daily job as of date, in this order:
//
//  1. decide every commitment as of date: a commitment is decided the day
//     after its deadline, so a run on a day decides all due up to the day
//     before, and date is remembered as the day decisions are made up to;
//  2. refit the credibility model on the commitments settled before date
//     and save it (store.TrainCredibility);
//  3. with o.ScoreLoaded, score the commitments loaded without a
//     credibility as they would have been when made;
//  4. rescore every open commitment with the saved model;
//  5. work out and save every customer's capacity for date's month
//     (planning.Capacities), which the plan pages read all month;
//  6. refit the pay-date model on the invoices settled before date, save
//     it, and predict every open invoice's pay date with it, which the
//     pages, the call sheet, the worklist and the API show
//     (store.RefreshPayDates).
//
// On an error it stops and returns what was done so far with it.
func Run(ctx context.Context, s *store.Store, date civil.Date, o Options) (Result, error) {
	r := Result{Date: date}
	var err error
	if r.Decided, err = s.DecideCommitments(ctx, date); err != nil {
		return r, fmt.Errorf("deciding commitments: %w", err)
	}
	if r.Scorer, err = s.TrainCredibility(ctx, date); err != nil {
		return r, fmt.Errorf("refitting the credibility model: %w", err)
	}
	if o.ScoreLoaded {
		if r.Loaded, err = s.ScoreUnscored(ctx); err != nil {
			return r, fmt.Errorf("scoring loaded commitments: %w", err)
		}
	}
	if r.Rescored, err = s.RescoreOpen(ctx); err != nil {
		return r, fmt.Errorf("rescoring open commitments: %w", err)
	}
	cs, err := planning.Capacities(ctx, s, user.Scope{All: true}, date.MonthStart())
	if err != nil {
		return r, fmt.Errorf("working out the month's capacities: %w", err)
	}
	r.Capacities = len(cs)
	if r.PayDates, r.PayScored, err = s.RefreshPayDates(ctx, date); err != nil {
		return r, fmt.Errorf("refitting the pay-date model and predicting the open invoices: %w", err)
	}
	return r, nil
}
