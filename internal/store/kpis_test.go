package store_test

import (
	"context"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/kpi"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// kpiWorld is a hand-computed ledger for the KPI sums: R1 (team east)
// with C1 and C2, R2 (team west) with C3.
//
//	C1: I1 1,000 issued 09-10 due 10-10, paid 10-20 (P1); I2 2,000 issued
//	    10-05 due 11-04, 500 paid 11-10 (P2).
//	C2: I3 500 issued 10-20 due 11-19, 200 of it disputed from 10-28;
//	    I5 1,000 issued 11-25 due 12-25.
//	C3: a credit note of 100 on 11-05 with nothing to apply to, and a
//	    prepayment of 300 on 11-15: neither is netted from AR.
func kpiWorld(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	s := open(t, dbURL)
	at := func(day string) time.Time {
		return time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, int(d(day)-d("2026-11-01")))
	}
	call := func(c, day, disposition string) store.NewCall {
		return store.NewCall{Customer: c, At: at(day), Date: d(day), Disposition: disposition}
	}
	b := store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "east"}, {Code: "R2", Name: "李二", Region: "华东", Team: "west"}},
		Customers: []ledger.Customer{cust("C1", "R1", 50000), cust("C2", "R1", 50000), cust("C3", "R2", 50000)},
		Invoices: []ledger.Invoice{inv("I1", "C1", "2026-09-10", "2026-10-10", 1000), inv("I2", "C1", "2026-10-05", "2026-11-04", 2000),
			inv("I3", "C2", "2026-10-20", "2026-11-19", 500), inv("I5", "C2", "2026-11-25", "2026-12-25", 1000),
			inv("CN1", "C3", "2026-11-05", "2026-11-05", -100)},
		Payments: []ledger.Payment{pay("P1", "C1", "2026-10-20", 1000, "I1"), pay("P2", "C1", "2026-11-10", 500, "I2"), pay("P3", "C3", "2026-11-15", 300)},
		Disputes: []ledger.Dispute{{Invoice: "I3", Amount: money.Yuan(200), Opened: d("2026-10-28"), Resolved: civil.Never}},
		Commitments: []store.NewCommitment{
			{Customer: "C1", Amount: money.Yuan(500), Made: d("2026-11-05"), Due: d("2026-11-10")},
			{Customer: "C2", Amount: money.Yuan(500), Made: d("2026-11-01"), Due: d("2026-11-12")},
			{Customer: "C3", Amount: money.Yuan(400), Made: d("2026-11-10"), Due: d("2026-11-16")},
		},
		Calls: []store.NewCall{call("C1", "2026-10-15", followup.ReachedPaid),
			call("C1", "2026-11-05", followup.ReachedPromised), call("C2", "2026-11-01", followup.ReachedPromised),
			call("C2", "2026-11-16", followup.NoAnswer), call("C3", "2026-11-10", followup.CallbackRequested),
			call("C3", "2026-11-20", followup.ReachedExcuse), call("C3", "2026-11-21", "")},
	}
	ctx := context.Background()
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DecideCommitments(ctx, d("2026-11-30")); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestKPISums(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := kpiWorld(t, dbURL)
		y := money.Yuan
		bk := ledger.Buckets{0, 30, 60}
		nov := store.KPIPeriod{From: d("2026-11-01"), To: d("2026-11-30")}
		early := store.KPIPeriod{From: d("2026-11-01"), To: d("2026-11-20")}
		got, err := s.KPISums(ctx, user.Scope{All: true}, bk, nov, early)
		if err != nil {
			t.Fatal(err)
		}
		n := got[0]
		// AR(10-31): I2 2,000 and I3 500, both not yet due. AR(11-30): I2's
		// 1,500 26 days late, I3's 500 (its dispute included) 11 days late,
		// I5 1,000 not yet due.
		wantOpen := store.ARAt{AR: y(2500), Current: y(2500), Aging: []money.Amount{y(2500), 0, 0, 0}}
		wantClose := store.ARAt{AR: y(3000), Current: y(1000), Overdue: kpi.OverdueDays{Amount: y(2000), AmountDays: int64(y(1500))*26 + int64(y(500))*11},
			Aging: []money.Amount{y(1000), y(2000), 0, 0}}
		checkAR(t, "AR(10-31)", n.Opening, wantOpen)
		checkAR(t, "AR(11-30)", n.Closing, wantClose)
		if n.Sales != y(900) || n.Collected != y(800) {
			t.Errorf("November: sales %v, collected %v; want 900.00 (1,000 − the credit note's 100), 800.00", n.Sales, n.Collected)
		}
		if n.MonthSales[0] != y(900) || n.MonthSales[1] != y(2500) || n.MonthSales[2] != y(1000) || len(n.MonthSales) != kpi.CountbackMonths {
			t.Errorf("month sales %v; want 900, 2500, 1000, … (November, October, September)", n.MonthSales[:3])
		}
		if n.Calls != 5 || n.Reached != 4 || n.Promised != 2 {
			t.Errorf("November calls %d, reached %d, promised %d; want 5 (not the one without an outcome), 4 (the call back counts as reached), 2", n.Calls, n.Reached, n.Promised)
		}
		checkKept(t, s, n)
		// A period ending before the last event is read from the allocations.
		e := got[1]
		checkAR(t, "AR(11-20)", e.Closing, store.ARAt{AR: y(2000), Overdue: kpi.OverdueDays{Amount: y(2000), AmountDays: int64(y(1500))*16 + int64(y(500))*1},
			Aging: []money.Amount{0, y(2000), 0, 0}})
		if e.Opening.AR != y(2500) || e.Sales != y(-100) {
			t.Errorf("to 11-20: opening %v, sales %v; want 2,500.00, -100.00", e.Opening.AR, e.Sales)
		}

		// A team sees its customers only.
		west, err := s.KPISums(ctx, user.Scope{Team: "west"}, bk, nov)
		if err != nil {
			t.Fatal(err)
		}
		if w := west[0]; w.Closing.AR != 0 || w.Sales != y(-100) || w.Collected != y(300) || w.Calls != 2 || w.Reached != 2 {
			t.Errorf("team west: %+v; want AR 0, sales -100, collected 300, 2 calls, both reached", w)
		}
	})
}

func checkAR(t *testing.T, what string, got, want store.ARAt) {
	t.Helper()
	if got.AR != want.AR || got.Current != want.Current || got.Overdue != want.Overdue || len(got.Aging) != len(want.Aging) {
		t.Errorf("%s = %+v; want %+v", what, got, want)
		return
	}
	for i := range want.Aging {
		if got.Aging[i] != want.Aging[i] {
			t.Errorf("%s aging %v; want %v", what, got.Aging, want.Aging)
		}
	}
}

// checkKept compares the promise sums with the promises decided in the
// period as the store lists them.
func checkKept(t *testing.T, s *store.Store, k store.KPISums) {
	t.Helper()
	rows, err := s.Commitments(context.Background(), store.CommitmentFilter{Scope: user.Scope{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	var want kpi.Kept
	for _, r := range rows {
		if r.DecidedOn >= k.From && r.DecidedOn <= k.To {
			want.Add(kpi.Promise{Amount: r.Amount, Fulfilled: r.Fulfilled, Status: string(r.Status)})
		}
	}
	if want.Decided == 0 || want.Kept == 0 || want.Kept == want.Decided {
		t.Fatalf("the world should decide kept and unkept promises in November: %+v", want)
	}
	if k.Kept != want {
		t.Errorf("kept sums %+v; want %+v", k.Kept, want)
	}
}
