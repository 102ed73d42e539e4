package sim

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/paydate"
)

// This file is research for issue 16, point 4's first bullet: would a
// month forecast whose uncommitted part is built on the pay-date model
// beat today's six-month average on the demo worlds? It measures and
// logs; it asserts nothing about the figures, so it is a benchmark, run
// by hand: go test -run '^$' -bench ForecastPaydateResearch -benchtime 1x
// ./internal/sim (HUIKUAN_FORECAST_SEEDS=n for seeds 1–n, default 3;
// HUIKUAN_FORECAST_MONTHS=m for a history of m months, default the small
// size's 24, ending 2026-11-27 as simulate's; 36 gives a year of burn-in;
// HUIKUAN_FORECAST_BUCKETS=1 logs the model's old part by days past due).
// The figures are in docs/MODEL.md, "The forecast from pay dates".

// researchBook is one customer's documents as the ledger and the pay-date
// model see them, with what the whole history settles.
type researchBook struct {
	book    ledger.Book
	alloc   *ledger.Allocated // of the whole history
	records []paydate.Invoice // paydate.FromBook of the whole history
	byNum   map[string]int    // invoice number → index into records
}

func researchBooks(docs []Docs) []researchBook {
	out := make([]researchBook, len(docs))
	for i, d := range docs {
		b := ledger.Book{Invoices: d.Invoices, Payments: d.Payments, Disputes: d.Disputes}
		rb := researchBook{book: b, alloc: ledger.Allocate(b), records: paydate.FromBook(d.Customer, b), byNum: map[string]int{}}
		for k, r := range rb.records {
			rb.byNum[r.Number] = k
		}
		out[i] = rb
	}
	return out
}

// through is the book as it stood at the end of day: documents dated on
// or before it, disputes not yet resolved then left open.
func (rb researchBook) through(day civil.Date) ledger.Book {
	var b ledger.Book
	for _, inv := range rb.book.Invoices {
		if inv.Issue <= day {
			b.Invoices = append(b.Invoices, inv)
		}
	}
	for _, p := range rb.book.Payments {
		if p.Date <= day {
			b.Payments = append(b.Payments, p)
		}
	}
	for _, d := range rb.book.Disputes {
		if d.Opened <= day {
			if d.Resolved > day {
				d.Resolved = 0
			}
			b.Disputes = append(b.Disputes, d)
		}
	}
	return b
}

// secondHalf is what came in from day to the month's end, split by where
// the whole history's allocation puts it by the month's end: on invoices
// issued before day (old), on invoices issued from day on (new), and
// still unapplied at the month's end (prepaid).
type secondHalf struct{ old, new, prepaid money.Amount }

func (rb researchBook) secondHalf(day civil.Date) secondHalf {
	end := day.MonthEnd()
	var s secondHalf
	inHalf := func(d civil.Date) bool { return d >= day && d <= end }
	for _, p := range rb.book.Payments {
		if inHalf(p.Date) {
			s.prepaid += p.Amount
		}
	}
	for _, a := range rb.alloc.Allocations {
		if a.Payment < 0 || !inHalf(rb.book.Payments[a.Payment].Date) || a.Date > end {
			continue
		}
		s.prepaid -= a.Amount
		if rb.book.Invoices[a.Invoice].Issue < day {
			s.old += a.Amount
		} else {
			s.new += a.Amount
		}
	}
	return s
}

// modelOld is Σ over the invoices open in the morning of day of what is
// open × P(paid in full by the month's end | unpaid at the end of the day
// before), each predicted from what was known on its issue day.
func (rb researchBook) modelOld(m paydate.Model, day civil.Date, diag *[4][3]float64) (hat, full, point money.Amount) {
	known := day.AddDays(-1)
	b := rb.through(known)
	st := ledger.Allocate(b)
	hist := rb.records
	var sum float64
	for i, inv := range b.Invoices {
		if inv.IsCreditNote() || st.Invoices[i].Open <= 0 {
			continue
		}
		rec := rb.records[rb.byNum[inv.Number]]
		rec.Paid = 0 // what is predicted must not carry its own future
		p := m.Predict(rec, hist, paydate.Facts{})
		pr := p.ByGiven(day.MonthEnd(), known)
		if e := p.AsOf(day).Expected; e != 0 && e <= day.MonthEnd() {
			point += st.Invoices[i].Open
		}
		sum += float64(st.Invoices[i].Open) * pr
		if diag != nil {
			k := researchBucket(known.Sub(inv.Due))
			diag[k][0] += float64(st.Invoices[i].Open) * pr
			if rec := rb.records[rb.byNum[inv.Number]]; rec.Paid != 0 && rec.Paid <= day.MonthEnd() {
				diag[k][1] += float64(st.Invoices[i].Open)
			}
			diag[k][2] += float64(st.Invoices[i].Open)
		}
		if rec := rb.records[rb.byNum[inv.Number]]; rec.Paid != 0 && rec.Paid <= day.MonthEnd() {
			full += st.Invoices[i].Open
		}
	}
	return money.Amount(sum), full, point
}

// researchMonth is one month's forecasts on its 15th against the actual.
// The "old" figures are what came in after the 14th on invoices open on
// it: hat the model's Σ open × P(paid in full by the month's end), act
// what the ledger allocated, full what was open of those paid in full.
type researchMonth struct {
	month                   civil.Date
	actual                  money.Amount
	today                   commitment.Forecast // (a)
	b, c, d                 money.Amount        // (b) raw model, (c) calibrated, (d) calibrated and seasonal
	seasonal                bool                // (d) had a season factor
	oldHat, oldAct, oldFull money.Amount
	newAct, preAct          money.Amount
	newHat, preHat          money.Amount
	perCustomer             []money.Amount // the model's old part by customer
	perCustomerPoint        []money.Amount // what is open of the invoices expected (AsOf) by the month's end, by customer
	oldPoint                money.Amount
	e                       money.Amount // (e) as (b) with the expected pay dates instead of the chances
	f                       money.Amount // (f) today's with the season of the same month a year before
	fSeason                 float64      // (f)'s factor, 0 when there was none
	g                       money.Amount // (g) as (f), the factor against its six months before
	gSeason                 float64
	h                       money.Amount // (h) (c) scaled as (f): the same month a year before against its own (c)
	i, j                    money.Amount // (i) (a) with its uncommitted part moved by the model's old part against its six months before; (j) (i) scaled as (f)
	sc                      commitment.Scorer
}

func pctOff(f, a money.Amount) float64 { return 100 * float64(f-a) / float64(max(a, 1)) }

// BenchmarkForecastPaydateResearch is a measurement, not a speed: run it
// once (-benchtime 1x) to log the table of docs/MODEL.md's forecast
// research. It is a benchmark so that the test suite does not run it.
func BenchmarkForecastPaydateResearch(b *testing.B) {
	for b.Loop() {
		forecastResearch(b)
	}
}

func forecastResearch(t testing.TB) {
	seeds := envInt("HUIKUAN_FORECAST_SEEDS", 3)
	var summary []string
	for _, w := range []*World{DefaultWorld(), CashCrunchWorld()} {
		size := w.Sizes["small"]
		size.Months = envInt("HUIKUAN_FORECAST_MONTHS", size.Months)
		size.BurnInMonths = envInt("HUIKUAN_FORECAST_BURNIN", size.BurnInMonths)
		for seed := uint64(1); seed <= uint64(seeds); seed++ {
			co, docs := simulate(t, w, size, seed)
			ms := researchRun(t, co, docs)
			summary = append(summary, summarize(w.Name, seed, ms))
			logMonthly(t, w.Name, seed, co, docs)
		}
	}
	t.Logf("| world | seed | months | within 10%%: (a) | (b) | (c) | (d) | (e) | (f) | (g) | (h) | (i) | (j) | mean abs %%: (a) … (j) | Jan (a)…(j) | Feb (a)…(j) |")
	for _, s := range summary {
		t.Logf("%s", s)
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// researchRun measures the model's old part on the 15th of every whole
// month from the history's fourth, and forecasts every whole month with
// a year of history before it both ways.
func researchRun(t testing.TB, co *Company, docs []Docs) []researchMonth {
	hs := histories(co, docs)
	rbs := researchBooks(docs)
	var hist []paydate.Invoice
	for _, rb := range rbs {
		hist = append(hist, rb.records...)
	}
	daily := commitment.Daily{}
	for _, d := range docs {
		for _, p := range d.Payments {
			daily[p.Date] += p.Amount
		}
	}
	start, until := co.Options.Start(), co.Options.Until
	byMonth := map[civil.Date]*researchMonth{}
	var out []researchMonth
	for m := start.MonthStart().AddMonths(3); m.MonthEnd() <= until; m = m.AddMonths(1) {
		asOf := m.AddDays(14)
		r := &researchMonth{month: m}
		model := paydate.Fit(hist, asOf, paydate.Options{})
		var diag [4][3]float64
		for _, rb := range rbs {
			old, full, point := rb.modelOld(model, asOf, &diag)
			r.perCustomer, r.perCustomerPoint = append(r.perCustomer, old), append(r.perCustomerPoint, point)
			r.oldPoint += point
			r.oldHat, r.oldFull = r.oldHat+old, r.oldFull+full
			s := rb.secondHalf(asOf)
			r.oldAct, r.newAct, r.preAct = r.oldAct+s.old, r.newAct+s.new, r.preAct+s.prepaid
		}
		byMonth[m] = r
		if os.Getenv("HUIKUAN_FORECAST_BUCKETS") == "1" {
			for k, d := range diag {
				t.Logf("  %s days past due bucket %d: open %.0f万 predicted %.0f万 paid in full %.0f万", m.String()[:7], k, d[2]/1e6, d[0]/1e6, d[1]/1e6)
			}
		}
		look := 6
		if co.Options.Size.BurnInMonths > 0 {
			look = 2 // the book is steady from the start: two months teach enough
		}
		if m.AddMonths(-look) < start {
			continue
		}
		// today's forecast from the seventh month on, for (f)'s season
		r.sc = commitment.Train(hs, m)
		r.today = commitment.MakeForecast(hs, daily, start, asOf, r.sc, true)
		r.actual = *r.today.Actual
		researchForecast(r, byMonth, hs)
		if m.AddMonths(-12) < start {
			continue
		}
		logMonth(t, co, r)
		out = append(out, *r)
	}
	return out
}

// ratio is what came in on old invoices against the model's expectation
// over the six months before m that were measured; ok is false when none
// were.
func ratio(byMonth map[civil.Date]*researchMonth, m civil.Date) (float64, bool) {
	var act, hat money.Amount
	for k := 1; k <= 6; k++ {
		if r := byMonth[m.AddMonths(-k)]; r != nil {
			act, hat = act+r.oldAct, hat+r.oldHat
		}
	}
	return float64(act) / float64(max(hat, 1)), hat > 0
}

// researchForecast fills r's forecasts: (a) today's commitment.MakeForecast;
// (b) received + committed weighted + Σ over customers of the model's old
// part less the customer's committed weighted (never below zero: the
// promised money is among the open invoices, so a customer counts the
// larger of the two) + new invoices and prepayment as in the six months
// before; (c) as (b), the model's old part scaled by ratio; (d) as (c),
// scaled again by how the same month a year before came in against its
// own six-month ratio (the season); (e) as (b), counting what is open of
// the invoices whose expected pay date (Prediction.AsOf) falls by the
// month's end; (f) today's forecast of what is still to come scaled by how
// the same month a year before came in against its own forecast; (g) as
// (f), that factor divided by the same factor's average over the six
// months before that month.
func researchForecast(r *researchMonth, byMonth map[civil.Date]*researchMonth, hs []commitment.History) {
	m, asOf, sc := r.month, r.month.AddDays(14), r.sc
	r.f = r.today.Forecast
	if ly := byMonth[m.AddMonths(-12)]; ly != nil && ly.today.Actual != nil {
		// (f): today's forecast of the rest of the month, scaled by how
		// the same month a year before came in against its own
		r.fSeason = restRatio(ly)
		r.f = r.today.Received + money.Amount(float64(r.today.Forecast-r.today.Received)*r.fSeason)
	}
	// (g): as (f), the factor taken against the same factor of the six
	// months before that month, so that only what is particular to the
	// month moves the forecast
	r.g = r.today.Forecast
	if ly := byMonth[m.AddMonths(-12)]; r.fSeason > 0 {
		var sum float64
		n := 0
		for k := 1; k <= 6; k++ {
			if p := byMonth[ly.month.AddMonths(-k)]; p != nil && p.today.Actual != nil {
				sum += restRatio(p)
				n++
			}
		}
		if n > 0 {
			r.gSeason = r.fSeason / (sum / float64(n))
			r.g = r.today.Received + money.Amount(float64(r.today.Forecast-r.today.Received)*r.gSeason)
		}
	}
	for k := 1; k <= 6; k++ {
		if p := byMonth[m.AddMonths(-k)]; p != nil {
			r.newHat += p.newAct / 6
			r.preHat += p.preAct / 6
		}
	}
	cal, _ := ratio(byMonth, m)
	season := 1.0
	if ly := byMonth[m.AddMonths(-12)]; ly != nil {
		if lyCal, ok := ratio(byMonth, ly.month); ok {
			season, r.seasonal = float64(ly.oldAct)/float64(max(ly.oldHat, 1))/lyCal, true
		}
	}
	base := r.today.Received + r.today.CommittedWeighted + r.newHat + r.preHat
	r.b, r.c, r.d, r.e = base, base, base, base
	for i := range hs {
		w := commitment.CommittedWeighted(hs[i:i+1], asOf, sc)
		old := float64(r.perCustomer[i])
		r.b += max(0, money.Amount(old)-w)
		r.c += max(0, money.Amount(old*cal)-w)
		r.d += max(0, money.Amount(old*cal*season)-w)
		r.e += max(0, r.perCustomerPoint[i]-w)
	}
	r.i = r.today.Forecast
	var hat money.Amount
	n := 0
	for k := 1; k <= 6; k++ {
		if p := byMonth[m.AddMonths(-k)]; p != nil && p.oldHat > 0 {
			hat, n = hat+p.oldHat, n+1
		}
	}
	if n > 0 {
		move := float64(r.oldHat) / (float64(hat) / float64(n))
		r.i = r.today.Received + r.today.CommittedWeighted + money.Amount(float64(r.today.UncommittedExpected)*move)
	}
	r.h, r.j = r.c, r.i
	if ly := byMonth[m.AddMonths(-12)]; ly != nil && ly.today.Actual != nil && ly.c != 0 {
		got := float64(*ly.today.Actual - ly.today.Received)
		r.h = r.today.Received + money.Amount(float64(r.c-r.today.Received)*got/float64(max(ly.c-ly.today.Received, 1)))
		r.j = r.today.Received + money.Amount(float64(r.i-r.today.Received)*got/float64(max(ly.i-ly.today.Received, 1)))
	}
}

// restRatio is what came in after a month's 14th against what today's
// forecast expected of it.
func restRatio(r *researchMonth) float64 {
	got, want := *r.today.Actual-r.today.Received, r.today.Forecast-r.today.Received
	return float64(got) / float64(max(want, 1))
}

func logMonth(t testing.TB, co *Company, r *researchMonth) {
	t.Logf("%s seed %d %s: actual %s | (a) %s %+.1f%% (uncommitted %s) | (b) %s %+.1f%% | (c) %s %+.1f%% | (d) %s %+.1f%% (season %v) | (e) %s %+.1f%% | (f) %s %+.1f%% (×%.2f) | (g) %s %+.1f%% (×%.2f) | received %s | old: model %s (by expected date %s), came in %s (paid in full %s); new %s vs %s; prepaid %s vs %s | (h) %+.1f%% (i) %+.1f%% (j) %+.1f%%",
		co.World.Name, co.Options.Seed, r.month.String()[:7], r.actual.FormatWan(),
		r.today.Forecast.FormatWan(), pctOff(r.today.Forecast, r.actual), r.today.UncommittedExpected.FormatWan(),
		r.b.FormatWan(), pctOff(r.b, r.actual), r.c.FormatWan(), pctOff(r.c, r.actual), r.d.FormatWan(), pctOff(r.d, r.actual), r.seasonal,
		r.e.FormatWan(), pctOff(r.e, r.actual), r.f.FormatWan(), pctOff(r.f, r.actual), r.fSeason,
		r.g.FormatWan(), pctOff(r.g, r.actual), r.gSeason, r.today.Received.FormatWan(), r.oldHat.FormatWan(), r.oldPoint.FormatWan(), r.oldAct.FormatWan(), r.oldFull.FormatWan(), r.newHat.FormatWan(), r.newAct.FormatWan(), r.preHat.FormatWan(), r.preAct.FormatWan(), pctOff(r.h, r.actual), pctOff(r.i, r.actual), pctOff(r.j, r.actual))
}

func summarize(world string, seed uint64, ms []researchMonth) string {
	var in [10]int
	var abs [10]float64
	var jan, feb string
	for _, r := range ms {
		errs := [10]float64{pctOff(r.today.Forecast, r.actual), pctOff(r.b, r.actual), pctOff(r.c, r.actual), pctOff(r.d, r.actual), pctOff(r.e, r.actual), pctOff(r.f, r.actual), pctOff(r.g, r.actual), pctOff(r.h, r.actual), pctOff(r.i, r.actual), pctOff(r.j, r.actual)}
		for k, e := range errs {
			in[k] += b2i(math.Abs(e) <= 10)
			abs[k] += math.Abs(e)
		}
		txt := fmt.Sprintf("%+.1f / %+.1f / %+.1f / %+.1f / %+.1f / %+.1f / %+.1f / %+.1f / %+.1f / %+.1f", errs[0], errs[1], errs[2], errs[3], errs[4], errs[5], errs[6], errs[7], errs[8], errs[9])
		switch _, mon, _ := r.month.YMD(); mon {
		case 1:
			jan = txt
		case 2:
			feb = txt
		}
	}
	n := float64(max(len(ms), 1))
	var b strings.Builder
	fmt.Fprintf(&b, "| %s | %d | %d |", world, seed, len(ms))
	for _, k := range in {
		fmt.Fprintf(&b, " %d |", k)
	}
	for _, a := range abs {
		fmt.Fprintf(&b, " %.1f |", a/n)
	}
	fmt.Fprintf(&b, " %s | %s |", jan, feb)
	return b.String()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// logMonthly logs each whole month's receipts and invoicing, to see
// whether the first year's February is like the second's.
func logMonthly(t testing.TB, world string, seed uint64, co *Company, docs []Docs) {
	got, billed := map[civil.Date]money.Amount{}, map[civil.Date]money.Amount{}
	for _, d := range docs {
		for _, p := range d.Payments {
			got[p.Date.MonthStart()] += p.Amount
		}
		for _, inv := range d.Invoices {
			if !inv.IsCreditNote() {
				billed[inv.Issue.MonthStart()] += inv.Amount
			}
		}
	}
	var b strings.Builder
	for m := co.Options.Start().MonthStart(); m.MonthEnd() <= co.Options.Until; m = m.AddMonths(1) {
		fmt.Fprintf(&b, " %s %s/%s", m.String()[:7], got[m].FormatWan(), billed[m].FormatWan())
	}
	t.Logf("%s seed %d received/invoiced by month:%s", world, seed, b.String())
}

// researchBucket is a days-past-due bucket: not due, 1–30, 31–60, over 60.
func researchBucket(days int) int {
	switch {
	case days <= 0:
		return 0
	case days <= 30:
		return 1
	case days <= 60:
		return 2
	}
	return 3
}
