package store_test

import (
	"context"
	"testing"

	"huikuan/internal/paydate"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// BenchmarkPaydateReport measures `huikuan report paydate` on the database
// named by HUIKUAN_BENCH_DB (the large demo: 10,000 customers, ~930,000
// invoices): reading the model's history (PayHistories), and the report's
// default year evaluated with a model refitted before each month, or with
// one model fitted before the year (--train-until). See docs/BENCHMARKS.md.
func BenchmarkPaydateReport(b *testing.B) {
	ctx := context.Background()
	s, until := benchStore(b)
	all := user.Scope{All: true}
	b.Run("history", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.PayHistories(ctx, all); err != nil {
				b.Fatal(err)
			}
		}
	})
	today := until.AddDays(1)
	for _, c := range []struct {
		name   string
		oneFit bool
	}{{"year_monthly", false}, {"year_one_fit", true}} {
		b.Run(c.name, func(b *testing.B) {
			o, err := store.PaydateOptions(today, 0, 0, 0)
			if err != nil {
				b.Fatal(err)
			}
			if c.oneFit {
				o.TrainUntil = o.From.AddDays(-1)
			}
			var ev paydate.Evaluation
			for b.Loop() {
				if ev, err = s.PaydateReport(ctx, all, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(ev.N), "invoices")
			if ev.AUC != nil && ev.MAEDays != nil {
				b.ReportMetric(*ev.AUC, "auc")
				b.ReportMetric(*ev.Baselines.CustomerHistory.AUC, "history_auc")
				b.ReportMetric(*ev.MAEDays, "mae_days")
			}
		})
	}
}
