package paydate

import (
	"testing"
)

// BenchmarkFit fits a model on a synthetic world of 150 customers and
// about 6,000 settled invoices.
func BenchmarkFit(b *testing.B) {
	w := newSynthWorld(1, 150, year1, end2)
	for b.Loop() {
		Fit(w.invs, end2, Options{})
	}
}

// BenchmarkPredict predicts one new invoice of a customer with two
// years' history (about 50 invoices): what a customer page does per open
// invoice.
func BenchmarkPredict(b *testing.B) {
	w := newSynthWorld(1, 150, year1, end2)
	m := Fit(w.invs, end2, Options{})
	g := byCustomer(w.invs)["C007"]
	inv := Invoice{Customer: "C007", Number: "new", Issue: end2, Due: end2.AddDays(30), Amount: 15000}
	for b.Loop() {
		m.Predict(inv, g, Facts{})
	}
}
