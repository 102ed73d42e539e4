package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/store/storetest"
)

// ibmSample returns the path of IBM's accounts-receivable sample, which
// has no licence stated and so is never copied into the repository: it is
// read from the workplace's shared data beside the repository, or from
// HUIKUAN_IBM_AR. Without it the test skips, unless HUIKUAN_REQUIRE_IBM_AR
// is set.
func ibmSample(t *testing.T) string {
	t.Helper()
	path := os.Getenv("HUIKUAN_IBM_AR")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "data", "ibm-ar")
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "WA_Fn-UseC_-Accounts-Receivable.csv")
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("HUIKUAN_REQUIRE_IBM_AR") != "" {
			t.Fatalf("the IBM sample is required but absent: %v", err)
		}
		t.Skipf("the IBM sample is absent (%v): set HUIKUAN_IBM_AR to its file or directory", err)
	}
	return path
}

// ibmRawAging ages the sample's raw rows as of a date, independently of
// huikuan: an invoice is open when issued on or before the date and
// settled after it; buckets by days past due (0 not yet due, 1–30, …).
func ibmRawAging(t *testing.T, path string, asOf civil.Date) (total money.Amount, buckets [6]money.Amount) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	mdy := func(s string) civil.Date {
		var m, d, y int
		if _, err := fmt.Sscanf(s, "%d/%d/%d", &m, &d, &y); err != nil {
			t.Fatalf("date %q: %v", s, err)
		}
		return civil.Of(y, time.Month(m), d)
	}
	bounds := []int{0, 30, 60, 90, 180}
	for _, r := range recs[1:] {
		issue, due, settled := mdy(r[col["InvoiceDate"]]), mdy(r[col["DueDate"]]), mdy(r[col["SettledDate"]])
		if issue > asOf || settled <= asOf {
			continue
		}
		a, err := money.Parse(r[col["InvoiceAmount"]])
		if err != nil {
			t.Fatal(err)
		}
		late, b := asOf.Sub(due), len(bounds)
		for i, up := range bounds {
			if late <= up {
				b = i
				break
			}
		}
		total += a
		buckets[b] += a
	}
	return total, buckets
}

// TestImportIBMSample imports IBM's sample by its profile and checks its
// aging as of 2013-06-30 against the figures of issue 15 and against the
// raw rows.
func TestImportIBMSample(t *testing.T) {
	path := ibmSample(t)
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
