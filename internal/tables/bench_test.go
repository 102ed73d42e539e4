package tables_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/export"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

// peakHeap samples the heap in use while the benchmark runs and reports
// the most seen, in MiB (the figure the 200 MiB target is about;
// -benchmem gives what is allocated in all).
func peakHeap(b *testing.B) func() {
	b.Helper()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	}
}

// customers is n customers like the large demo's: Chinese names, phones,
// amounts with fen, some overdue.
func customers(n int) []store.CustomerRow {
	rows := make([]store.CustomerRow, n)
	due := civil.MustParse("2026-09-30")
	for i := range rows {
		rows[i] = store.CustomerRow{
			Customer: ledger.Customer{Code: fmt.Sprintf("C%05d", i), Name: fmt.Sprintf("浙江宏达第%d贸易有限公司", i), Region: "华东",
				Rep: fmt.Sprintf("R%03d", i%200), Tier: ledger.TierB, CreditLimit: money.Yuan(int64(100_000 + i)), TermsDays: 30,
				Contact: "张经理", Phone: fmt.Sprintf("138%08d", i)},
			Owed: money.Amount(12_345_678 + int64(i)*101), Prepaid: money.Amount(i % 7 * 1000), Disputed: money.Amount(i % 5 * 333),
			OldestDue: due.AddDays(-(i % 120)), Overdue: money.Amount(int64(i) * 97),
		}
	}
	return rows
}

// BenchmarkCustomersXLSX exports a 10,000-customer list as XLSX: the table
// made by tables.Customers, written by export.WriteXLSX.
func BenchmarkCustomersXLSX(b *testing.B) {
	rows := customers(10_000)
	today := civil.MustParse("2026-11-27")
	stop := peakHeap(b)
	for b.Loop() {
		if err := export.WriteXLSX(io.Discard, tables.Customers(rows, today, "zh")...); err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

// BenchmarkCustomersCSV is the same list as CSV.
func BenchmarkCustomersCSV(b *testing.B) {
	rows := customers(10_000)
	today := civil.MustParse("2026-11-27")
	for b.Loop() {
		if err := export.WriteCSV(io.Discard, tables.Customers(rows, today, "zh")[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCustomersExportDB exports every customer of the database named
// by HUIKUAN_BENCH_DB (the large demo world: 10,000 customers) as XLSX, as
// the API and the customers page do: read a page at a time, then written.
func BenchmarkCustomersExportDB(b *testing.B) {
	db := os.Getenv("HUIKUAN_BENCH_DB")
	if db == "" {
		b.Skip("HUIKUAN_BENCH_DB is not set")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	today := civil.MustParse("2026-11-27")
	if u := os.Getenv("HUIKUAN_BENCH_UNTIL"); u != "" {
		today = civil.MustParse(u)
	}
	stop := peakHeap(b)
	n := 0
	for b.Loop() {
		rows, err := tables.AllCustomers(ctx, s, store.CustomerFilter{Scope: user.Scope{All: true}, Today: today})
		if err != nil {
			b.Fatal(err)
		}
		n = len(rows)
		if err := export.WriteXLSX(io.Discard, tables.Customers(rows, today, "zh")...); err != nil {
			b.Fatal(err)
		}
	}
	stop()
	b.ReportMetric(float64(n), "customers")
}
