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
// is expected. When the model gives an invoice
// that is long overdue little chance of being paid within a year, the
// dates are zero: there is no estimate.
func (p Prediction) AsOf(day civil.Date) Prediction {
	if day <= p.issue {
		return p
	}
	q := p
	if day > p.due {
		q.PLate = 1
	} else {
		q.PLate = 1 - p.ByGiven(p.due, day)
	}
	q.POnTime = 1 - q.PLate
	q.Expected, q.From, q.To = p.givenQuantile(day, 0.5), p.givenQuantile(day, 0.2), p.givenQuantile(day, 0.8)
	switch {
	case q.Expected == 0:
		q.From, q.To = 0, 0
	case q.To == 0: // the range's end lies beyond the horizon
		q.To = day.AddDays(horizon)
	}
	return q
}

// givenQuantile is the first day after day by which ByGiven(·, day)
// reaches q, zero when none within the horizon does; ByGiven grows with
// the day, so a binary search finds it.
func (p Prediction) givenQuantile(day civil.Date, q float64) civil.Date {
	lo, hi := 1, horizon
	if p.ByGiven(day.AddDays(hi), day) < q {
		return 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if p.ByGiven(day.AddDays(mid), day) >= q {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return day.AddDays(lo)
}
