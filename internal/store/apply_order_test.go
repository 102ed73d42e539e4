package store_test

import (
	"context"
	"strings"
	"testing"

	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// A customer's oldest due date is the earliest of its open invoices, not
// the due date of the first one recorded: a later invoice on shorter terms
// falls due first.
func TestOldestDueIsEarliest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := store.Batch{
			Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东"}},
			Customers: []ledger.Customer{cust("C1", "R1", 5000)},
			Invoices:  []ledger.Invoice{inv("LONG", "C1", "2026-01-01", "2026-03-31", 100), inv("SHORT", "C1", "2026-01-10", "2026-01-20", 50)},
		}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		rows, _, err := s.Customers(ctx, store.CustomerFilter{Scope: user.Scope{All: true}, HasOverdue: true, Today: d("2026-02-01")})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Code != "C1" {
			t.Errorf("overdue on 2026-02-01: %v, want C1 (SHORT was due 2026-01-20)", rows)
		}
	})
}

// New documents get their ids in date order, then by number, whatever the
// order of the input and of the customers.
func TestNewDocumentsInDateOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := store.Batch{
			Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东"}},
			Customers: []ledger.Customer{cust("C1", "R1", 5000), cust("C2", "R1", 5000)},
			Invoices: []ledger.Invoice{
				inv("I9", "C1", "2026-03-01", "2026-03-31", 10), inv("I2", "C2", "2026-01-05", "2026-02-04", 20),
				inv("I7", "C2", "2026-03-01", "2026-03-31", 30), inv("I1", "C1", "2026-02-01", "2026-03-03", 40),
				inv("I3", "C1", "2026-01-05", "2026-02-04", 50),
			},
			Payments: []ledger.Payment{pay("P2", "C1", "2026-03-05", 5), pay("P1", "C2", "2026-03-05", 5), pay("P0", "C2", "2026-02-10", 5)},
		}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		invs, err := s.Invoices(ctx, store.DocFilter{Scope: user.Scope{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range invs {
			got = append(got, r.Number)
		}
		if want := "I2 I3 I1 I7 I9"; strings.Join(got, " ") != want {
			t.Errorf("invoices by id: %s, want %s", strings.Join(got, " "), want)
		}
		pays, err := s.Payments(ctx, store.DocFilter{Scope: user.Scope{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, r := range pays {
			got = append(got, r.Number)
		}
		if want := "P0 P1 P2"; strings.Join(got, " ") != want {
			t.Errorf("payments by id: %s, want %s", strings.Join(got, " "), want)
		}
	})
}
