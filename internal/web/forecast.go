package web

import (
	"fmt"
	"net/http"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/forecast"
	"huikuan/internal/money"
)

// ForecastPage shows a month's forecast as it was made on each day,
// against what came in: how far the forecast can be trusted, and for the
// running month how it moves.
type ForecastPage struct {
	Base
	Month, Prev, Next string // YYYY-MM
	Days              []ForecastDay
	Actual            *money.Amount
}

// ForecastDay is the forecast made on one day, with bars scaled to the
// largest figure shown.
type ForecastDay struct {
	commitment.Forecast
	ReceivedPct, ForecastPct int
	Off                      string // against the actual, when the month is over
}

func (s *Server) forecastPage(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	today := s.today()
	start := today.MonthStart()
	if m := r.URL.Query().Get("month"); m != "" {
		d, err := civil.Parse(m + "-01")
		if err == nil {
			err = civil.CheckReportDate(d)
		}
		if err != nil || d > start {
			return &invalidParam{"month", fmt.Sprintf("%q is not a month up to this one, YYYY-MM", m)}
		}
		start = d
	}
	// The forecasts depend on the scope, the month and the day they are
	// made up to; the model is the month's (forecast.Scorer), the same for
	// every scope.
	asOf := forecast.AsOf(start, today)
	key := fmt.Sprintf("days %+v %s %s", v.Scope(), start, asOf)
	days, ok := s.forecasts.get(key, s.cfg.Now())
	if !ok {
		fs, err := forecast.Days(r.Context(), s.store, v.Scope(), asOf, today)
		if err != nil {
			return err
		}
		days = fs
		s.forecasts.put(key, fs, s.cfg.Now())
	}
	fs := days.([]commitment.Forecast)
	p := ForecastPage{Base: s.base(r, "forecast"), Month: start.String()[:7], Prev: start.AddMonths(-1).String()[:7]}
	p.ActiveNav = "forecast"
	if start < today.MonthStart() {
		p.Next = start.AddMonths(1).String()[:7]
	}
	top := money.Amount(1)
	for _, f := range fs {
		top = max(top, f.Forecast, f.Received)
		if f.Actual != nil {
			top = max(top, *f.Actual)
			p.Actual = f.Actual
		}
	}
	for _, f := range fs {
		p.Days = append(p.Days, ForecastDay{Forecast: f, ReceivedPct: int(100 * f.Received / top), ForecastPct: int(100 * f.Forecast / top), Off: f.OffText()})
	}
	return s.render(w, http.StatusOK, "forecast", "", p)
}
