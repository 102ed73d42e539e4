package sim

import (
	"testing"

	"huikuan/internal/ledger"
)

// TestOpeningBalances: a world with a burn-in keeps nothing dated before
// its history but what was open then, and its ledger ends where the whole
// simulated book ends — every invoice's open amount and every customer's
// unapplied credit the same on the last day.
func TestOpeningBalances(t *testing.T) {
	w := DefaultWorld()
	size := Size{Reps: 3, Customers: 60, Months: 6, BurnInMonths: 6}
	co, docs := simulate(t, w, size, 7)
	start := co.Options.Start()
	full := NewCompany(w, co.Options)
	opening := 0
	for i, d := range docs {
		s := full.newCustomerSim(i)
		for day := co.Options.simStart(); day <= co.Options.Until; day++ {
			s.step(day, nil)
		}
		whole := s.docs
		for _, p := range d.Payments {
			if p.Date < start {
				t.Fatalf("%s: payment %s dated %s, before the history's start %s", d.Customer.Code, p.Number, p.Date, start)
			}
		}
		for _, p := range d.Promises {
			if p.Made < start {
				t.Fatalf("%s: a promise made %s, before the history", d.Customer.Code, p.Made)
			}
		}
		kept := ledger.Allocate(ledger.Book{Invoices: d.Invoices, Payments: d.Payments, Disputes: d.Disputes})
		all := ledger.Allocate(ledger.Book{Invoices: whole.Invoices, Payments: whole.Payments, Disputes: whole.Disputes})
		open := map[string]int64{}
		for k, inv := range whole.Invoices {
			open[inv.Number] = int64(all.Invoices[k].Open)
		}
		for k, inv := range d.Invoices {
			if inv.Issue < start {
				opening++
			}
			if got, want := int64(kept.Invoices[k].Open), open[inv.Number]; got != want {
				t.Errorf("%s invoice %s: open %d at the end, the whole book says %d", d.Customer.Code, inv.Number, got, want)
			}
		}
		if got, want := kept.Owed(), all.Owed(); got != want {
			t.Errorf("%s: owes %s at the end, the whole book %s", d.Customer.Code, got.FormatWan(), want.FormatWan())
		}
		if got, want := unapplied(kept), unapplied(all); got != want {
			t.Errorf("%s: unapplied credit %d at the end, the whole book %d", d.Customer.Code, got, want)
		}
	}
	if opening == 0 {
		t.Error("no opening balances: the burn-in left nothing open")
	}
}

func unapplied(a *ledger.Allocated) int64 {
	var s int64
	for _, p := range a.Payments {
		s += int64(p.Unapplied)
	}
	for _, inv := range a.Invoices {
		if inv.Open < 0 {
			s -= int64(inv.Open)
		}
	}
	return s
}
