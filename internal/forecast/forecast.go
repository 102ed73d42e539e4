// Package forecast is the month forecast as every surface shows it — the
// customer list's tile, the /forecast page, GET /api/v1/reports/forecast
// and `huikuan report forecast`: it loads the scope's histories and
// receipts, picks the credibility model by one rule (Scorer) and calls
// commitment.MakeForecast. The surfaces parse, authorise and print; they
// do not choose a model or a scope of their own.
package forecast

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// AsOf is the day a month's forecast is made on when none is asked for:
// today for the running month, the month's last day for a past one.
func AsOf(month, today civil.Date) civil.Date { return min(today, month.MonthEnd()) }

// over reports whether the month is over by today: then its actual is
// known, and its forecast is judged against it.
func over(month, today civil.Date) bool { return month.MonthEnd() < today }

// Scorer is the credibility model a forecast of month (any day of it) is
// scored with, as of today. This is the one rule every surface follows:
//
//   - A month not over by today (the running month, or one ahead) is scored
//     by the scorer the daily job fitted and saved last (store.Scorer):
//     what the installation knows today. It is cheap, which matters as
//     every rep's home page shows this month's forecast.
//   - A month that ended before today is scored by the model the daily job
//     would have fitted on the month's first day: commitment.Train on every
//     commitment of the installation settled before it. Its forecasts are
//     shown against the actual, and a model fitted later would know how the
//     month's promises went and flatter the error.
//
// Either way the model learns from the whole installation, whatever the
// scope of the forecast; the scope chooses only whose commitments and
// receipts are forecast.
func Scorer(ctx context.Context, s *store.Store, month, today civil.Date) (commitment.Scorer, error) {
	if !over(month, today) {
		return s.Scorer(ctx)
	}
	all, err := s.CommitmentHistories(ctx)
	if err != nil {
		return commitment.Scorer{}, err
	}
	if err := ctx.Err(); err != nil {
		return commitment.Scorer{}, err // the caller has gone: no model to fit
	}
	return commitment.Train(all, month.MonthStart()), nil
}

// inputs is what a forecast of sc's customers is made from.
type inputs struct {
	hs    []commitment.History
	daily commitment.Daily
	first civil.Date
	sc    commitment.Scorer
}

func load(ctx context.Context, s *store.Store, sc user.Scope, month, today civil.Date) (inputs, error) {
	var in inputs
	var err error
	if in.hs, err = s.ScopedHistories(ctx, sc); err != nil {
		return in, err
	}
	if in.daily, in.first, err = s.DailyReceipts(ctx, sc); err != nil {
		return in, err
	}
	if in.sc, err = Scorer(ctx, s, month, today); err != nil {
		return in, err
	}
	return in, ctx.Err() // the caller has gone: no forecast to make for it
}

// Month is the forecast of the month containing asOf as made on asOf, of
// the customers sc sees, scored by the model Scorer picks as of today; it
// has the month's actual when the month is over by today.
func Month(ctx context.Context, s *store.Store, sc user.Scope, asOf, today civil.Date) (commitment.Forecast, error) {
	month := asOf.MonthStart()
	in, err := load(ctx, s, sc, month, today)
	if err != nil {
		return commitment.Forecast{}, err
	}
	return commitment.MakeForecast(in.hs, in.daily, in.first, asOf, in.sc, over(month, today)), nil
}

// Days is the forecast of the month containing asOf as made on each of its
// days up to asOf: Month on each day, with one model (the month's). It
// returns ctx's error as soon as ctx is done.
func Days(ctx context.Context, s *store.Store, sc user.Scope, asOf, today civil.Date) ([]commitment.Forecast, error) {
	month := asOf.MonthStart()
	in, err := load(ctx, s, sc, month, today)
	if err != nil {
		return nil, err
	}
	return commitment.EachDay(ctx, in.hs, in.daily, in.first, asOf, in.sc, over(month, today))
}
