package commitment

import (
	"context"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Forecast is the expected collections of a month, made on a day of it:
// what was received so far, what open commitments due in the month are
// worth (each weighted by its credibility), and what usually comes in
// without a commitment in the rest of a month.
type Forecast struct {
	Month               string       `json:"month"`
	AsOf                civil.Date   `json:"as_of"`
	Received            money.Amount `json:"received"`
	CommittedWeighted   money.Amount `json:"committed_weighted"`
	UncommittedExpected money.Amount `json:"uncommitted_expected"`
	// Season is the factor the month's season moves the uncommitted part
	// by (see season), and SeasonAdjustment what it adds, so that the
	// four parts add up to the forecast. Season is 0, and the adjustment
	// nothing, without a year of history.
	Season           float64       `json:"season,omitempty"`
	SeasonAdjustment money.Amount  `json:"season_adjustment"`
	Forecast         money.Amount  `json:"forecast"`
	Actual           *money.Amount `json:"actual,omitempty"`
}

// Off is how far the forecast was from the month's actual, in percent of
// the actual (of one fen when nothing came in); ok is false while the
// actual is not known.
func (f Forecast) Off() (pct float64, ok bool) {
	if f.Actual == nil {
		return 0, false
	}
	return 100 * float64(f.Forecast-*f.Actual) / float64(max(*f.Actual, 1)), true
}

// OffText is Off as shown to people, "+3.2%", or "" while the actual is
// not known.
func (f Forecast) OffText() string {
	pct, ok := f.Off()
	if !ok {
		return ""
	}
	return fmt.Sprintf("%+.1f%%", pct)
}

// Daily is money received on each day, all customers together.
type Daily map[civil.Date]money.Amount

func (d Daily) sum(from, to civil.Date) money.Amount {
	var s money.Amount
	for day := from; day <= to; day++ {
		s += d[day]
	}
	return s
}

// lookback is how many earlier months teach what comes in uncommitted.
const lookback = 6

// MakeForecast forecasts the month containing asOf. hs are the histories of
// the customers with commitments, daily the receipts of all customers,
// first the first day there is data for, and sc scores the open
// commitments. actualKnown says whether the whole month is in daily.
func MakeForecast(hs []History, daily Daily, first, asOf civil.Date, sc Scorer, actualKnown bool) Forecast {
	start, end := asOf.MonthStart(), asOf.MonthEnd()
	f := Forecast{Month: start.String()[:7], AsOf: asOf, Received: daily.sum(start, asOf)}
	f.CommittedWeighted = CommittedWeighted(hs, asOf, sc)
	learnt := uncommitted(hs, daily, first, asOf)
	f.UncommittedExpected = mean(learnt)
	if s, ok := season(daily, first, asOf, learnt); ok {
		f.Season = s
		f.SeasonAdjustment = money.Amount(float64(f.UncommittedExpected)*s) - f.UncommittedExpected
	}
	f.Forecast = f.Received + f.CommittedWeighted + f.UncommittedExpected + f.SeasonAdjustment
	if actualKnown {
		a := daily.sum(start, end)
		f.Actual = &a
	}
	return f
}

// CommittedWeighted is what the commitments open on asOf and due after it
// in its month are worth: what is left of each, weighted by its
// credibility. It is the forecast's committed part, and the promised part
// of a rep's attainment (plan.Attainment).
func CommittedWeighted(hs []History, asOf civil.Date, sc Scorer) money.Amount {
	end := asOf.MonthEnd()
	var committed float64
	for _, h := range hs {
		outs := Rules{}.Decide(h.Commitments, h.Payments, asOf)
		for i, c := range h.Commitments {
			if c.Cancelled || c.Made > asOf || c.Due <= asOf || c.Due > end || outs[i].Status != Open {
				continue
			}
			left := float64(c.Amount - outs[i].Fulfilled)
			committed += left * sc.Score(FeaturesAt(h, i)).P
		}
	}
	return money.Amount(committed)
}

// EachDay is the forecast of one month as made on each day from its first
// up to asOf (MakeForecast on each), for a chart or a table of how the
// forecast moved. It returns ctx's error as soon as ctx is done, checking
// before each day.
func EachDay(ctx context.Context, hs []History, daily Daily, first, asOf civil.Date, sc Scorer, actualKnown bool) ([]Forecast, error) {
	var fs []Forecast
	for day := asOf.MonthStart(); day <= asOf; day++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fs = append(fs, MakeForecast(hs, daily, first, day, sc, actualKnown))
	}
	return fs, nil
}

// monthRest is what came in uncommitted in the rest of an earlier month
// after the forecast's day of the month.
type monthRest struct {
	month civil.Date // its first day
	rest  money.Amount
}

func mean(ms []monthRest) money.Amount {
	if len(ms) == 0 {
		return 0
	}
	var total money.Amount
	for _, m := range ms {
		total += m.rest
	}
	return total / money.Amount(len(ms))
}

// uncommitted is, for each of the months before asOf's (up to lookback,
// all in daily), what came in after the same day of the month other than
// towards the commitments that were open on that day.
func uncommitted(hs []History, daily Daily, first, asOf civil.Date) []monthRest {
	var out []monthRest
	for k := 1; k <= lookback; k++ {
		mStart := asOf.MonthStart().AddMonths(-k)
		if mStart < first {
			break
		}
		mEnd := mStart.MonthEnd()
		day := min(mStart.AddDays(asOf.Day()-1), mEnd)
		after := daily.sum(day.AddDays(1), mEnd)
		var towards money.Amount
		for _, h := range hs {
			atDay := Rules{}.Decide(h.Commitments, h.Payments, day)
			atEnd := Rules{}.Decide(h.Commitments, h.Payments, mEnd)
			for i, c := range h.Commitments {
				if c.Made <= day && c.Due > day && c.Due <= mEnd && atDay[i].Status == Open {
					towards += atEnd[i].Fulfilled - atDay[i].Fulfilled
				}
			}
		}
		out = append(out, monthRest{mStart, after - towards})
	}
	return out
}

// seasonWindow is how many months either side of a month its season is
// measured against, and seasonMonths the fewest whole months that
// measure needs.
const seasonWindow, seasonMonths = 6, 6

// seasonIndex is month m's receipts against the average whole month within
// seasonWindow months of it, among the whole months of daily from first
// to before (the forecast's month: what is known on its day). ok is false
// when m is not one of them or too few are.
func seasonIndex(daily Daily, first, before, m civil.Date) (float64, bool) {
	whole := first
	if whole.Day() != 1 {
		whole = whole.MonthStart().AddMonths(1)
	}
	in := func(k civil.Date) bool { return k >= whole && k < before }
	if !in(m) {
		return 0, false
	}
	var sum money.Amount
	n := 0
	for k := m.AddMonths(-seasonWindow); k <= m.AddMonths(seasonWindow); k = k.AddMonths(1) {
		if in(k) {
			sum += daily.sum(k, k.MonthEnd())
			n++
		}
	}
	if n < seasonMonths || sum <= 0 {
		return 0, false
	}
	return float64(daily.sum(m, m.MonthEnd())) * float64(n) / float64(sum), true
}

// season is the factor the forecast's uncommitted part is moved by for
// the month's season: the months it was learnt from are each taken out of
// their own season, and the average put into the season of the same month
// a year before. Each month's season is its receipts against the months
// around it (seasonIndex), so a month like the Spring Festival's, which
// collects far less than the months before it, is known from a year of
// history. ok is false without that year, or when a learnt month's season
// is not known.
func season(daily Daily, first, asOf civil.Date, learnt []monthRest) (float64, bool) {
	before := asOf.MonthStart()
	ly, ok := seasonIndex(daily, first, before, before.AddMonths(-12))
	if !ok || len(learnt) == 0 {
		return 0, false
	}
	var plain, adjusted float64
	for _, m := range learnt {
		idx, ok := seasonIndex(daily, first, before, m.month)
		if !ok || idx <= 0 {
			return 0, false
		}
		plain += float64(m.rest)
		adjusted += float64(m.rest) / idx
	}
	if plain <= 0 {
		return 0, false
	}
	return adjusted * ly / plain, true
}
