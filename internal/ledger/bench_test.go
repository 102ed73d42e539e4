package ledger

import (
	"fmt"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// BenchmarkAllocate replays a customer with two years of history: about
// 100 invoices and 110 payments, some naming invoices.
func BenchmarkAllocate(b *testing.B) {
	start := civil.MustParse("2024-12-01")
	var bk Book
	for i := range 100 {
		issue := start.AddDays(i * 7)
		bk.Invoices = append(bk.Invoices, Invoice{Number: fmt.Sprintf("I%03d", i), Issue: issue, Due: issue.AddDays(30), Amount: money.Amount(100_000 + i*997)})
	}
	for i := range 110 {
		p := Payment{Number: fmt.Sprintf("P%03d", i), Date: start.AddDays(20 + i*6), Amount: money.Amount(95_000 + i*811)}
		if i%3 == 0 {
			p.Invoices = []string{fmt.Sprintf("I%03d", i*100/110)}
		}
		bk.Payments = append(bk.Payments, p)
	}
	b.ReportAllocs()
	for b.Loop() {
		Allocate(bk)
	}
}
