package web

import (
	"fmt"
	"net/http"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
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
	key := fmt.Sprintf("days %+v %s", v.Scope(), start)
	days, ok := s.forecasts.get(key, s.cfg.Now())
	if !ok {
		hs, err := s.store.ScopedHistories(r.Context(), v.Scope())
		if err != nil {
			return err
		}
		daily, first, err := s.store.DailyReceipts(r.Context(), v.Scope())
		if err != nil {
			return err
		}
		// Trained on the scope's history only: learning from the whole
		// company for one rep's page would read every customer.
		sc := commitment.Train(hs, start)
		fs, err := commitment.EachDay(r.Context(), hs, daily, first, min(today, start.MonthEnd()), sc, start.MonthEnd() < today)
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
		d := ForecastDay{Forecast: f, ReceivedPct: int(100 * f.Received / top), ForecastPct: int(100 * f.Forecast / top)}
		if f.Actual != nil {
			d.Off = fmt.Sprintf("%+.1f%%", 100*float64(f.Forecast-*f.Actual)/float64(max(*f.Actual, 1)))
		}
		p.Days = append(p.Days, d)
	}
	return s.render(w, http.StatusOK, "forecast", "", p)
}
