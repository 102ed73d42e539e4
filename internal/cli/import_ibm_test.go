package cli_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/ibmar"
	"huikuan/internal/money"
	"huikuan/internal/store/storetest"
)

// ibmRawAging ages the sample's raw rows as of a date, independently of
// huikuan: an invoice is open when issued on or before the date and
// settled after it; buckets by days past due (0 not yet due, 1–30, …).
func ibmRawAging(t *testing.T, path string, asOf civil.Date) (total money.Amount, buckets [6]money.Amount) {
	t.Helper()
	bounds := []int{0, 30, 60, 90, 180}
	for _, r := range ibmar.Rows(t, path) {
		if r.Issue > asOf || r.Settled <= asOf {
			continue
		}
		late, b := asOf.Sub(r.Due), len(bounds)
		for i, up := range bounds {
			if late <= up {
				b = i
				break
			}
		}
		total += r.Amount
		buckets[b] += r.Amount
	}
	return total, buckets
}

// TestImportIBMSample imports IBM's sample by its profile and checks its
// aging as of 2013-06-30 against the figures of issue 15 and against the
// raw rows.
func TestImportIBMSample(t *testing.T) {
	path := ibmar.Path(t)
	asOf := civil.MustParse("2013-06-30")
	rawTotal, rawBuckets := ibmRawAging(t, path, asOf)
	if rawTotal != 511985 || rawBuckets[0] != 428429 || rawBuckets[1] != 83556 {
		t.Fatalf("raw rows: total %v, buckets %v; the issue says 5,119.85, 4,284.29, 835.56", rawTotal, rawBuckets)
	}
	storetest.Each(t, func(t *testing.T, db string) {
		out := mustRun(t, db, "import", "--profile", "ibm-ar", path)
		if want := "WA_Fn-UseC_-Accounts-Receivable.csv (csv, utf-8), profile ibm-ar: 100 customers, 2466 invoices, 2466 payments read; created 100, 2466, 2466\n"; out != want {
			t.Errorf("import said %q, want %q", out, want)
		}
		var r agingJSON
		aging := mustRun(t, db, "report", "aging", "--as-of", asOf.String(), "--format", "json")
		if err := json.Unmarshal([]byte(aging), &r); err != nil {
			t.Fatal(err)
		}
		var got []money.Amount
		for _, b := range r.Buckets {
			got = append(got, money.Amount(b.Amount))
		}
		if diff := cmp.Diff(rawBuckets[:], got); diff != "" || money.Amount(r.Total) != rawTotal {
			t.Errorf("total %d, want %d; buckets (-raw +huikuan):\n%s", r.Total, rawTotal, diff)
		}
		// again: nothing new
		if out := mustRun(t, db, "import", "--profile", "ibm-ar", path); out != "WA_Fn-UseC_-Accounts-Receivable.csv (csv, utf-8), profile ibm-ar: 100 customers, 2466 invoices, 2466 payments read; created 0, 0, 0\n" {
			t.Errorf("second import said %q", out)
		}
	})
}
