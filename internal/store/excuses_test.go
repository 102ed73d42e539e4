package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// excuseCall is a reached-excuse call on day with its category and amount.
func excuseCall(customer, day string, cat excuse.Category, yuan int64, notes string) store.NewCall {
	n := call(customer, day, followup.ReachedExcuse)
	n.Excuse, n.ExcuseAmount, n.Notes = cat, money.Yuan(yuan), notes
	return n
}

// TestCallExcuses saves calls' excuse categories and amounts and reads
// them back from every read of a call and from CustomerExcuses, on both
// databases; refuses bad ones naming the field; and keeps a rep to the
// excuses of their own customers.
func TestCallExcuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		r1, rep := user.Scope{Rep: "R1"}, store.Actor{Name: "rep1"}
		c, err := s.LogCall(ctx, rep, r1, excuseCall("C1", "2026-07-01", excuse.Quality, 300, "包装破损"))
		if err != nil {
			t.Fatal(err)
		}
		if c.Excuse != excuse.Quality || c.ExcuseAmount != money.Yuan(300) {
			t.Errorf("logged call's excuse %q %s, want quality 300.00", c.Excuse, c.ExcuseAmount)
		}
		// Without a category an excuse is other; other calls have none.
		if c, err := s.LogCall(ctx, rep, r1, excuseCall("C1", "2026-07-10", "", 0, "")); err != nil || c.Excuse != excuse.Other {
			t.Errorf("an excuse without a category: %q, %v; want other", c.Excuse, err)
		}
		if c, err := s.LogCall(ctx, rep, r1, call("C1", "2026-07-12", followup.ReachedPaid)); err != nil || c.Excuse != "" || c.ExcuseAmount != 0 {
			t.Errorf("a paid call: %q %s, %v; want no excuse", c.Excuse, c.ExcuseAmount, err)
		}
		if _, err := s.LogCall(ctx, rep, r1, excuseCall("C1", "2026-07-20", excuse.Quality, 0, "又说质量")); err != nil {
			t.Fatal(err)
		}
		// Every category the rules know, the database takes.
		for i, cat := range excuse.Categories {
			if _, err := s.LogCall(ctx, rep, r1, excuseCall("C2", civil.MustParse("2026-06-01").AddDays(i).String(), cat, int64(i), "")); err != nil {
				t.Errorf("category %s: %v", cat, err)
			}
		}
		calls, err := s.Calls(ctx, store.CallFilter{Scope: r1, Customer: "C1"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range calls {
			got = append(got, string(c.Excuse)+":"+c.ExcuseAmount.String())
		}
		if want := "quality:0.00 :0.00 other:0.00 quality:300.00"; strings.Join(got, " ") != want {
			t.Errorf("calls read back %q, want %q", strings.Join(got, " "), want)
		}
		if one, err := s.Call(ctx, r1, c.ID); err != nil || one.Excuse != excuse.Quality || one.ExcuseAmount != money.Yuan(300) {
			t.Errorf("call %d read back: %q %s, %v", c.ID, one.Excuse, one.ExcuseAmount, err)
		}

		es, err := s.CustomerExcuses(ctx, r1, "C1", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 3 || es[0].Date != d("2026-07-20") || es[0].Category != excuse.Quality || es[0].Notes != "又说质量" ||
			es[2].CallID != c.ID || es[2].Amount != money.Yuan(300) || es[2].Notes != "包装破损" {
			t.Errorf("C1's excuses, newest first: %+v", es)
		}
		if rep := excuse.Repeats(es); rep[0] != true || rep[1] || rep[2] {
			t.Errorf("repeats %v, want the second quality excuse flagged", rep)
		}
		if es, err := s.CustomerExcuses(ctx, r1, "C1", d("2026-07-10")); err != nil || len(es) != 2 {
			t.Errorf("C1's excuses since 2026-07-10: %+v, %v; want 2", es, err)
		}
		if es, err := s.CustomerExcuses(ctx, user.Scope{All: true}, "C3", 0); err != nil || len(es) != 0 {
			t.Errorf("C3's excuses: %+v, %v; want none", es, err)
		}

		// A rep does not read another rep's customer's excuses, nor a
		// customer that does not exist.
		for _, code := range []string{"C3", "nobody"} {
			if _, err := s.CustomerExcuses(ctx, r1, code, 0); !errors.Is(err, errs.ErrNotFound) {
				t.Errorf("R1 reading %s's excuses: %v, want not found", code, err)
			}
		}
		if _, err := s.CustomerExcuses(ctx, user.Scope{Rep: "R2"}, "C1", 0); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("R2 reading C1's excuses: %v, want not found", err)
		}

		// Bad excuses are refused, naming the field.
		for _, tc := range []struct {
			name  string
			n     store.NewCall
			field string
		}{
			{"unknown category", excuseCall("C1", "2026-07-21", "busy", 0, ""), "excuse"},
			{"excuse without reached-excuse", func() store.NewCall {
				n := call("C1", "2026-07-21", followup.ReachedRefused)
				n.Excuse = excuse.CashTight
				return n
			}(), "excuse"},
			{"negative amount", excuseCall("C1", "2026-07-21", excuse.Quality, -5, ""), "excuse_amount"},
		} {
			var inv *errs.Invalid
			if _, err := s.LogCall(ctx, rep, r1, tc.n); !errors.As(err, &inv) || fieldsOf(inv) != tc.field {
				t.Errorf("%s: %v, want the field %s refused", tc.name, err, tc.field)
			}
		}
	})
}

// TestExcusesLoadedAndMigrated: calls loaded in bulk keep their excuses
// (other when none is given), a call-center call given reached-excuse is
// other, and excuse calls from before migration 11 become other.
func TestExcusesLoadedAndMigrated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := scenario()
		b.Customers[0].Phone = "13800138000"
		b.Calls = []store.NewCall{excuseCall("C1", "2026-07-01", excuse.CashTight, 100, ""), excuseCall("C1", "2026-07-02", "", 0, ""), call("C1", "2026-07-03", followup.NoAnswer)}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		all := user.Scope{All: true}
		categories := func() string {
			t.Helper()
			es, err := s.CustomerExcuses(ctx, all, "C1", 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range es {
				out = append(out, string(e.Category)+":"+e.Amount.String())
			}
			return strings.Join(out, " ")
		}
		if got := categories(); got != "other:0.00 cash_tight:100.00" {
			t.Errorf("loaded excuses %q", got)
		}
		cti, err := s.RecordCTIEvent(ctx, store.CTIEvent{ID: "e1", Type: "call.started", At: d("2026-07-05").Time().Add(2 * time.Hour), Date: d("2026-07-05"), CallID: "x1", Rep: "R1", Phone: "13800138000", Direction: "inbound"})
		if err != nil || cti == nil {
			t.Fatalf("call-center call: %v, %v", cti, err)
		}
		if err := s.SetDisposition(ctx, store.Actor{Name: "rep1"}, all, cti.ID, followup.ReachedExcuse, "", 0); err != nil {
			t.Fatal(err)
		}
		if got := categories(); got != "other:0.00 other:0.00 cash_tight:100.00" {
			t.Errorf("with the call center's excuse call %q", got)
		}
		bad := scenario()
		bad.Calls = []store.NewCall{excuseCall("C1", "2026-07-04", "busy", 0, "")}
		var inv *errs.Invalid
		if _, err := s.Apply(ctx, bad); !errors.As(err, &inv) || fieldsOf(inv) != "excuse" {
			t.Errorf("loading an unknown category: %v (%s)", err, fieldsOf(inv))
		}

		if err := s.MigrateDownTo(ctx, 10); err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := categories(); got != "other:0.00 other:0.00 other:0.00" {
			t.Errorf("excuses from before migration 11: %q, want other", got)
		}
	})
}
