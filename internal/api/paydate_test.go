package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/cli"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/paydate"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// paydateHistory adds to the test world two years of monthly invoices of
// every customer, each paid in full some days after it is issued: C1 early,
// C2 and C3 late, C4 and C5 now one way now the other. All are settled by
// 2026-06-30, so the evaluation does not depend on the day it is made.
func paydateHistory(t *testing.T, w *world) {
	t.Helper()
	var b store.Batch
	lags := map[string][]int{"C1": {20, 25}, "C2": {45, 50, 40}, "C3": {35, 60}, "C4": {20, 40}, "C5": {15, 31, 55}}
	for _, code := range []string{"C1", "C2", "C3", "C4", "C5"} {
		for k := range 21 {
			issue := civil.MustParse("2024-07-05").AddMonths(k)
			num := fmt.Sprintf("%s-%02d", code, k)
			lag := lags[code][k%len(lags[code])]
			b.Invoices = append(b.Invoices, ledger.Invoice{Number: num, Customer: code, Issue: issue, Due: issue.AddDays(30), Amount: money.Yuan(int64(100 * (k%4 + 1)))})
			b.Payments = append(b.Payments, ledger.Payment{Number: "P" + num, Customer: code, Date: issue.AddDays(lag), Amount: money.Yuan(int64(100 * (k%4 + 1))), Invoices: []string{num}})
		}
	}
	if _, err := w.store.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

// TestPaydateReportSameAsCLI: GET /reports/paydate answers what `huikuan
// report paydate --format json` prints for the same customers (a
// manager's team is the CLI's --team), reps are refused, and a training
// cut-off on or after the period's start is a 422.
func TestPaydateReportSameAsCLI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		paydateHistory(t, w)
		const q = "from=2025-07-01&to=2026-03-31&train_until=2025-06-30"
		flags := []string{"report", "paydate", "--from", "2025-07-01", "--to", "2026-03-31", "--train-until", "2025-06-30", "--format", "json", "--db", dbURL}
		for _, c := range []struct {
			as    string
			flags []string
			n     int
			auc   bool // false: every invoice late, no AUC
		}{
			{"admin", nil, 46, true}, // 9 months × 5 customers, and I1 open past due
			{"fin", nil, 46, true},
			{"boss", []string{"--team", "东区"}, 37, true}, // C1, C2, C4, C5
			{"west", []string{"--team", "西区"}, 9, false}, // C3, always late: no AUC
		} {
			res := w.do(t, c.as, "GET", "/api/v1/reports/paydate?"+q, "")
			if res.status != 200 {
				t.Fatalf("%s: %d %s", c.as, res.status, res.body)
			}
			var out, errOut bytes.Buffer
			if code := cli.Run(context.Background(), append(flags, c.flags...), cli.IO{Stdout: &out, Stderr: &errOut}, func(string) string { return "" }); code != 0 {
				t.Fatalf("report paydate: exit %d: %s", code, errOut.Bytes())
			}
			var got, want paydate.Evaluation
			if err := json.Unmarshal(res.body, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out.Bytes(), &want); err != nil {
				t.Fatal(err)
			}
			if got.N != c.n || (got.AUC != nil) != c.auc || got.MAEDays == nil {
				t.Errorf("%s: n %d, auc %v, mae %v; want %d invoices measured", c.as, got.N, got.AUC, got.MAEDays, c.n)
			}
			sameEvaluation(t, c.as, got, want)
		}
		for _, c := range []struct {
			as, query string
			want      int
		}{
			{"rep1", q, 403},
			{"", q, 401},
			{"admin", "from=2025-07-01&to=2026-03-31&train_until=2025-07-01", 422},
			{"admin", "from=2026-04-01&to=2026-03-31", 422},
			{"admin", "from=2025-13-01", 422},
		} {
			if res := w.do(t, c.as, "GET", "/api/v1/reports/paydate?"+c.query, ""); res.status != c.want {
				t.Errorf("%s ?%s: %d %s; want %d", c.as, c.query, res.status, res.body, c.want)
			}
		}
	})
}

// sameEvaluation fails unless two evaluations agree: the counts exactly,
// the figures to 1e-9 (Evaluate sums over a map, so the last bits of a
// sum may differ between runs).
func sameEvaluation(t *testing.T, who string, got, want paydate.Evaluation) {
	t.Helper()
	a, _ := json.Marshal(round(got))
	b, _ := json.Marshal(round(want))
	if !bytes.Equal(a, b) {
		t.Errorf("%s: the API answers\n%s\nthe CLI prints\n%s", who, a, b)
	}
}

// round rounds an evaluation's figures to 1e-9.
func round(e paydate.Evaluation) paydate.Evaluation {
	r := func(p *float64) *float64 {
		if p == nil {
			return nil
		}
		v := float64(int64(*p*1e9+0.5)) / 1e9
		return &v
	}
	e.LateRate, e.AUC, e.Brier, e.MAEDays = r(e.LateRate), r(e.AUC), r(e.Brier), r(e.MAEDays)
	e.Baselines.CustomerHistory.AUC, e.Baselines.CustomerHistory.MAEDays = r(e.Baselines.CustomerHistory.AUC), r(e.Baselines.CustomerHistory.MAEDays)
	e.Baselines.Terms.MAEDays = r(e.Baselines.Terms.MAEDays)
	for i := range e.Bins {
		e.Bins[i].Predicted, e.Bins[i].Observed = *r(&e.Bins[i].Predicted), *r(&e.Bins[i].Observed)
	}
	return e
}
