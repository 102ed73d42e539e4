package followup

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// The windows of a customer's follow-up summary.
const (
	// MonthlyDays is how far back receipts make a customer's usual
	// month: MonthlyDays of receipts divided by MonthlyMonths.
	MonthlyDays   = 180
	MonthlyMonths = 6
	// BrokenDays is how long after its decision a broken or partly kept
	// promise is still the summary's: the cadence chases it for 30 days.
	BrokenDays = 31
)

// Receipt is money a customer paid on a day. A receipt may stand for
// several: storage sums a customer's payments over the window
// (ReceiptsFrom) in SQL and passes the sum as one receipt dated within it.
type Receipt struct {
	Date   civil.Date
	Amount money.Amount
}

// History is what a customer's follow-up summary is made of: its open
// items (collectable amounts by due date), its receipts and its promises.
type History struct {
	Open     []ledger.OpenItem
	Receipts []Receipt
	Promises []Commitment
	// PlanAgreed says the customer agreed its plan for today's month;
	// Measures are the month's gap measures still planned or being done.
	PlanAgreed bool
	Measures   []Measure
}

// ReceiptsFrom is the first day of the receipts that make the usual
// month as of today: a loader need load none before it.
func ReceiptsFrom(today civil.Date) civil.Date { return today.AddDays(-MonthlyDays) }

// PromisesFrom is the first decision day of the broken and partly kept
// promises a summary as of today keeps: a loader need load only open
// promises and those decided since.
func PromisesFrom(today civil.Date) civil.Date { return today.AddDays(-BrokenDays) }

// Summarize returns c with what the cadence needs of its history as of
// today (the morning of today: what fell due before it is overdue):
//
//   - Overdue, the open items due before today, and OverdueDays, the days
//     past due of the oldest of them;
//   - DueSoon, the open items due today to Policy.SoonDays ahead;
//   - Collectable, the open items due by the end of today's month;
//   - PlanAgreed and Measures, as in h;
//   - Monthly, the receipts since ReceiptsFrom(today) over MonthlyMonths;
//   - Commitments, the open promises and the broken or partly kept ones
//     decided since PromisesFrom(today), in the order given; kept and
//     cancelled promises call for no follow-up. The slice may be
//     h.Promises itself when it keeps them all.
//
// The other fields of c are kept as they are.
func (p Policy) Summarize(c Customer, h History, today civil.Date) Customer {
	c.Overdue, c.OverdueDays, c.DueSoon, c.Collectable = 0, 0, 0, 0
	c.PlanAgreed, c.Measures = h.PlanAgreed, h.Measures
	open := h.Open
	if !slices.IsSortedFunc(open, byDue) {
		open = slices.Clone(open)
		slices.SortStableFunc(open, byDue)
	}
	soon, end := today.AddDays(p.SoonDays), today.MonthEnd()
	for _, it := range open {
		if it.Due <= end {
			c.Collectable += it.Amount
		}
		switch {
		case it.Due < today:
			if c.Overdue == 0 {
				c.OverdueDays = today.Sub(it.Due)
			}
			c.Overdue += it.Amount
		case it.Due <= soon:
			c.DueSoon += it.Amount
		}
	}
	var paid money.Amount
	from := ReceiptsFrom(today)
	for _, r := range h.Receipts {
		if r.Date >= from {
			paid += r.Amount
		}
	}
	c.Monthly = paid / MonthlyMonths
	c.Commitments = followedUp(h.Promises, PromisesFrom(today))
	return c
}

// byDue orders open items by due date.
func byDue(a, b ledger.OpenItem) int { return int(a.Due - b.Due) }

// followedUp returns the promises a summary keeps: the open ones and
// those broken or partly kept decided on or after from. When it keeps all
// (as when storage loaded only those) it returns ps itself, unallocated:
// the worklist summarises every customer of every rep.
func followedUp(ps []Commitment, from civil.Date) []Commitment {
	for i, m := range ps {
		if !followedUpOne(m, from) {
			out := slices.Clone(ps[:i])
			for _, m := range ps[i+1:] {
				if followedUpOne(m, from) {
					out = append(out, m)
				}
			}
			return out
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// followedUpOne reports whether a summary keeps the promise m.
func followedUpOne(m Commitment, from civil.Date) bool {
	switch m.Status {
	case commitment.Open:
		return true
	case commitment.Broken, commitment.PartlyKept:
		return m.DecidedOn >= from
	}
	return false
}
