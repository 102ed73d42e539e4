package paydate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/importer"
	"huikuan/internal/ledger"
)

// ibmHistory reads IBM's accounts-receivable sample (never copied into
// the repository: it has no licence stated) from HUIKUAN_IBM_AR, a file
// or its directory, or from the shared data beside the checkout. Without
// it the test skips, unless HUIKUAN_REQUIRE_IBM_AR is set.
func ibmHistory(t *testing.T) []Invoice {
	t.Helper()
	path := os.Getenv("HUIKUAN_IBM_AR")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "data", "ibm-ar")
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "WA_Fn-UseC_-Accounts-Receivable.csv")
	}
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("HUIKUAN_REQUIRE_IBM_AR") != "" {
			t.Fatalf("the IBM sample is required but absent: %v", err)
		}
		t.Skipf("the IBM sample is absent (%v): set HUIKUAN_IBM_AR to its file or directory", err)
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
// what was settled before its issue day.
func TestIBM(t *testing.T) {
	hist := ibmHistory(t)
	ev := Evaluate(hist, EvalOptions{From: civil.MustParse("2013-01-01"), To: civil.MustParse("2013-12-31"), TrainUntil: civil.MustParse("2012-12-31")})
	js, _ := json.MarshalIndent(ev, "", " ")
	t.Logf("%s", js)
	if ev.N == 0 || ev.AUC == nil || ev.MAEDays == nil {
		t.Fatalf("nothing measured: %s", js)
	}
	if *ev.AUC < 0.88 {
		t.Errorf("AUC %.3f; want at least 0.88", *ev.AUC)
	}
	if *ev.MAEDays > 6.0 {
		t.Errorf("MAE %.2f days; want at most 6.0", *ev.MAEDays)
	}
}
