package paydate

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"huikuan/internal/civil"
)

// Population holds the figures of all settled invoices, towards which a
// customer with little history is smoothed.
type Population struct {
	LateRate   float64 `json:"late_rate"`   // share of settled invoices paid late
	MedianLate float64 `json:"median_late"` // median days from due date to payment
}

// medianWeight is how many invoices at the population's median days late
// a customer's median is blended with: customers differ widely in how
// late they pay, so little.
const medianWeight = 0.5

// smoothWeight is how many invoices at the population's rates a
// customer's own history is blended with.
const smoothWeight = 3

// Features are what is known about an invoice on its issue day, from the
// customer's invoices settled before that day and those still open on it.
type Features struct {
	Settled       int     // the customer's invoices settled before the day
	Recent        int     // of those, issued in the 365 days before the day
	LateRate      float64 // smoothed share paid late, its invoices open past due on the day counted late
	RecentRate    float64 // smoothed share paid late of the last 5 settled
	MedianLate    float64 // smoothed median days late (negative: early)
	Trend         float64 // mean days late of the last 5 settled − MedianLate
	Spread        float64 // median absolute deviation of days late
	RecentMedian  float64 // median days late weighted towards the latest (half-life 10 invoices)
	Recency       float64 // days late weighted towards the latest (half-life 10 invoices)
	Last          float64 // days late of the invoice settled last
	Normal        float64 // P(late) if days late were normal about Recency with its spread
	Kernel        float64 // smoothed share late, each settlement a normal of 6 days about its days late, the latest weighing most
	Cluster       float64 // 0–1: how strongly payments fall on one day of the month
	DueHit        float64 // share of its usual pay days of the month in the invoice's window
	SizeRatio     float64 // amount ÷ the median of its earlier invoices (1 without)
	Yuan          float64 // the amount in major units (元)
	Terms         int     // days from issue to due
	Open          int     // its other invoices open on the day
	Overdue       int     // of those, past their due date
	Stuck         int     // its open invoices already later than it usually pays
	OldestOverdue int     // days past due of the oldest of those
	Tier          int     // A = 0 … D = 3
	Electronic    bool    // the invoice was sent as an e-invoice
	Facts         Facts
}

// HistoryDays is how far back a customer's invoices count: older ones say
// little about today and would make long histories slow.
const HistoryDays = 730

// FeaturesAt computes an invoice's features from the customer's records
// issued in the HistoryDays before its issue day, using only what was
// known on that day: settlements before it, and which invoices were still
// open on it.
func FeaturesAt(inv Invoice, history []Invoice, pop Population, facts Facts) Features {
	day := inv.Issue
	f := Features{Terms: inv.Due.Sub(inv.Issue), Tier: tierIndex(inv), SizeRatio: 1, Yuan: float64(inv.Amount) / 100, Electronic: inv.Electronic, Facts: facts}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	settled, overdue, open, amounts := sc.settled[:0], sc.overdue[:0], sc.open[:0], sc.amounts[:0]
	defer func() { sc.settled, sc.overdue, sc.open, sc.amounts = settled[:0], overdue[:0], open[:0], amounts[:0] }()
	for _, h := range history {
		if h.Number == inv.Number && h.Customer == inv.Customer || day.Sub(h.Issue) > HistoryDays {
			continue
		}
		if h.Issue < day {
			amounts = append(amounts, float64(h.Amount))
		}
		if h.Settled(day) {
			settled = append(settled, h)
			if day.Sub(h.Issue) <= 365 {
				f.Recent++
			}
		} else if h.openOn(day) {
			f.Open++
			open = append(open, h)
			if h.Due < day {
				f.Overdue++
				f.OldestOverdue = max(f.OldestOverdue, day.Sub(h.Due))
				// known to be late already: at least this late
				h.Paid = day
				overdue = append(overdue, h)
			}
		}
	}
	if m := medianInPlace(amounts); m > 0 && inv.Amount > 0 {
		f.SizeRatio = float64(inv.Amount) / m
	}
	f.Settled = len(settled)
	// the pay days are the settled invoices' (before history sorts them
	// together with the overdue, whose "pay day" is only today)
	f.clustering(settled, inv)
	// an invoice open past its due date is known to be late already, by
	// at least its days past due
	settled = append(settled, overdue...)
	f.history(settled, pop, sc)
	for _, h := range open {
		if float64(day.Sub(h.Due)) > f.MedianLate+max(2*f.Spread, 3) {
			f.Stuck++
		}
	}
	return f
}

// history fills the figures of the customer's settled invoices (and those
// known to be late).
func (f *Features) history(settled []Invoice, pop Population, sc *scratch) {
	slices.SortFunc(settled, func(a, b Invoice) int { return int(a.Issue - b.Issue) })
	n := float64(len(settled))
	late, lates := 0.0, slices.Grow(sc.lates[:0], len(settled))[:len(settled)]
	for i, h := range settled {
		lates[i] = float64(h.daysLate())
		if h.late() {
			late++
		}
	}
	f.LateRate = (late + smoothWeight*pop.LateRate) / (n + smoothWeight)
	dev := append(sc.dev[:0], lates...)
	med := medianInPlace(dev)
	f.MedianLate = (n*med + medianWeight*pop.MedianLate) / (n + medianWeight)
	last := settled[max(0, len(settled)-5):]
	recentLate, recentSum := 0.0, 0.0
	for _, h := range last {
		recentSum += float64(h.daysLate())
		if h.late() {
			recentLate++
		}
	}
	f.RecentRate = (recentLate + smoothWeight*f.LateRate) / (float64(len(last)) + smoothWeight)
	if len(last) > 0 {
		f.Trend = recentSum/float64(len(last)) - f.MedianLate
	}
	dev = dev[:len(lates)]
	for i, v := range lates {
		dev[i] = math.Abs(v - med)
	}
	f.Spread = medianInPlace(dev)
	f.recency(lates, pop, sc)
	sc.lates, sc.dev = lates[:0], dev[:0]
}

// scratch is FeaturesAt's working memory, kept between calls: scoring
// every open invoice of a large ledger spent a third of its time growing
// and collecting these slices.
type scratch struct {
	settled, overdue, open []Invoice
	amounts, lates, dev    []float64
	weighted               []wv
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// recency fills the figures that weigh the latest settlements most: a
// customer that moved to electronic invoices, or into trouble, pays
// differently from its long-run median.
func (f *Features) recency(lates []float64, pop Population, sc *scratch) {
	w, sum, wsum := 1.0, 0.0, 0.0
	for i := len(lates) - 1; i >= 0; i-- {
		sum += w * lates[i]
		wsum += w
		w *= recencyDecay
	}
	sum += smoothWeight * 0.5 * pop.MedianLate
	wsum += smoothWeight * 0.5
	f.Recency = sum / wsum
	f.Kernel = kernelLate(lates, pop)
	f.RecentMedian, sc.weighted = weightedMedian(lates, pop.MedianLate, sc.weighted)
	f.Last = f.MedianLate
	if len(lates) > 0 {
		f.Last = lates[len(lates)-1]
	}
	sd := max(1.4826*f.Spread, 2)
	if len(lates) < 3 {
		sd = 8
	}
	f.Normal = 0.5 * math.Erfc(-(f.Recency-0.5)/(sd*math.Sqrt2))
}

// wv is a value and its weight.
type wv struct{ v, w float64 }

// weightedMedian is the median of days late, each settlement weighted by
// recencyDecay from the latest; without any, the population's. It works
// in buf and gives it back for the next call.
func weightedMedian(lates []float64, pop float64, buf []wv) (float64, []wv) {
	if len(lates) == 0 {
		return pop, buf
	}
	xs := slices.Grow(buf[:0], len(lates))[:len(lates)]
	w, total := 1.0, 0.0
	for i := len(lates) - 1; i >= 0; i-- {
		xs[i] = wv{lates[i], w}
		total += w
		w *= recencyDecay
	}
	slices.SortFunc(xs, func(a, b wv) int { return cmp.Compare(a.v, b.v) })
	acc := 0.0
	for _, x := range xs {
		acc += x.w
		if acc >= total/2 {
			return x.v, xs
		}
	}
	return xs[len(xs)-1].v, xs
}

// kernelLate is the share of settlements late, each counted as
// P(N(its days late, 6²) > 0.5) rather than 0 or 1 — a customer paying
// one day before its due date is nearly as likely late as one paying one
// day after — weighted with a half-life of 10 invoices; without any, the
// population's late rate.
func kernelLate(lates []float64, pop Population) float64 {
	if len(lates) == 0 {
		return pop.LateRate
	}
	w, sum, wsum := 1.0, 0.0, 0.0
	for i := len(lates) - 1; i >= 0; i-- {
		sum += w * 0.5 * math.Erfc(-(lates[i]-0.5)/(kernelWidth*math.Sqrt2))
		wsum += w
		w *= recencyDecay
	}
	return sum / wsum
}

// kernelWidth is the spread in days of kernelLate's normals.
const kernelWidth = 6.0

// recencyDecay is each earlier settlement's weight relative to the next:
// a half-life of 10 invoices.
var recencyDecay = math.Pow(0.5, 1.0/10)

// clustering measures how the customer's payments fall on the days of the
// month (a dealer who pays on the 25th) and what share of those days fall
// between the invoice's issue and due dates.
func (f *Features) clustering(settled []Invoice, inv Invoice) {
	if len(settled) == 0 {
		return
	}
	window := daysOfMonth(inv.Issue, inv.Due)
	var c, s float64
	hit := 0
	for _, h := range settled {
		dom := h.Paid.Day()
		a := 2 * math.Pi * float64(dom-1) / 31
		c += math.Cos(a)
		s += math.Sin(a)
		if window[dom] {
			hit++
		}
	}
	n := float64(len(settled))
	f.Cluster = math.Hypot(c, s) / n
	f.DueHit = float64(hit) / n
}

// daysOfMonth marks the days of the month (1–31) a payment could fall on
// from issue to due: a month's last day stands for the days it lacks (the
// 31st of a 30-day month is paid on the 30th).
func daysOfMonth(issue, due civil.Date) (in [32]bool) {
	if due.Sub(issue) >= 30 {
		for i := range in {
			in[i] = true
		}
		return in
	}
	for d := issue; d <= due; d++ {
		day := d.Day()
		in[day] = true
		if d == d.MonthEnd() {
			for k := day + 1; k <= 31; k++ {
				in[k] = true
			}
		}
	}
	return in
}

func tierIndex(inv Invoice) int {
	if len(inv.Tier) == 1 && inv.Tier[0] >= 'A' && inv.Tier[0] <= 'D' {
		return int(inv.Tier[0] - 'A')
	}
	return 1
}

// median returns the median of xs (0 for none).
func median(xs []float64) float64 { return medianInPlace(slices.Clone(xs)) }

// medianInPlace is median, sorting xs.
func medianInPlace(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

func logit(p float64) float64 {
	p = min(max(p, 1e-8), 1-1e-8)
	return math.Log(p / (1 - p))
}

// featureNames name the entries of Vector, in order; reasons group them.
var featureNames = []string{
	"late_rate", "recent_rate", "median_late", "trend", "spread", "recency", "recent_median", "last", "normal", "kernel", "cluster", "due_hit",
	"size", "amount", "terms", "open", "overdue", "oldest_overdue", "stuck", "history", "recent", "tier",
	"promises", "broken", "excuses", "disputes", "electronic",
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Vector is the model's input for these features, one entry per
// featureNames.
func (f Features) Vector() []float64 {
	l := func(n int) float64 { return math.Log1p(float64(n)) }
	return []float64{
		logit(f.LateRate), logit(f.RecentRate), f.MedianLate, f.Trend, f.Spread, f.Recency, f.RecentMedian, f.Last, logit(f.Normal), logit(f.Kernel), f.Cluster, f.DueHit,
		math.Log(max(f.SizeRatio, 1e-3)), math.Log1p(max(f.Yuan, 0)), float64(f.Terms), l(f.Open), l(f.Overdue), l(f.OldestOverdue), l(f.Stuck), l(f.Settled), l(f.Recent), float64(f.Tier),
		l(f.Facts.Promises), l(f.Facts.Broken), l(f.Facts.Excuses), l(f.Facts.Disputes), b2f(f.Electronic),
	}
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
