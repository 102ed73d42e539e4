// Package kpi is the collection KPIs with the definitions pinned by the
// scorecard issue (and README), as pure functions over figures storage
// sums: DSO, best possible DSO, average days delinquent, countback DSO,
// the collection effectiveness index, and the rates of promises and calls.
// A ratio whose denominator is zero is nil — "not defined", shown blank —
// never zero or infinity.
package kpi

import (
	"huikuan/internal/money"
)

// Ratio is a KPI that may be undefined.
type Ratio = *float64

func ratio(num, den float64) Ratio {
	if den == 0 {
		return nil
	}
	r := num / den
	return &r
}

// Period is what the DSO family is computed from, for a period from F to
// T inclusive.
type Period struct {
	Days      int          // T − F + 1
	Sales     money.Amount // credit sales S: invoices issued in the period, credit notes subtracted
	AR        money.Amount // AR(T): open at the end of T, disputed included, prepayments not netted
	CurrentAR money.Amount // the part of AR(T) not yet due (due on or after T)
	OpeningAR money.Amount // AR(F − 1), for CEI
}

// DSO = AR(T) ÷ S × days.
func (p Period) DSO() Ratio { return ratio(float64(p.AR)*float64(p.Days), float64(p.Sales)) }

// BestDSO = current AR(T) ÷ S × days.
func (p Period) BestDSO() Ratio {
	return ratio(float64(p.CurrentAR)*float64(p.Days), float64(p.Sales))
}

// ADD, average days delinquent, = DSO − best possible DSO.
func (p Period) ADD() Ratio {
	d, b := p.DSO(), p.BestDSO()
	if d == nil || b == nil {
		return nil
	}
	add := *d - *b
	return &add
}

// CEI is the collection effectiveness index over the whole period:
// (AR(F − 1) + S − AR(T)) ÷ (AR(F − 1) + S − current AR(T)) × 100. (Another
// common form divides S by the number of months; this one treats the
// period as one, which the pages say.)
func (p Period) CEI() Ratio {
	return ratio(float64(p.OpeningAR+p.Sales-p.AR)*100, float64(p.OpeningAR+p.Sales-p.CurrentAR))
}

// Month is one calendar month's credit sales and its days, for the
// countback.
type Month struct {
	Days  int
	Sales money.Amount
}

// CountbackDSO walks back calendar months from T's month (months, the
// latest first): while what is left of AR(T) is at least the month's
// credit sales, it subtracts them and adds the month's days; then it adds
// what is left ÷ that month's sales × its days. Nil when AR is left over
// after every month given with sales (the months do not reach back far
// enough) and no month had sales.
func CountbackDSO(ar money.Amount, months []Month) Ratio {
	left, days := float64(ar), 0.0
	for _, m := range months {
		s := float64(m.Sales)
		if left <= 0 {
			break
		}
		if s > 0 && left < s {
			days += left / s * float64(m.Days)
			left = 0
			break
		}
		left -= max(s, 0)
		days += float64(m.Days)
	}
	if left > 0 {
		return nil // older months would be needed
	}
	return &days
}

// Promise is a promise decided in the period, for the kept rates.
type Promise struct {
	Amount    money.Amount
	Fulfilled money.Amount
	Status    string // kept, partly_kept or broken (others are not decided)
}

// Kept sums the promises decided in a period: how many, how many were
// kept in full, what they promised and what was paid of it (at most each
// promise's amount) — what storage adds up in SQL.
type Kept struct {
	Decided, Kept       int
	Promised, Fulfilled money.Amount
}

// Add counts one promise; one not decided (open, cancelled) adds nothing.
func (k *Kept) Add(p Promise) {
	switch p.Status {
	case "kept", "partly_kept", "broken":
	default:
		return
	}
	k.Decided++
	if p.Status == "kept" {
		k.Kept++
	}
	k.Fulfilled += min(p.Fulfilled, p.Amount)
	k.Promised += p.Amount
}

// Rates are the promise kept rate by count, kept ÷ (kept + partly kept +
// broken), and by amount, Σ fulfilled ÷ Σ promised, over the same promises.
func (k Kept) Rates() (byCount, byAmount Ratio) {
	return ratio(float64(k.Kept), float64(k.Decided)), ratio(float64(k.Fulfilled), float64(k.Promised))
}

// KeptRates are Kept.Rates over the promises ps.
func KeptRates(ps []Promise) (byCount, byAmount Ratio) {
	var k Kept
	for _, p := range ps {
		k.Add(p)
	}
	return k.Rates()
}

// CallRates are the reached rate, reached calls ÷ calls, and the promise
// rate, calls with a promise ÷ reached calls.
func CallRates(calls, reached, promised int) (reachedRate, promiseRate Ratio) {
	return ratio(float64(reached), float64(calls)), ratio(float64(promised), float64(reached))
}

// CollectionRate (回款达成率) = collected ÷ target; nil without a target.
func CollectionRate(collected, target money.Amount) Ratio {
	return ratio(float64(collected), float64(target))
}

// Overdue is one overdue item at T: its amount and its days past due.
type Overdue struct {
	Amount money.Amount
	Days   int
}

// OverdueRatio = overdue AR(T) ÷ AR(T).
func OverdueRatio(overdue, ar money.Amount) Ratio { return ratio(float64(overdue), float64(ar)) }

// DaysLate is the amount-weighted days late of what is overdue at T.
func DaysLate(items []Overdue) Ratio {
	var o OverdueDays
	for _, it := range items {
		o.Amount += it.Amount
		o.AmountDays += int64(it.Amount) * int64(it.Days)
	}
	return o.Weighted()
}

// OverdueDays sums what is overdue at T: its amount, and each item's amount
// times its days past due (in fen·days), as storage adds them up.
type OverdueDays struct {
	Amount     money.Amount
	AmountDays int64
}

// Weighted is the amount-weighted days late, Σ amount × days ÷ Σ amount.
func (o OverdueDays) Weighted() Ratio { return ratio(float64(o.AmountDays), float64(o.Amount)) }

// CountbackMonths is how many calendar months the countback walks back at
// most; an AR older than that many months' sales has no countback DSO.
const CountbackMonths = 36
