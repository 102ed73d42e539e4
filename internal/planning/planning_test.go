package planning_test

import (
	"context"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/forecast"
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

// world is R1's customer C1, which paid ¥1,000 on the 5th of each month
// from June to November 2026 for an invoice due that day.
func world(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	b := store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "east"}},
		Customers: []ledger.Customer{{Code: "C1", Name: "客户一", Region: "华东", Rep: "R1", Tier: ledger.TierB, CreditLimit: money.Yuan(100000), TermsDays: 30}},
	}
	for m := d("2026-06-01"); m <= d("2026-12-01"); m = m.AddMonths(1) {
		due := m.AddDays(4)
		n := due.String()
		b.Invoices = append(b.Invoices, ledger.Invoice{Number: "I" + n, Customer: "C1", Issue: due.AddDays(-30), Due: due, Amount: money.Yuan(1000)})
		if m < d("2026-12-01") {
			b.Payments = append(b.Payments, ledger.Payment{Number: "P" + n, Customer: "C1", Date: due, Amount: money.Yuan(1000)})
		}
	}
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	return s
}

// A measure's effect is what was paid in its window above the capacity's
// share of those days.
func TestMeasureEffects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := world(t, dbURL)
		dec, all := d("2026-12-01"), user.Scope{All: true}
		m, err := s.AddMeasure(ctx, store.Actor{Name: "test"}, all, dec, "C1", store.NewMeasure{Kind: plan.DownstreamPromotion, Expected: money.Yuan(500), Owner: "王一", Due: d("2026-12-10")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(ctx, store.Batch{Payments: []ledger.Payment{{Number: "PX", Customer: "C1", Date: d("2026-12-05"), Amount: money.Yuan(2500)}}}); err != nil {
			t.Fatal(err)
		}
		es, err := planning.Capacities(ctx, s, all, dec)
		if err != nil {
			t.Fatal(err)
		}
		effects, err := planning.MeasureEffects(ctx, s, all, []store.MeasureRow{m}, d("2026-12-20"))
		if err != nil {
			t.Fatal(err)
		}
		e := effects[m.ID]
		baseline := es[0].Amount * 10 / 31
		if e.Paid != money.Yuan(2500) || e.Baseline != baseline || e.Actual != money.Yuan(2500)-baseline || es[0].Amount == 0 {
			t.Errorf("effect %+v; want paid ¥2,500, baseline %v (10/31 of the capacity %v)", e, baseline, es[0].Amount)
		}
	})
}

// The company's capacities for a month are saved once worked out, read
// back the same to the fen, and forgotten when a document dated before the
// month is written — not when one dated in it is.
func TestCapacitiesSaved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := world(t, dbURL)
		dec, all := d("2026-12-01"), user.Scope{All: true}
		saved := func() bool {
			_, ok, err := s.SavedCapacities(ctx, all, dec)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		first, err := planning.Capacities(ctx, s, all, dec)
		if err != nil {
			t.Fatal(err)
		}
		if !saved() {
			t.Fatal("the company's capacities for December were not saved")
		}
		again, err := planning.Capacities(ctx, s, all, dec)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 1 || again[0] != first[0] {
			t.Errorf("read back %+v, worked out %+v", again, first)
		}
		pay := func(n, date string) {
			if _, err := s.Apply(ctx, store.Batch{Payments: []ledger.Payment{{Number: n, Customer: "C1", Date: d(date), Amount: money.Yuan(5000)}}}); err != nil {
				t.Fatal(err)
			}
		}
		pay("PD", "2026-12-05")
		if !saved() {
			t.Error("a payment dated in December forgot December's capacities")
		}
		gen, err := s.CapacityGeneration(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pay("PN", "2026-11-20")
		if saved() {
			t.Fatal("a payment dated in November left December's capacities saved")
		}
		after, err := planning.Capacities(ctx, s, all, dec)
		if err != nil {
			t.Fatal(err)
		}
		if after[0] == first[0] {
			t.Errorf("November's new payment changed nothing: %+v", after[0])
		}
		// What was worked out before a write is not saved after it.
		if ok, err := s.SaveCapacities(ctx, d("2027-01-01"), gen, nil); err != nil || ok {
			t.Errorf("saving with a stale generation: %v %v", ok, err)
		}
	})
}

// The promised part of a month's attainment is the month forecast's
// committed part, to the fen, for the same scope and day — though the
// attainment loads only the customers with a promise due in the rest of
// the month.
func TestAttainmentPromisedIsTheForecasts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := world(t, dbURL)
		all, actor := user.Scope{All: true}, store.Actor{Name: "test"}
		for _, p := range []store.NewCommitment{
			{Customer: "C1", Amount: money.Yuan(700), Due: d("2026-12-18"), Made: d("2026-12-02"), Contact: "李总"},
			{Customer: "C1", Amount: money.Yuan(300), Due: d("2027-01-08"), Made: d("2026-12-02"), Contact: "李总"},
		} {
			if _, err := s.CreateCommitment(ctx, actor, all, p); err != nil {
				t.Fatal(err)
			}
		}
		today := d("2026-12-03")
		r, err := planning.Attainment(ctx, s, all, d("2026-12-01"), today, "")
		if err != nil {
			t.Fatal(err)
		}
		f, err := forecast.Month(ctx, s, all, today, today)
		if err != nil {
			t.Fatal(err)
		}
		if r.PromisedWeighted != f.CommittedWeighted || r.PromisedWeighted == 0 {
			t.Errorf("attainment's promised %v, the forecast's committed %v", r.PromisedWeighted, f.CommittedWeighted)
		}
	})
}
