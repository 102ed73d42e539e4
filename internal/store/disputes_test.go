package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

var repR1 = user.Scope{Rep: "R1"}

// disputeWorld: C1 (rep R1) owes I1 (1,000, due 2026-01-31, 200 paid)
// and I2 (500, due 2026-02-28); C2 (rep R2) owes I3; user fin is finance.
func disputeWorld(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s := open(t, dbURL)
	b := store.Batch{
		Customers: []ledger.Customer{cust("C1", "R1", 5000), cust("C2", "R2", 5000)},
		Invoices:  []ledger.Invoice{inv("I1", "C1", "2026-01-01", "2026-01-31", 1000), inv("I2", "C1", "2026-02-01", "2026-02-28", 500), inv("I3", "C2", "2026-01-05", "2026-02-04", 800)},
		Payments:  []ledger.Payment{pay("P1", "C1", "2026-02-15", 200, "I1")},
	}
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, admin, user.User{Login: "fin", Name: "财务", Role: user.Admin}, "hash"); err != nil {
		t.Fatal(err)
	}
	return s
}

func carveOut(t *testing.T, s *store.Store) []int64 {
	t.Helper()
	ids, err := s.OpenDisputes(context.Background(), store.Actor{Name: "wang"}, repR1, store.DisputeOpening{
		Customer: "C1", Reason: excuse.Quality, Owner: "fin", Note: "破损", Opened: d("2026-03-01"),
		Parts: []store.DisputedPart{{Invoice: "I1", Amount: money.Yuan(300)}, {Invoice: "I2", Amount: money.Yuan(100)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func customerLine(t *testing.T, r *ledger.AgingReport, code string) ledger.CustomerAging {
	t.Helper()
	for _, c := range r.Customers {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no aging line for %s", code)
	return ledger.CustomerAging{}
}

// TestCarveOutKeepsRestCollectable: only the carved parts are in aging's
// disputed column; the rest of each invoice stays overdue in its bucket,
// today and on a past day, until the dispute is resolved.
func TestCarveOutKeepsRestCollectable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := disputeWorld(t, dbURL)
		ids := carveOut(t, s)
		y := money.Yuan
		check := func(asOf string, want ledger.CustomerAging) {
			t.Helper()
			r, err := s.Aging(ctx, d(asOf), ledger.DefaultBuckets(), store.AgingFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got := customerLine(t, r, "C1")
			if diff := cmp.Diff(want.Buckets, got.Buckets); diff != "" || got.Disputed != want.Disputed || got.Total != want.Total {
				t.Errorf("C1 on %s: total %s disputed %s, buckets (-want +got):\n%s; want total %s disputed %s", asOf, got.Total, got.Disputed, diff, want.Total, want.Disputed)
			}
		}
		// I1: 800 open, 300 held, 500 in 31–60; I2: 400 in 1–30.
		check("2026-03-15", ledger.CustomerAging{Total: y(900), Disputed: y(400), Buckets: []money.Amount{0, y(400), y(500), 0, 0, 0}})
		_, _, states, err := s.Documents(ctx, "C1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]ledger.InvoiceState{{Open: y(800), Held: y(300), Closed: civil.Never}, {Open: y(500), Held: y(100), Closed: civil.Never}}, states); diff != "" {
			t.Errorf("invoice states (-want +got):\n%s", diff)
		}
		if err := s.ResolveDisputeAs(ctx, store.Actor{Name: "fin"}, user.Scope{All: true}, store.DisputeResolution{ID: ids[0], Resolved: d("2026-03-20"), Resolution: ledger.Rejected}); err != nil {
			t.Fatal(err)
		}
		check("2026-03-25", ledger.CustomerAging{Total: y(1200), Disputed: y(100), Buckets: []money.Amount{0, y(400), y(800), 0, 0, 0}})
		// A past day is aged from the documents: the hold was on then.
		check("2026-03-10", ledger.CustomerAging{Total: y(900), Disputed: y(400), Buckets: []money.Amount{0, y(400), y(500), 0, 0, 0}})
	})
}

// TestOpenDisputesAllOrNothing: one bad part writes none, and the error
// names the part's row, its invoice and the field.
func TestOpenDisputesAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := disputeWorld(t, dbURL)
		y := money.Yuan
		base := store.DisputeOpening{Reason: excuse.StatementMismatch, Opened: d("2026-03-01")}
		for _, tc := range []struct {
			name  string
			sc    user.Scope
			edit  func(o *store.DisputeOpening)
			row   int
			field string
		}{
			{"another rep's invoice", repR1, func(o *store.DisputeOpening) {
				o.Parts = []store.DisputedPart{{Invoice: "I1", Amount: y(100)}, {Invoice: "I3", Amount: y(100)}}
			}, 2, "invoice"},
			{"no such invoice", user.Scope{All: true}, func(o *store.DisputeOpening) {
				o.Parts = []store.DisputedPart{{Invoice: "I1", Amount: y(100)}, {Invoice: "NOPE", Amount: y(100)}}
			}, 2, "invoice"},
			{"more than the invoice", repR1, func(o *store.DisputeOpening) {
				o.Parts = []store.DisputedPart{{Invoice: "I2", Amount: y(100)}, {Invoice: "I1", Amount: y(1001)}}
			}, 2, "amount"},
			{"twice the same invoice beyond it", repR1, func(o *store.DisputeOpening) {
				o.Parts = []store.DisputedPart{{Invoice: "I2", Amount: y(300)}, {Invoice: "I2", Amount: y(300)}}
			}, 2, "amount"},
			{"zero amount", repR1, func(o *store.DisputeOpening) {
				o.Parts = []store.DisputedPart{{Invoice: "I1", Amount: y(100)}, {Invoice: "I2", Amount: 0}}
			}, 2, "amount"},
			{"other customer than the page's", user.Scope{All: true}, func(o *store.DisputeOpening) {
				o.Customer = "C1"
				o.Parts = []store.DisputedPart{{Invoice: "I3", Amount: y(100)}}
			}, 1, "invoice"},
			{"unknown reason", repR1, func(o *store.DisputeOpening) {
				o.Reason = "weather"
				o.Parts = []store.DisputedPart{{Invoice: "I1", Amount: y(100)}}
			}, 0, "reason"},
			{"unknown owner", repR1, func(o *store.DisputeOpening) {
				o.Owner = "nobody"
				o.Parts = []store.DisputedPart{{Invoice: "I1", Amount: y(100)}}
			}, 0, "owner"},
			{"unknown call", repR1, func(o *store.DisputeOpening) {
				o.CallID = 999
				o.Parts = []store.DisputedPart{{Invoice: "I1", Amount: y(100)}}
			}, 0, "call_id"},
			{"no parts", repR1, func(o *store.DisputeOpening) {}, 0, "invoice"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				o := base
				tc.edit(&o)
				_, err := s.OpenDisputes(ctx, store.Actor{Name: "wang"}, tc.sc, o)
				var bad *errs.Invalid
				if !errors.As(err, &bad) {
					t.Fatalf("err = %v, want invalid", err)
				}
				if f := bad.Fields[0]; f.Row != tc.row || f.Field != tc.field {
					t.Errorf("first problem %+v, want row %d field %s", f, tc.row, tc.field)
				}
			})
		}
		got, err := s.Disputes(ctx, store.DisputeFilter{Scope: user.Scope{All: true}, All: true, AsOf: d("2026-03-15")})
		if err != nil || len(got) != 0 {
			t.Fatalf("after the failures: %d disputes, %v; want none", len(got), err)
		}
		_, _, states, err := s.Documents(ctx, "C1")
		if err != nil || states[0].Held != 0 || states[1].Held != 0 {
			t.Errorf("held after the failures: %+v, %v", states, err)
		}
	})
}

// TestDisputeCarvedOutInCall: a dispute names the call of its customer,
// and not a call of another.
func TestDisputeCarvedOutInCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := disputeWorld(t, dbURL)
		call, err := s.LogCall(ctx, store.Actor{Name: "wang"}, repR1, store.NewCall{Customer: "C1", At: d("2026-03-01").Time().Add(2 * time.Hour), Date: d("2026-03-01"), Disposition: "reached-excuse"})
		if err != nil {
			t.Fatal(err)
		}
		ids, err := s.OpenDisputes(ctx, store.Actor{Name: "wang"}, repR1, store.DisputeOpening{CallID: call.ID, Reason: excuse.AfterSales, Opened: d("2026-03-01"),
			Parts: []store.DisputedPart{{Invoice: "I1", Amount: money.Yuan(50)}}})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.Disputes(ctx, store.DisputeFilter{Scope: repR1, ID: ids[0], AsOf: d("2026-03-01")})
		if err != nil || len(rows) != 1 || rows[0].CallID == nil || *rows[0].CallID != call.ID || rows[0].OpenedBy != "wang" {
			t.Fatalf("dispute %+v, %v: want call %d opened by wang", rows, err, call.ID)
		}
		_, err = s.OpenDisputes(ctx, store.Actor{Name: "admin"}, user.Scope{All: true}, store.DisputeOpening{CallID: call.ID, Opened: d("2026-03-01"),
			Parts: []store.DisputedPart{{Invoice: "I3", Amount: money.Yuan(50)}}})
		if !invalidOn(err, "invoice") {
			t.Errorf("another customer's invoice in C1's call: err = %v, want invalid invoice", err)
		}
	})
}

// TestResolveDispute: the resolutions, who may resolve, and the default.
func TestResolveDispute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := disputeWorld(t, dbURL)
		ids := carveOut(t, s)
		fin := store.Actor{Name: "fin"}
		all := user.Scope{All: true}
		res := func(sc user.Scope, id int64, r ledger.Resolution) error {
			return s.ResolveDisputeAs(ctx, fin, sc, store.DisputeResolution{ID: id, Resolved: d("2026-03-10"), Resolution: r})
		}
		if err := res(all, ids[0], "paid"); !invalidOn(err, "resolution") {
			t.Errorf("resolution paid: err = %v, want invalid resolution", err)
		}
		if err := res(all, ids[0], ""); !invalidOn(err, "resolution") {
			t.Errorf("no resolution: err = %v, want invalid resolution", err)
		}
		if err := res(user.Scope{Rep: "R2"}, ids[0], ledger.Withdrawn); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("another rep's dispute: err = %v, want not found", err)
		}
		if err := res(all, ids[0], ledger.CreditNote); err != nil {
			t.Fatal(err)
		}
		if err := res(all, ids[0], ledger.Withdrawn); !invalidOn(err, "resolved_on") {
			t.Errorf("resolved twice: err = %v, want invalid resolved_on", err)
		}
		if err := s.ResolveDispute(ctx, ids[1], d("2026-03-12")); err != nil {
			t.Fatal(err)
		}
		rows, err := s.Disputes(ctx, store.DisputeFilter{Scope: all, All: true, AsOf: d("2026-03-31")})
		if err != nil {
			t.Fatal(err)
		}
		var got []ledger.Resolution
		for _, r := range rows {
			got = append(got, r.Resolution)
		}
		if diff := cmp.Diff([]ledger.Resolution{ledger.CreditNote, store.DefaultResolution}, got); diff != "" {
			t.Errorf("resolutions (-want +got):\n%s", diff)
		}
		if rows[0].AgeDays != 9 || rows[1].AgeDays != 11 {
			t.Errorf("ages of resolved disputes %d, %d; want 9 and 11 (to their resolution)", rows[0].AgeDays, rows[1].AgeDays)
		}
		// A credit-note resolution creates no document: the ERP sends it.
		_, book, _, err := s.Documents(ctx, "C1")
		if err != nil || len(book.Invoices) != 2 {
			t.Errorf("C1's invoices after a credit-note resolution: %d, %v; want 2", len(book.Invoices), err)
		}
		open, err := s.Disputes(ctx, store.DisputeFilter{Scope: all, AsOf: d("2026-03-31")})
		if err != nil || len(open) != 0 {
			t.Errorf("open disputes after resolving both: %d, %v", len(open), err)
		}
	})
}

// TestDisputesList: open ones only by default, oldest first, aged to the
// day, in the scope.
func TestDisputesList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := disputeWorld(t, dbURL)
		all := user.Scope{All: true}
		for _, o := range []struct {
			inv, on string
		}{{"I2", "2026-03-05"}, {"I3", "2026-02-10"}, {"I1", "2026-03-05"}, {"I1", "2026-01-20"}} {
			if _, err := s.OpenDisputes(ctx, admin, all, store.DisputeOpening{Opened: d(o.on), Reason: excuse.Quality, Owner: "fin",
				Parts: []store.DisputedPart{{Invoice: o.inv, Amount: money.Yuan(10)}}}); err != nil {
				t.Fatal(err)
			}
		}
		type line struct {
			Customer, Invoice string
			Age               int
		}
		list := func(f store.DisputeFilter) []line {
			t.Helper()
			f.AsOf = d("2026-03-15")
			rows, err := s.Disputes(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []line
			for _, r := range rows {
				out = append(out, line{r.Customer, r.Invoice, r.AgeDays})
				if r.Reason != excuse.Quality || r.Owner != "fin" || r.Amount != money.Yuan(10) || !r.Open() {
					t.Errorf("row %+v", r)
				}
			}
			return out
		}
		want := []line{{"C1", "I1", 54}, {"C2", "I3", 33}, {"C1", "I2", 10}, {"C1", "I1", 10}}
		if diff := cmp.Diff(want, list(store.DisputeFilter{Scope: all})); diff != "" {
			t.Errorf("all (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]line{want[0], want[2], want[3]}, list(store.DisputeFilter{Scope: repR1})); diff != "" {
			t.Errorf("rep R1 (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]line{want[1]}, list(store.DisputeFilter{Scope: all, Customer: "C2"})); diff != "" {
			t.Errorf("customer C2 (-want +got):\n%s", diff)
		}
		if got := list(store.DisputeFilter{Scope: repR1, Customer: "C2"}); len(got) != 0 {
			t.Errorf("rep R1 asking for C2: %+v", got)
		}
	})
}

// TestDisputeMigrationDown: the disputes' new columns can be undone with
// the disputes kept.
func TestDisputeMigrationDown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := disputeWorld(t, dbURL)
		carveOut(t, s)
		if err := s.MigrateDownTo(ctx, 10); err != nil {
			t.Fatal(err)
		}
		c, err := s.Counts(ctx)
		if err != nil || c.Disputes != 2 {
			t.Errorf("disputes after undoing 00012: %d, %v; want 2", c.Disputes, err)
		}
	})
}
