package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// planInputBooks is C1's ledger before June 2026, worked by hand in the
// tests below: I1 ¥1,000 issued 1 March, due 31 March, paid by P1 on 10
// April (10 days late); I2 ¥600 issued 20 April, due 20 May, ¥200 paid by
// P2 on 25 May and ¥100 of it in dispute from 21 May; I3 ¥500 issued 10
// May, due 9 June.
func planInputBooks() store.Batch {
	return store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "east"}},
		Customers: []ledger.Customer{cust("C1", "R1", 100000)},
		Invoices: []ledger.Invoice{
			inv("I1", "C1", "2026-03-01", "2026-03-31", 1000),
			inv("I2", "C1", "2026-04-20", "2026-05-20", 600),
			inv("I3", "C1", "2026-05-10", "2026-06-09", 500),
		},
		Payments: []ledger.Payment{pay("P1", "C1", "2026-04-10", 1000), pay("P2", "C1", "2026-05-25", 200)},
		Disputes: []ledger.Dispute{{Invoice: "I2", Amount: money.Yuan(100), Opened: d("2026-05-21"), Resolved: civil.Never}},
	}
}

func TestPlanInputs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, planInputBooks()); err != nil {
			t.Fatal(err)
		}
		june := d("2026-06-01")
		ins, err := s.PlanInputs(ctx, user.Scope{All: true}, june)
		if err != nil {
			t.Fatal(err)
		}
		y := money.Yuan
		want := plan.CapacityInput{Customer: "C1", Name: "客户C1", Rep: "R1",
			// The evening of 31 May: I2 ¥400 open less ¥100 in dispute,
			// I3 ¥500 not yet due.
			Open: []plan.Receivable{{Due: d("2026-05-20"), Amount: y(300)}, {Due: d("2026-06-09"), Amount: y(500)}},
			// As each of Dec … May began, open and due by its end: March
			// nothing (I1 was issued on its first day), April I1 ¥1,000
			// (unpaid on 31 March), May I2 ¥600.
			Collectable: [6]money.Amount{4: y(1000), 5: y(600)},
			// I1 closed 10 days late: in the step of 9 days (3-day steps).
			Delays: []plan.Delay{{Days: 9, Invoices: 1, Amount: y(1000)}},
			// April P1 ¥1,000 to I1 (issued in March); May P2 ¥200 to I2
			// (issued in April): no fresh money.
			Paid: [12]money.Amount{10: y(1000), 11: y(200)},
		}
		if len(ins) != 1 {
			t.Fatalf("inputs for %d customers, want 1", len(ins))
		}
		if diff := cmp.Diff(want, ins[0]); diff != "" {
			t.Errorf("C1's input for June (-want +got):\n%s", diff)
		}
	})
}

// The capacity for a month must come only from what was known the evening
// before it: documents dated in the month, and allocations they make to
// earlier invoices, change nothing. The backtest's honesty rests on it.
func TestPlanInputsKnowOnlyThePast(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, planInputBooks()); err != nil {
			t.Fatal(err)
		}
		june, all := d("2026-06-01"), user.Scope{All: true}
		before, err := s.PlanInputs(ctx, all, june)
		if err != nil {
			t.Fatal(err)
		}
		june1 := store.Batch{
			Invoices: []ledger.Invoice{inv("I4", "C1", "2026-06-01", "2026-06-05", 700)},
			Payments: []ledger.Payment{pay("P3", "C1", "2026-06-01", 2000), pay("P4", "C1", "2026-06-30", 50)},
		}
		if _, err := s.Apply(ctx, june1); err != nil {
			t.Fatal(err)
		}
		if err := s.ResolveDispute(ctx, disputeID(t, s), d("2026-06-02")); err != nil {
			t.Fatal(err)
		}
		after, err := s.PlanInputs(ctx, all, june)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("June's documents changed June's capacity inputs (-before +after):\n%s", diff)
		}
		// July sees them: June's payments, and I2 to I4 settled in June.
		july, err := s.PlanInputs(ctx, all, d("2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		if got := july[0].Paid[11]; got != money.Yuan(2050) {
			t.Errorf("July's input: June paid %v, want ¥2,050.00", got)
		}
	})
}

// disputeID is the id of the only dispute.
func disputeID(t *testing.T, s *store.Store) int64 {
	t.Helper()
	var id int64
	if err := s.DB().Reader().QueryRowContext(context.Background(), `SELECT id FROM disputes`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
