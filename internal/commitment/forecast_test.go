package commitment

import (
	"math"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// TestForecastOff: the forecast's error is against the actual, in percent,
// with nothing received counted as one fen, and none before the actual.
func TestForecastOff(t *testing.T) {
	amt := func(a money.Amount) *money.Amount { return &a }
	for _, c := range []struct {
		f    Forecast
		pct  float64
		ok   bool
		text string
	}{
		{Forecast{Forecast: 110}, 0, false, ""},
		{Forecast{Forecast: 110, Actual: amt(100)}, 10, true, "+10.0%"},
		{Forecast{Forecast: 75, Actual: amt(100)}, -25, true, "-25.0%"},
		{Forecast{Forecast: 3, Actual: amt(0)}, 300, true, "+300.0%"},
		{Forecast{Forecast: 0, Actual: amt(0)}, 0, true, "+0.0%"},
	} {
		pct, ok := c.f.Off()
		if pct != c.pct || ok != c.ok || c.f.OffText() != c.text {
			t.Errorf("%+v: Off() = %v, %v, OffText() = %q; want %v, %v, %q", c.f, pct, ok, c.f.OffText(), c.pct, c.ok, c.text)
		}
	}
}

// TestForecastSeason: with a year of history, a month that collects half
// as much as the others is forecast from the same month a year before,
// not from the months just before it; without that year the forecast
// has no season. The parts add up to the forecast.
func TestForecastSeason(t *testing.T) {
	first := civil.MustParse("2024-01-01")
	daily := Daily{}
	for d := first; d < civil.MustParse("2026-03-01"); d++ {
		daily[d] = 100_00
		if _, m, _ := d.YMD(); m == time.February {
			daily[d] = 50_00
		}
	}
	f := MakeForecast(nil, daily, first, civil.MustParse("2026-02-15"), Scorer{}, true)
	if f.Season <= 0 || f.Received+f.CommittedWeighted+f.UncommittedExpected+f.SeasonAdjustment != f.Forecast {
		t.Fatalf("February 2026: %+v", f)
	}
	rest := *f.Actual - f.Received
	seasonal := f.UncommittedExpected + f.SeasonAdjustment
	if off := math.Abs(float64(seasonal-rest)) / float64(rest); off > 0.15 {
		t.Errorf("February's rest forecast %s with the season, came in %s (%.0f%% off)", seasonal.Format(), rest.Format(), 100*off)
	}
	if f.UncommittedExpected < 2*rest {
		t.Errorf("without the season the rest would be %s, came in %s: the test's February is not unusual", f.UncommittedExpected.Format(), rest.Format())
	}
	if g := MakeForecast(nil, daily, civil.MustParse("2025-06-01"), civil.MustParse("2026-02-15"), Scorer{}, true); g.Season != 0 || g.SeasonAdjustment != 0 {
		t.Errorf("with history from 2025-06 only, February 2026 has a season: %+v", g)
	}
}
