package callsheet_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"huikuan/internal/callsheet"
	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var d = civil.MustParse

// world: R1's customer C1 bought ¥100,000 on the 1st of each month from
// December 2025, due in 30 days, and paid ¥80,000 on the 10th of each
// month from January to November 2026 (¥120,000 in March, its best
// month); three calls haggled ¥100,000 asks down to ¥50,000, ¥60,000 and
// ¥70,000; one call met a cash_tight excuse. R2's customer C2 is not R1's.
func world(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	b := store.Batch{
		Reps: []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "east"}, {Code: "R2", Name: "李二", Region: "华东", Team: "east"}},
		Customers: []ledger.Customer{
			{Code: "C1", Name: "客户一", Region: "华东", Rep: "R1", Tier: ledger.TierB, CreditLimit: money.Yuan(1_000_000), TermsDays: 30},
			{Code: "C2", Name: "客户二", Region: "华东", Rep: "R2", Tier: ledger.TierB, TermsDays: 30},
		},
	}
	for m := d("2025-12-01"); m <= d("2026-12-01"); m = m.AddMonths(1) {
		n := m.String()
		b.Invoices = append(b.Invoices, ledger.Invoice{Number: "I" + n, Customer: "C1", Issue: m, Due: m.AddDays(30), Amount: money.Yuan(100_000)})
		if m >= d("2026-01-01") && m < d("2026-12-01") {
			paid := money.Yuan(80_000)
			if m == d("2026-03-01") {
				paid = money.Yuan(120_000)
			}
			b.Payments = append(b.Payments, ledger.Payment{Number: "P" + n, Customer: "C1", Date: m.AddDays(9), Amount: paid})
		}
	}
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	r1 := user.Scope{Rep: "R1"}
	for i, agreed := range []int64{50_000, 60_000, 70_000} {
		day := d("2026-11-02").AddDays(i)
		if _, err := s.LogCall(ctx, store.Actor{Name: "r1"}, r1, store.NewCall{Customer: "C1", At: time.Date(2026, 11, 2+i, 9, 0, 0, 0, time.UTC), Date: day,
			Disposition: "reached-refused", AmountAsked: money.Yuan(100_000), AmountAgreed: money.Yuan(agreed)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.LogCall(ctx, store.Actor{Name: "r1"}, r1, store.NewCall{Customer: "C1", At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), Date: d("2026-11-20"),
		Disposition: "reached-excuse", Excuse: excuse.CashTight, Notes: "最近资金紧张"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSheet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := world(t, dbURL)
		day := d("2026-12-02")
		sh, err := callsheet.Make(ctx, s, user.Scope{Rep: "R1"}, "C1", day, "zh")
		if err != nil {
			t.Fatal(err)
		}
		// Owed: 13 invoices of ¥100,000 less 11 payments (¥920,000) =
		// ¥380,000; of which overdue on 2 December what fell due by 1
		// December (the November invoice's due day) = ¥280,000; the
		// December invoice, due on the 31st, falls due in the month.
		if sh.Owed != money.Yuan(380_000) || sh.Overdue != money.Yuan(280_000) || sh.DueInMonth != money.Yuan(100_000) {
			t.Errorf("owed %v overdue %v due in month %v", sh.Owed, sh.Overdue, sh.DueInMonth)
		}
		a := sh.OpeningAsk
		// r = the median of 0.5, 0.6, 0.7; expected ¥380,000 ÷ 0.6 = ¥633,334
		// → ¥640,000; cap = min(1.5 × ¥120,000, ¥380,000) = ¥180,000; the
		// floor, expected ¥380,000, wins.
		if a.Ratio != 0.6 || a.RatioCalls != 3 || a.Expected != money.Yuan(380_000) || a.Rounded != money.Yuan(640_000) ||
			a.Cap != money.Yuan(180_000) || a.Ask != money.Yuan(380_000) || len(a.Options) != 2 {
			t.Errorf("opening ask %+v", a)
		}
		if len(sh.Ratios) != 3 || sh.Ratios[0].Ratio != 0.5 {
			t.Errorf("ratios %+v", sh.Ratios)
		}
		if len(sh.Months) != 3 || sh.Months[0].Month != "2026-11" || sh.Months[0].Paid != money.Yuan(80_000) || sh.Months[0].Bought != money.Yuan(100_000) {
			t.Errorf("months %+v", sh.Months)
		}
		// The cash_tight counter names what it owes against its limit.
		if len(sh.Excuses) != 1 || sh.Excuses[0].Category != excuse.CashTight || !strings.Contains(sh.Excuses[0].Counter, "¥380,000.00") ||
			!strings.Contains(sh.Excuses[0].Counter, "¥1,000,000.00") || strings.Contains(sh.Excuses[0].Counter, "{") {
			t.Errorf("excuses %+v", sh.Excuses)
		}
		if len(sh.Calls) != 4 || len(sh.Tips) != 3 {
			t.Errorf("%d calls, %d tips", len(sh.Calls), len(sh.Tips))
		}
		// A draft plan is shown, but only an agreed one sets what is expected.
		if _, err := planning.SavePlan(ctx, s, store.Actor{Name: "r1"}, user.Scope{Rep: "R1"}, day.MonthStart(), "C1", store.PlanInput{Asked: money.Yuan(120_000), Status: plan.Draft}, day); err != nil {
			t.Fatal(err)
		}
		sh, err = callsheet.Make(ctx, s, user.Scope{Rep: "R1"}, "C1", day, "zh")
		if err != nil {
			t.Fatal(err)
		}
		if sh.Plan == nil || sh.Plan.Asked != money.Yuan(120_000) || sh.OpeningAsk.FromPlan || sh.OpeningAsk.Expected != money.Yuan(380_000) {
			t.Errorf("with a draft plan: plan %+v, ask %+v", sh.Plan, sh.OpeningAsk)
		}
		if asked, err := s.PlansAsked(ctx, user.Scope{All: true}, day, "R1"); err != nil || asked != money.Yuan(120_000) {
			t.Errorf("R1's plans ask %v (%v)", asked, err)
		}
		// A rep sees the sheets of own customers only.
		if _, err := callsheet.Make(ctx, s, user.Scope{Rep: "R2"}, "C1", day, "zh"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("R2 reading C1's sheet: %v", err)
		}
	})
}

// The excuse report counts the world's one cash_tight excuse (20
// November): no payment, promise or dispute followed it within 14 days
// and no later call, so R1 let it stand.
func TestExcuseReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := world(t, dbURL)
		r, err := callsheet.Excuses(ctx, s, user.Scope{All: true}, d("2026-11-01"), d("2026-11-30"))
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Categories) != 1 || r.Categories[0] != (excuse.CategoryStat{Category: excuse.CashTight, Count: 1}) {
			t.Errorf("categories %+v", r.Categories)
		}
		if len(r.Reps) != 1 || r.Reps[0] != (excuse.RepStat{Rep: "R1", Excuses: 1, Accepted: 1, NoNextCall: 1}) {
			t.Errorf("reps %+v", r.Reps)
		}
		// A payment on the 25th and a call on the 23rd: money followed, and
		// the rep called again within the B tier's cadence.
		if _, err := s.Apply(ctx, store.Batch{Payments: []ledger.Payment{{Number: "PX", Customer: "C1", Date: d("2026-11-25"), Amount: money.Yuan(5000)}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LogCall(ctx, store.Actor{Name: "r1"}, user.Scope{Rep: "R1"}, store.NewCall{Customer: "C1", At: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), Date: d("2026-11-23"), Disposition: "no-answer"}); err != nil {
			t.Fatal(err)
		}
		r, err = callsheet.Excuses(ctx, s, user.Scope{All: true}, d("2026-11-01"), d("2026-11-30"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Categories[0].Paid != 1 || r.Reps[0].Accepted != 0 || r.Reps[0].NoNextCall != 0 {
			t.Errorf("after the payment and the call: %+v %+v", r.Categories, r.Reps)
		}
		if r, err := callsheet.Excuses(ctx, s, user.Scope{Rep: "R2"}, d("2026-11-01"), d("2026-11-30")); err != nil || len(r.Reps) != 0 {
			t.Errorf("R2 sees %+v (%v)", r, err)
		}
	})
}
