// Package ibmar is a test harness: it finds IBM's public
// accounts-receivable sample, which has no licence stated and so is never
// copied into the repository, and reads its raw rows independently of
// huikuan's import, for the tests that hold huikuan's figures to the
// file's own.
package ibmar

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// File is the sample's file name in its directory.
const File = "WA_Fn-UseC_-Accounts-Receivable.csv"

// Path returns the sample's path: HUIKUAN_IBM_AR (the file or its
// directory), else the workplace's shared data beside the checkout
// (../shared/data/ibm-ar, seen from a package two levels down). Without
// it the test skips — the file cannot be in the repository — unless
// HUIKUAN_REQUIRE_IBM_AR is set, as scripts/test sets it wherever the
// shared data is, and then it fails.
func Path(tb testing.TB) string {
	tb.Helper()
	path := os.Getenv("HUIKUAN_IBM_AR")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "data", "ibm-ar")
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, File)
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("HUIKUAN_REQUIRE_IBM_AR") != "" {
			tb.Fatalf("the IBM sample is required but absent: %v", err)
		}
		tb.Skipf("the IBM sample is absent (%v): set HUIKUAN_IBM_AR to its file or directory", err)
	}
	return path
}

// Row is one row of the sample as the file has it.
type Row struct {
	Customer, Number    string
	Issue, Due, Settled civil.Date
	Amount              money.Amount
	Electronic          bool // PaperlessBill is Electronic
}

// Rows reads the sample's rows: dates M/D/YYYY, amounts in dollars.
func Rows(tb testing.TB, path string) []Row {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	mdy := func(s string) civil.Date {
		var m, d, y int
		if _, err := fmt.Sscanf(s, "%d/%d/%d", &m, &d, &y); err != nil {
			tb.Fatalf("date %q: %v", s, err)
		}
		return civil.Of(y, time.Month(m), d)
	}
	out := make([]Row, 0, len(recs)-1)
	for _, r := range recs[1:] {
		a, err := money.Parse(r[col["InvoiceAmount"]])
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, Row{Customer: r[col["customerID"]], Number: r[col["invoiceNumber"]], Issue: mdy(r[col["InvoiceDate"]]),
			Due: mdy(r[col["DueDate"]]), Settled: mdy(r[col["SettledDate"]]), Amount: a, Electronic: r[col["PaperlessBill"]] == "Electronic"})
	}
	return out
}
