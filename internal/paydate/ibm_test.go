package paydate

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ibmar"
	"huikuan/internal/importer"
	"huikuan/internal/ledger"
)

// ibmHistory reads IBM's accounts-receivable sample (ibmar.Path finds it,
// or skips the test where it cannot be) as the model's history.
func ibmHistory(t *testing.T) []Invoice {
	t.Helper()
	f, err := os.Open(ibmar.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ibm, err := importer.ReadIBM(f, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []Invoice
	for _, c := range ibm.Customers {
		var b ledger.Book
		for _, inv := range ibm.Invoices {
			if inv.Customer == c.Code {
				b.Invoices = append(b.Invoices, inv)
			}
		}
		for _, p := range ibm.Payments {
			if p.Customer == c.Code {
				b.Payments = append(b.Payments, p)
			}
		}
		out = append(out, FromBook(c, b)...)
	}
	if len(out) != 2466 {
		t.Fatalf("read %d invoices of the sample; want 2466", len(out))
	}
	return out
}

// TestIBM measures the model on IBM's sample as issue 16 asks: trained
// on what was settled by 2012-12-31, each 2013 invoice predicted from
// what was settled before its issue day. Issue 16's targets are AUC ≥
// 0.88 and MAE ≤ 6.0 days; the model reaches 0.881 and 5.84
// (docs/MODEL.md) with PaperlessBill read as the invoices' electronic.
func TestIBM(t *testing.T) {
	hist := ibmHistory(t)
	ev := Evaluate(hist, EvalOptions{From: civil.MustParse("2013-01-01"), To: civil.MustParse("2013-12-31"), TrainUntil: civil.MustParse("2012-12-31")})
	js, _ := json.Marshal(ev)
	t.Logf("%s", js)
	if ev.N != 1189 || ev.AUC == nil || ev.MAEDays == nil || ev.Baselines.CustomerHistory.AUC == nil || ev.Baselines.CustomerHistory.MAEDays == nil {
		t.Fatalf("want the 1,189 invoices of 2013 measured: %s", js)
	}
	auc, mae := *ev.AUC, *ev.MAEDays
	histAUC, histMAE := *ev.Baselines.CustomerHistory.AUC, *ev.Baselines.CustomerHistory.MAEDays
	// the sample's README: the customer's late rate alone 0.866, its median days 6.39
	if math.Abs(histAUC-0.866) > 0.001 || math.Abs(histMAE-6.39) > 0.01 {
		t.Errorf("baselines AUC %.4f, MAE %.3f; want the README's 0.866 and 6.39", histAUC, histMAE)
	}
	if auc < 0.88 || auc < histAUC+0.01 {
		t.Errorf("AUC %.4f; want at least 0.88 and 0.01 above the customer history's %.4f", auc, histAUC)
	}
	if mae > 6.0 || mae > histMAE-0.3 {
		t.Errorf("MAE %.3f days; want at most 6.0 and 0.3 under the customer history's %.3f", mae, histMAE)
	}
	for _, b := range ev.Bins {
		if b.N >= 100 && math.Abs(b.Predicted-b.Observed) > 0.06 {
			t.Errorf("calibration bin %.1f–%.1f: %d invoices predicted %.3f late, observed %.3f", b.Lo, b.Hi, b.N, b.Predicted, b.Observed)
		}
	}
	// the range is the 20th to 80th percentile: about 60 % of the pay
	// dates should fall in it, a fifth on either side
	m := Fit(hist, civil.MustParse("2013-01-01"), Options{})
	var in, below, n float64
	for _, g := range byCustomer(hist) {
		for _, inv := range g {
			if inv.Issue < civil.MustParse("2013-01-01") {
				continue
			}
			p := m.Predict(inv, g, Facts{})
			n++
			switch {
			case inv.Paid < p.From:
				below++
			case inv.Paid <= p.To:
				in++
			}
		}
	}
	t.Logf("range: %.3f of pay dates in it, %.3f before it", in/n, below/n)
	if in/n < 0.55 || in/n > 0.72 || below/n < 0.12 || below/n > 0.28 {
		t.Errorf("%.3f of pay dates in the range, %.3f before it; want about 0.6 and 0.2", in/n, below/n)
	}
}
