package cli

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/paydate"
	"huikuan/internal/sim"
	"huikuan/internal/store"
)

// demoPaydateHistory simulates a demo company in memory (the simulator's
// documents, not a database: store.PayHistories is tested equal to
// paydate.FromBook in internal/store, and the report through the store in
// the IBM and API tests) and turns each customer's book into the pay-date
// model's history.
func demoPaydateHistory(t testing.TB, w *sim.World, o sim.Options) []paydate.Invoice {
	t.Helper()
	var hist []paydate.Invoice
	err := sim.NewCompany(w, o).Generate(context.Background(), 100, func(c sim.Chunk) error {
		for _, d := range c.Docs {
			b := ledger.Book{Invoices: d.Invoices, Payments: d.Payments, Disputes: d.Disputes}
			hist = append(hist, paydate.FromBook(d.Customer, b)...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hist
}

// demoEvaluation measures the model on a demo history ending on until
// the way IBM's sample is measured: trained on what was settled before the
// last twelve months, tested on the invoices issued in them, the ones
// still open past their due date counted late. With monthly it is the
// report's default instead, a model refitted before each month (twelve
// fits: about ten times slower, so not in CI; HUIKUAN_PAYDATE_REFIT=monthly).
func demoEvaluation(hist []paydate.Invoice, until civil.Date, monthly bool) paydate.Evaluation {
	today := until.AddDays(1)
	from, to := store.PaydatePeriod(today)
	o := paydate.EvalOptions{From: from, To: to, Today: today, TrainUntil: from.AddDays(-1)}
	if monthly {
		o.TrainUntil = 0
	}
	return paydate.Evaluate(hist, o)
}

// TestPaydateDemoWorlds measures the model on the demo worlds, seeds 1–5
// of both built-in worlds (the small company, two years to 2026-06-30;
// HUIKUAN_PAYDATE_SIZE names another of the world's sizes), against issue
// 16's targets: AUC at least 0.03 above the customer-history baseline's
// and every calibration bin of at least 100 invoices within 0.07. They
// are not all reached (docs/MODEL.md, "Pay dates": 6 of 10 runs miss one),
// so the test holds what is — AUC at least 0.02 above the baseline, the
// pay-date MAE at least 0.3 days under it, every such bin within 0.15 —
// and logs each target it misses, so that a change that gets worse fails
// and one that gets better shows.
func TestPaydateDemoWorlds(t *testing.T) {
	size := "small"
	if v := os.Getenv("HUIKUAN_PAYDATE_SIZE"); v != "" {
		size = v
	}
	monthly := os.Getenv("HUIKUAN_PAYDATE_REFIT") == "monthly"
	until := civil.MustParse("2026-06-30")
	for _, world := range []struct {
		name string
		w    *sim.World
	}{{"default", sim.DefaultWorld()}, {"cash_crunch", sim.CashCrunchWorld()}} {
		for seed := uint64(1); seed <= 5; seed++ {
			t.Run(world.name+"/"+strconv.FormatUint(seed, 10), func(t *testing.T) {
				sz, ok := world.w.Sizes[size]
				if !ok {
					t.Fatalf("world %s has no size %q", world.name, size)
				}
				hist := demoPaydateHistory(t, world.w, sim.Options{Size: sz, Seed: seed, Until: until})
				ev := demoEvaluation(hist, until, monthly)
				js, _ := json.Marshal(ev)
				t.Logf("%s", js)
				if ev.N < 100 || ev.AUC == nil || ev.Baselines.CustomerHistory.AUC == nil || ev.MAEDays == nil || ev.Baselines.CustomerHistory.MAEDays == nil {
					t.Fatalf("too little measured: %s", js)
				}
				auc, hAUC := *ev.AUC, *ev.Baselines.CustomerHistory.AUC
				t.Logf("| %s | %d | %d | %.3f | %.3f | %.3f | %+.3f | %.2f | %.2f | %.3f |", world.name, seed, ev.N, *ev.LateRate, auc, hAUC, auc-hAUC,
					*ev.MAEDays, *ev.Baselines.CustomerHistory.MAEDays, worstBin(ev))
				if auc < hAUC+0.02 {
					t.Errorf("AUC %.4f; want at least 0.02 above the customer history's %.4f", auc, hAUC)
				} else if auc < hAUC+0.03 {
					t.Logf("issue 16's target missed: AUC %.4f is less than 0.03 above the customer history's %.4f", auc, hAUC)
				}
				if mae, hMAE := *ev.MAEDays, *ev.Baselines.CustomerHistory.MAEDays; mae > hMAE-0.3 {
					t.Errorf("pay-date MAE %.2f days; want at least 0.3 under the customer history's %.2f", mae, hMAE)
				}
				for _, b := range ev.Bins {
					switch gap := math.Abs(b.Predicted - b.Observed); {
					case b.N < 100:
					case gap > 0.15:
						t.Errorf("calibration bin %.1f–%.1f: %d invoices predicted %.3f late, observed %.3f", b.Lo, b.Hi, b.N, b.Predicted, b.Observed)
					case gap > 0.07:
						t.Logf("issue 16's target missed: bin %.1f–%.1f (%d invoices) predicted %.3f late, observed %.3f", b.Lo, b.Hi, b.N, b.Predicted, b.Observed)
					}
				}
			})
		}
	}
}

// worstBin is the largest gap between predicted and observed among the
// calibration bins of at least 100 invoices.
func worstBin(ev paydate.Evaluation) float64 {
	worst := 0.0
	for _, b := range ev.Bins {
		if b.N >= 100 {
			worst = max(worst, math.Abs(b.Predicted-b.Observed))
		}
	}
	return worst
}
