package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestCapacityInputFromBook holds the simulator's view of a customer to the
// product's: for the hand-worked ledger of TestPlanInputs, grown by a
// credit note, a prepayment, a payment naming a later invoice, a dispute
// resolved and invoices paid early and late over a year, the pure
// plan.CapacityInputFromBook gives exactly what the store's PlanInputs
// sums in the database, for every month from March 2026 to June 2027.
func TestCapacityInputFromBook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := planInputBooks()
		b.Invoices = append(b.Invoices,
			inv("I5", "C1", "2026-06-03", "2026-07-03", 800),
			inv("CN1", "C1", "2026-06-20", "2026-06-20", -150),
			inv("I6", "C1", "2026-07-15", "2026-08-14", 400),
			inv("I7", "C1", "2026-07-15", "2026-08-14", 250),
			inv("I8", "C1", "2026-09-01", "2026-10-01", 1200),
			inv("I9", "C1", "2026-11-10", "2026-12-10", 700),
		)
		b.Payments = append(b.Payments,
			pay("P3", "C1", "2026-06-05", 300),
			pay("P4", "C1", "2026-07-20", 1500, "I6"),
			pay("P5", "C1", "2026-08-30", 600),
			pay("P6", "C1", "2027-01-15", 500),
		)
		b.Disputes = append(b.Disputes, ledger.Dispute{Invoice: "I8", Amount: money.Yuan(200), Opened: d("2026-09-20"), Resolved: d("2026-11-02")})
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		book := ledger.Book{Invoices: b.Invoices, Payments: b.Payments, Disputes: b.Disputes}
		a := ledger.Allocate(book)
		for m := d("2026-03-01"); m <= d("2027-06-01"); m = m.AddMonths(1) {
			ins, err := s.PlanInputs(ctx, user.Scope{All: true}, m)
			if err != nil {
				t.Fatal(err)
			}
			got := plan.CapacityInputFromBook(b.Customers[0], book, a, 0, 0, m)
			if diff := cmp.Diff(ins[0], got); diff != "" {
				t.Errorf("%s: CapacityInputFromBook differs from PlanInputs (-store +book):\n%s", plan.MonthKey(m), diff)
			}
		}
	})
}
