package ledger

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

var d = civil.MustParse

func inv(num, issue, due string, yuan int64) Invoice {
	return Invoice{Number: num, Issue: d(issue), Due: d(due), Amount: money.Yuan(yuan)}
}

func pay(num, date string, yuan int64, named ...string) Payment {
	return Payment{Number: num, Date: d(date), Amount: money.Yuan(yuan), Invoices: named}
}

// describe renders allocations as "I1<-P1 100 @2026-01-05" lines, so tests
// read like a hand-written ledger.
func describe(b Book, r *Allocated) []string {
	var out []string
	for _, a := range r.Allocations {
		src := ""
		if a.Payment >= 0 {
			src = b.Payments[a.Payment].Number
		} else {
			src = b.Invoices[a.CreditNote].Number
		}
		out = append(out, fmt.Sprintf("%s<-%s %s @%s", b.Invoices[a.Invoice].Number, src, a.Amount, a.Date))
	}
	return out
}

func openOf(b Book, r *Allocated) map[string]string {
	out := map[string]string{}
	for i, st := range r.Invoices {
		s := st.Open.String()
		if st.Held != 0 {
			s += " held " + st.Held.String()
		}
		if st.Closed != civil.Never {
			s += " closed " + st.Closed.String()
		}
		out[b.Invoices[i].Number] = s
	}
	for i, st := range r.Payments {
		if st.Unapplied != 0 {
			out[b.Payments[i].Number] = "unapplied " + st.Unapplied.String()
		}
	}
	return out
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name  string
		book  Book
		alloc []string
		open  map[string]string
	}{
		{
			name: "oldest due first",
			book: Book{
				Invoices: []Invoice{inv("I2", "2026-01-10", "2026-02-20", 300), inv("I1", "2026-01-05", "2026-02-04", 200)},
				Payments: []Payment{pay("P1", "2026-02-10", 250)},
			},
			alloc: []string{"I1<-P1 200.00 @2026-02-10", "I2<-P1 50.00 @2026-02-10"},
			open:  map[string]string{"I1": "0.00 closed 2026-02-10", "I2": "250.00"},
		},
		{
			name: "named invoices first, in the order named",
			book: Book{
				Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 200), inv("I2", "2026-01-10", "2026-02-09", 300), inv("I3", "2026-01-15", "2026-02-14", 100)},
				Payments: []Payment{pay("P1", "2026-02-10", 350, "I3", "I2")},
			},
			alloc: []string{"I3<-P1 100.00 @2026-02-10", "I2<-P1 250.00 @2026-02-10"},
			open:  map[string]string{"I1": "200.00", "I2": "50.00", "I3": "0.00 closed 2026-02-10"},
		},
		{
			name: "prepayment settles the next invoice on its issue date",
			book: Book{
				Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 100), inv("I2", "2026-03-01", "2026-03-31", 300)},
				Payments: []Payment{pay("P1", "2026-02-01", 250)},
			},
			alloc: []string{"I1<-P1 100.00 @2026-02-01", "I2<-P1 150.00 @2026-03-01"},
			open:  map[string]string{"I1": "0.00 closed 2026-02-01", "I2": "150.00"},
		},
		{
			name: "prepayment left over",
			book: Book{
				Payments: []Payment{pay("P1", "2026-02-01", 80), pay("P2", "2026-02-03", 20)},
				Invoices: []Invoice{inv("I1", "2026-02-05", "2026-03-05", 90)},
			},
			alloc: []string{"I1<-P1 80.00 @2026-02-05", "I1<-P2 10.00 @2026-02-05"},
			open:  map[string]string{"I1": "0.00 closed 2026-02-05", "P2": "unapplied 10.00"},
		},
		{
			name: "payment on the invoice's issue day settles it",
			book: Book{
				Invoices: []Invoice{inv("I1", "2026-02-05", "2026-03-05", 90)},
				Payments: []Payment{pay("P1", "2026-02-05", 90)},
			},
			alloc: []string{"I1<-P1 90.00 @2026-02-05"},
			open:  map[string]string{"I1": "0.00 closed 2026-02-05"},
		},
		{
			name: "credit note settles like a payment on its issue date",
			book: Book{
				Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 200), inv("CN1", "2026-01-20", "2026-01-20", -50)},
				Payments: []Payment{pay("P1", "2026-02-01", 150)},
			},
			alloc: []string{"I1<-CN1 50.00 @2026-01-20", "I1<-P1 150.00 @2026-02-01"},
			open:  map[string]string{"I1": "0.00 closed 2026-02-01", "CN1": "0.00 closed 2026-01-20"},
		},
		{
			name: "unused credit note waits for the next invoice",
			book: Book{
				Invoices: []Invoice{inv("CN1", "2026-01-20", "2026-01-20", -50), inv("I1", "2026-02-05", "2026-03-05", 30)},
			},
			alloc: []string{"I1<-CN1 30.00 @2026-02-05"},
			open:  map[string]string{"I1": "0.00 closed 2026-02-05", "CN1": "-20.00"},
		},
		{
			name: "disputed part held out until resolved, then taken from prepayment",
			book: Book{
				Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 500)},
				Payments: []Payment{pay("P1", "2026-02-10", 500)},
				Disputes: []Dispute{{Invoice: "I1", Amount: money.Yuan(120), Opened: d("2026-02-01"), Resolved: d("2026-03-15")}},
			},
			alloc: []string{"I1<-P1 380.00 @2026-02-10", "I1<-P1 120.00 @2026-03-15"},
			open:  map[string]string{"I1": "0.00 closed 2026-03-15"},
		},
		{
			name: "open dispute stays held and the payment becomes prepayment",
			book: Book{
				Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 500)},
				Payments: []Payment{pay("P1", "2026-02-10", 500)},
				Disputes: []Dispute{{Invoice: "I1", Amount: money.Yuan(120), Opened: d("2026-02-01"), Resolved: civil.Never}},
			},
			alloc: []string{"I1<-P1 380.00 @2026-02-10"},
			open:  map[string]string{"I1": "120.00 held 120.00", "P1": "unapplied 120.00"},
		},
		{
			name: "dispute larger than what is open holds only what is open",
			book: Book{
				Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 500)},
				Payments: []Payment{pay("P1", "2026-01-10", 450)},
				Disputes: []Dispute{{Invoice: "I1", Amount: money.Yuan(200), Opened: d("2026-02-01"), Resolved: civil.Never}},
			},
			alloc: []string{"I1<-P1 450.00 @2026-01-10"},
			open:  map[string]string{"I1": "50.00 held 50.00"},
		},
		{
			name: "naming an invoice issued later does not settle it early",
			book: Book{
				Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 100), inv("I2", "2026-03-01", "2026-03-31", 100)},
				Payments: []Payment{pay("P1", "2026-02-01", 150, "I2")},
			},
			alloc: []string{"I1<-P1 100.00 @2026-02-01", "I2<-P1 50.00 @2026-03-01"},
			open:  map[string]string{"I1": "0.00 closed 2026-02-01", "I2": "50.00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Allocate(tt.book)
			if diff := cmp.Diff(tt.alloc, describe(tt.book, r)); diff != "" {
				t.Errorf("allocations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.open, openOf(tt.book, r)); diff != "" {
				t.Errorf("open amounts (-want +got):\n%s", diff)
			}
			checkConservation(t, tt.book, r)
		})
	}
}

// checkConservation asserts that no money appears or vanishes: every
// document's amount equals what it allocated plus what is left of it.
func checkConservation(t *testing.T, b Book, r *Allocated) {
	t.Helper()
	invIn := make([]money.Amount, len(b.Invoices))
	payOut := make([]money.Amount, len(b.Payments))
	for _, a := range r.Allocations {
		invIn[a.Invoice] += a.Amount
		if a.Payment >= 0 {
			payOut[a.Payment] += a.Amount
		} else {
			invIn[a.CreditNote] -= a.Amount
		}
	}
	for i, inv := range b.Invoices {
		if got := invIn[i] + r.Invoices[i].Open; got != inv.Amount {
			t.Errorf("invoice %s: allocated %s + open %s != amount %s", inv.Number, invIn[i], r.Invoices[i].Open, inv.Amount)
		}
	}
	for i, p := range b.Payments {
		if got := payOut[i] + r.Payments[i].Unapplied; got != p.Amount {
			t.Errorf("payment %s: allocated %s + unapplied %s != amount %s", p.Number, payOut[i], r.Payments[i].Unapplied, p.Amount)
		}
	}
	if r.Owed()-heldTotal(r) > 0 && r.Prepaid() > 0 {
		t.Errorf("customer both owes %s (collectable) and has prepaid %s", r.Owed()-heldTotal(r), r.Prepaid())
	}
}

func heldTotal(r *Allocated) money.Amount {
	var s money.Amount
	for _, st := range r.Invoices {
		s += st.Held
	}
	return s
}

// TestAllocateOrderIndependent checks that the order documents are given
// in does not change the result.
func TestAllocateOrderIndependent(t *testing.T) {
	b := Book{
		Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 200), inv("I2", "2026-01-05", "2026-02-04", 200), inv("CN1", "2026-01-06", "2026-01-06", -10), inv("I3", "2026-02-01", "2026-03-01", 70)},
		Payments: []Payment{pay("P1", "2026-01-20", 150), pay("P2", "2026-01-20", 300, "I2")},
	}
	want := strings.Join(describe(b, Allocate(b)), "\n")
	rev := Book{}
	for i := len(b.Invoices) - 1; i >= 0; i-- {
		rev.Invoices = append(rev.Invoices, b.Invoices[i])
	}
	for i := len(b.Payments) - 1; i >= 0; i-- {
		rev.Payments = append(rev.Payments, b.Payments[i])
	}
	if got := strings.Join(describe(rev, Allocate(rev)), "\n"); got != want {
		t.Errorf("reversed input allocates differently:\n%s\nwant\n%s", got, want)
	}
}
