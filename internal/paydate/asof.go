package paydate

import "huikuan/internal/civil"

// horizon is how far after the day AsOf looks for an open invoice's pay
// date.
const horizon = 365

// AsOf is the prediction of an invoice known to be still unpaid on day, as
// the pages show an open invoice: the chance of being paid late is 1 once
// the due date has passed, else 1 − ByGiven(due, day); the expected date
// and its range are the days by which ByGiven reaches one half, 20 % and
// 80 % (the horizon's end when 80 % lies beyond it), so no date before day
// is expected — "unpaid on day" meaning open in its morning, so an invoice
// due today may still be paid on time today. When the model gives an invoice
// that is long overdue little chance of being paid within a year, the
// dates are zero: there is no estimate.
func (p Prediction) AsOf(day civil.Date) Prediction {
	if day <= p.issue {
		return p
	}
	// Open in the morning of day: unpaid at the end of the day before, and
	// it may still be paid today.
	known := day.AddDays(-1)
	q := p
	if day > p.due {
		q.PLate = 1
	} else {
		q.PLate = 1 - p.ByGiven(p.due, known)
	}
	q.POnTime = 1 - q.PLate
	q.Expected, q.From, q.To = p.givenQuantile(known, 0.5), p.givenQuantile(known, 0.2), p.givenQuantile(known, 0.8)
	switch {
	case q.Expected == 0:
		q.From, q.To = 0, 0
	case q.To == 0: // the range's end lies beyond the horizon
		q.To = known.AddDays(horizon)
	}
	return q
}

// givenQuantile is the first day after known (the last day the invoice
// was known unpaid) by which ByGiven(·, known) reaches q, zero when none
// within the horizon does; ByGiven grows with the day, so a binary search
// finds it.
func (p Prediction) givenQuantile(known civil.Date, q float64) civil.Date {
	lo, hi := 1, horizon
	if p.ByGiven(known.AddDays(hi), known) < q {
		return 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if p.ByGiven(known.AddDays(mid), known) >= q {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return known.AddDays(lo)
}
