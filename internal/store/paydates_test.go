package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/paydate"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// paydateBatch is the aging scenario with I1 paid in two parts (the last
// on 2026-04-10), a payment naming I4, and a dispute on I5.
func paydateBatch() store.Batch {
	b := scenario()
	b.Payments = append(b.Payments, pay("P4", "C1", "2026-04-10", 400), pay("P5", "C2", "2026-06-26", 100, "I4"))
	b.Disputes = []ledger.Dispute{{Invoice: "I5", Amount: money.Yuan(600), Opened: d("2026-01-10"), Resolved: d("2026-03-01")}}
	return b
}

// bookOf is a customer's book as the batch gives it, documents in the
// batch's order (the order they are stored in).
func bookOf(b store.Batch, code string) ledger.Book {
	var out ledger.Book
	for _, inv := range b.Invoices {
		if inv.Customer == code {
			out.Invoices = append(out.Invoices, inv)
		}
	}
	for _, p := range b.Payments {
		if p.Customer == code {
			out.Payments = append(out.Payments, p)
		}
	}
	for _, x := range b.Disputes {
		for _, inv := range out.Invoices {
			if inv.Number == x.Invoice {
				out.Disputes = append(out.Disputes, x)
			}
		}
	}
	return out
}

func TestScopedBooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := paydateBatch()
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		books, err := s.ScopedBooks(ctx, user.Scope{Rep: "R1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(books) != 2 || books[0].Customer.Code != "C1" || books[1].Customer.Code != "C2" {
			t.Fatalf("rep R1's books: %+v; want C1's and C2's", books)
		}
		ignore := cmp.Options{
			cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".ID" }, cmp.Ignore()),
		}
		for _, cb := range books {
			if diff := cmp.Diff(bookOf(b, cb.Customer.Code), cb.Book, ignore); diff != "" {
				t.Errorf("%s's book (-batch +stored):\n%s", cb.Customer.Code, diff)
			}
			if cb.Customer.Rep != "R1" || cb.Customer.TermsDays != 30 || cb.Customer.Tier != ledger.TierB {
				t.Errorf("customer %+v; want rep R1, terms 30, tier B", cb.Customer)
			}
		}
		if got, err := s.ScopedBooks(ctx, user.Scope{Rep: "nobody"}); err != nil || len(got) != 0 {
			t.Errorf("an unknown rep's books: %v, %v; want none", got, err)
		}
	})
}

func TestPaydateHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := paydateBatch()
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		got, err := s.PaydateHistory(ctx, user.Scope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		var want []paydate.Invoice
		for _, c := range b.Customers {
			want = append(want, paydate.FromBook(c, bookOf(b, c.Code))...)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("history (-from the batch +stored):\n%s", diff)
		}
		// by hand: I1 is paid when its last part arrives, I2 is open, the
		// credit note is no invoice
		paid := map[string]string{}
		for _, inv := range got {
			paid[inv.Number] = inv.Paid.String()
			if inv.Paid == 0 {
				paid[inv.Number] = "open"
			}
		}
		if paid["I1"] != "2026-04-10" || paid["I2"] != "open" || len(got) != 6 {
			t.Errorf("pay days %v; want I1 on 2026-04-10, I2 open, six invoices (no CN1)", paid)
		}
	})
}
