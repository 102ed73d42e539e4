package importer

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// benchRows is the size of the benchmark files: the million
// invoice rows; HUIKUAN_BENCH_ROWS makes a quick run smaller.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("HUIKUAN_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// benchInvoice writes invoice row i: canonical columns plus the
// customer's name, as ERP exports carry it, so that an encoding has
// Chinese text to decode.
func benchInvoice(i int) []string {
	c := strconv.Itoa(i % 5000)
	return []string{"AR" + strconv.Itoa(1_000_000+i), "C" + c, "2026-06-" + strconv.Itoa(10+i%20), "2026-07-30", strconv.Itoa(1000+i%90000) + ".50", "杭州鑫盛建材有限公司" + c + "号"}
}

func benchCSV(b *testing.B, gb bool, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "invoices.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	var w *bufio.Writer
	if gb {
		w = bufio.NewWriter(simplifiedchinese.GB18030.NewEncoder().Writer(f))
	} else {
		w = bufio.NewWriter(f)
	}
	w.WriteString("number,customer,issue_date,due_date,amount,customer_name\n")
	for i := range n {
		for j, v := range benchInvoice(i) {
			if j > 0 {
				w.WriteByte(',')
			}
			w.WriteString(v)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// benchXLSX writes the invoices through excelize's stream writer, dates
// as serial numbers and amounts as numbers, as Excel saves them.
func benchXLSX(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "invoices.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"number", "customer", "issue_date", "due_date", "amount", "customer_name"})
	for i := range n {
		v := benchInvoice(i)
		amount, _ := strconv.ParseFloat(v[4], 64)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{v[0], v[1], 46183 + i%20, 46233, amount, v[5]}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkReadInvoices reads a million invoice rows (reading alone, no
// database) from CSV in UTF-8 and GB18030 and from XLSX; rows/s is the
// figure docs/BENCHMARKS.md records.
func BenchmarkReadInvoices(b *testing.B) {
	for _, c := range []struct {
		name string
		make func(*testing.B) string
	}{
		{"csv-utf8", func(b *testing.B) string { return benchCSV(b, false, benchRows()) }},
		{"csv-gb18030", func(b *testing.B) string { return benchCSV(b, true, benchRows()) }},
		{"xlsx", func(b *testing.B) string { return benchXLSX(b, benchRows()) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			file, err := os.ReadFile(c.make(b))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(file)))
			peak := sampleHeap()
			b.ResetTimer()
			for range b.N {
				rows, err := ReadInvoicesFrom(bytes.NewReader(file), Options{})
				if err != nil || len(rows.Records) != benchRows() {
					b.Fatalf("%d rows, %v", len(rows.Records), err)
				}
			}
			b.ReportMetric(float64(benchRows()*b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(peak(), "peak-heap-MiB")
		})
	}
}

// BenchmarkPeek reads the header and first 20 rows of a 100,000-row
// invoices file, as the import page's preview does: CSV stops after the
// rows it needs, XLSX opens the whole workbook first.
func BenchmarkPeek(b *testing.B) {
	const rows = 100_000
	for _, c := range []struct {
		name string
		make func(*testing.B) string
	}{
		{"csv-gb18030", func(b *testing.B) string { return benchCSV(b, true, rows) }},
		{"xlsx", func(b *testing.B) string { return benchXLSX(b, rows) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			file, err := os.ReadFile(c.make(b))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(file)))
			b.ResetTimer()
			for range b.N {
				s, err := Peek(bytes.NewReader(file), Options{}, "", 20)
				if err != nil || len(s.Rows) != 20 || s.Kind != KindInvoices {
					b.Fatalf("%d rows of %s, %v", len(s.Rows), s.Kind, err)
				}
			}
		})
	}
}

// sampleHeap watches the heap in use (the file held in memory included)
// until the returned function is called, which gives its peak in MiB.
// The samples run every 10 ms: a peak shorter than that can be missed,
// so /usr/bin/time -v's maximum resident size is the upper bound.
func sampleHeap() func() float64 {
	runtime.GC()
	done, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var m runtime.MemStats
		var top uint64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapInuse+m.StackInuse)
			select {
			case <-done:
				peak <- top
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		return float64(<-peak) / (1 << 20)
	}
}
