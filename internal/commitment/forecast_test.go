package commitment

import (
	"testing"

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
