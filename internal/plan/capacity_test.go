package plan_test

import (
	"testing"

	"huikuan/internal/money"
	"huikuan/internal/plan"
)

// steady is a customer that paid ¥1,000 in each of the twelve months
// before June 2026, and had ¥1,000 collectable as each of the last six
// began.
func steady() plan.CapacityInput {
	in := plan.CapacityInput{Customer: "C1", Rep: "R1"}
	for k := range in.Paid {
		in.Paid[k] = 100000
	}
	for k := range in.Collectable {
		in.Collectable[k] = 100000
	}
	return in
}

// Each case is worked by hand in its comment, from Capacity's doc: the
// blend is 0.5 by rate + 0.2 by invoice + 0.3 by average.
func TestCapacity(t *testing.T) {
	june := d("2026-06-01")
	cases := []struct {
		name                                   string
		in                                     func() plan.CapacityInput
		due, overdue                           money.Amount
		byRate, byInvoice, byAverage, capTotal money.Amount
	}{
		{
			// Nothing known: nothing expected.
			name: "new customer", in: func() plan.CapacityInput { return plan.CapacityInput{Customer: "C0"} },
		},
		{
			// ¥1,000 due on 15 June. Rate over six months: (6000 + 0.6×1000)
			// ÷ (6000 + 1000 + 0.01) = 0.942856; over three: 3600 ÷ 4000.01
			// = 0.899998; their mean 0.921427 × ¥1,000 = ¥921.43. By
			// invoice, with only the population's delays (0, 7, 15, 30, 45
			// days): an invoice 15 days before its due date is paid by 15
			// days after it in 3 of 5 → ¥600. Average ¥1,000.
			// 0.5×92142.7 + 0.2×60000 + 0.3×100000 = 88071.35 fen.
			name: "steady payer, due mid-month",
			in: func() plan.CapacityInput {
				in := steady()
				in.Open = []plan.Receivable{{Due: d("2026-06-15"), Amount: 100000}}
				return in
			},
			due: 100000, byRate: 92143, byInvoice: 60000, byAverage: 100000, capTotal: 88071,
		},
		{
			// Its own record: ten invoices, ¥10,000 in all, paid 21 days
			// late, outweigh the population's three invoices' worth: an
			// invoice due on 15 June is paid by 30 June (15 days after) in
			// (0.6+0.6+0.6) ÷ (10+3) of cases = 0.138462 → ¥138.46.
			// 0.5×92142.7 + 0.2×13846.15 + 0.3×100000 = 78840.58 fen.
			name: "own delays outweigh the population's",
			in: func() plan.CapacityInput {
				in := steady()
				in.Open = []plan.Receivable{{Due: d("2026-06-15"), Amount: 100000}}
				in.Delays = []plan.Delay{{Days: 21, Invoices: 10, Amount: 1000000}}
				return in
			},
			due: 100000, byRate: 92143, byInvoice: 13846, byAverage: 100000, capTotal: 78841,
		},
		{
			// ¥1,000 due 1 April, 61 days before the month: later than every
			// delay shown (the population's 45 days at most), so it comes at
			// 0.3 × 2 × the kept rate a month. Kept 1 of 3 promises: (1 +
			// 1.2) ÷ (3 + 2) = 0.44 → 0.264 → ¥264. No new business.
			// 0.5×92142.7 + 0.2×26400 + 0.3×100000 = 81351.35 fen.
			name: "stuck overdue, few promises kept",
			in: func() plan.CapacityInput {
				in := steady()
				in.Open = []plan.Receivable{{Due: d("2026-03-31"), Amount: 100000}}
				in.Kept, in.Decided = 1, 3
				return in
			},
			overdue: 100000, byRate: 92143, byInvoice: 26400, byAverage: 100000, capTotal: 81351,
		},
		{
			// New business only: ¥500 a month of fresh money for the last
			// six months, nothing collectable. Rate: (3000 + 0.6×500) ÷
			// (0 + 500 + 0.01) ≫ 1.5, so 1.5, times nothing → 0. By invoice
			// ¥500; average ¥500. 0.2×50000 + 0.3×50000 = 25000.
			name: "prepaying customer",
			in: func() plan.CapacityInput {
				var in plan.CapacityInput
				for k := 6; k < 12; k++ {
					in.Paid[k], in.Fresh[k] = 50000, 50000
				}
				return in
			},
			byInvoice: 50000, byAverage: 50000, capTotal: 25000,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := plan.Capacity(c.in(), june)
			got := [6]money.Amount{e.Due, e.Overdue, e.ByRate, e.ByInvoice, e.ByAverage, e.Amount}
			want := [6]money.Amount{c.due, c.overdue, c.byRate, c.byInvoice, c.byAverage, c.capTotal}
			if got != want {
				t.Errorf("due, overdue, by rate, by invoice, by average, capacity = %v, want %v", got, want)
			}
		})
	}
}
