package store_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// planWorld is a store with reps R1 (team east) and R2 (team west),
// customers C1 and C2 of R1 and C3 of R2, and an invoice each.
func planWorld(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	s := open(t, dbURL)
	b := store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "east"}, {Code: "R2", Name: "李二", Region: "华东", Team: "west"}},
		Customers: []ledger.Customer{cust("C1", "R1", 500000), cust("C2", "R1", 500000), cust("C3", "R2", 500000)},
		Invoices: []ledger.Invoice{inv("I1", "C1", "2026-11-01", "2026-12-01", 300000), inv("I2", "C2", "2026-11-01", "2026-12-01", 300000),
			inv("I3", "C3", "2026-11-01", "2026-12-01", 300000)},
	}
	if _, err := s.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return s
}

// auditCount is the number of audit entries of entity among the latest.
func auditCount(t *testing.T, s *store.Store, entity string) int {
	t.Helper()
	es, err := s.Audit(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Entity == entity {
			n++
		}
	}
	return n
}

func TestTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := planWorld(t, dbURL)
		all, east, rep1 := user.Scope{All: true}, user.Scope{Team: "east"}, user.Scope{Rep: "R1"}
		dec := d("2026-12-01")
		y := money.Yuan

		got, err := s.SetTarget(ctx, admin, all, dec, "R1", y(1000000))
		if err != nil {
			t.Fatal(err)
		}
		if !got.Set || got.Amount != y(1000000) || got.Rep != "R1" || got.Team != "east" || got.RepName != "王一" || got.SetBy != "test" || got.SetAt.IsZero() {
			t.Errorf("SetTarget returned %+v", got)
		}
		ts, err := s.Targets(ctx, all, dec)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 2 || !ts[0].Set || ts[1].Rep != "R2" || ts[1].Set || ts[1].Amount != 0 {
			t.Errorf("targets %+v; want R1 set, R2 not", ts)
		}
		// Only the rep's own in a rep's scope; a rep may read, not set.
		if ts, _ := s.Targets(ctx, rep1, dec); len(ts) != 1 || ts[0].Amount != y(1000000) {
			t.Errorf("R1's targets %+v", ts)
		}
		if _, err := s.SetTarget(ctx, admin, rep1, dec, "R1", y(1)); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a rep setting their own target: %v, want forbidden", err)
		}
		if _, err := s.SetTargets(ctx, admin, rep1, []store.TargetInput{{Month: dec, Rep: "R1", Amount: y(1)}}); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a rep importing targets: %v, want forbidden", err)
		}
		// A manager sets their team's reps, not another team's.
		if _, err := s.SetTarget(ctx, admin, east, dec, "R2", y(1)); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("manager of east setting west's R2: %v, want not found", err)
		}
		if _, err := s.SetTarget(ctx, admin, east, dec, "R1", y(900000)); err != nil {
			t.Errorf("manager of east setting R1: %v", err)
		}
		if _, err := s.SetTarget(ctx, admin, all, dec.AddDays(1), "R1", y(1)); !invalidOn(err, "month") {
			t.Errorf("a target on the 2nd: %v", err)
		}

		// An import with bad rows writes nothing and names each.
		audits := auditCount(t, s, "target")
		bad := []store.TargetInput{{dec, "R1", y(5), 0}, {dec, "R2", -1, 0}, {dec, "NOPE", y(1), 0}, {dec, "R1", y(6), 0}}
		_, err = s.SetTargets(ctx, admin, all, bad)
		var inv *errs.Invalid
		if !errors.As(err, &inv) {
			t.Fatalf("bad import: %v", err)
		}
		if got := rowsAndFields(inv); got != "3:target 4:rep 5:rep" {
			t.Errorf("bad import names %s, want 3:target 4:rep 5:rep", got)
		}
		if ts, _ := s.Targets(ctx, all, dec); ts[0].Amount != y(900000) || ts[1].Set || auditCount(t, s, "target") != audits {
			t.Errorf("a failed import wrote %+v", ts)
		}
		// A manager's import: another team's rep is unknown.
		if _, err := s.SetTargets(ctx, admin, east, []store.TargetInput{{dec, "R2", y(1), 0}}); !errors.As(err, &inv) || rowsAndFields(inv) != "2:rep" {
			t.Errorf("east importing R2: %v", err)
		}

		good := []store.TargetInput{{dec, "R1", y(1200000), 0}, {dec, "R2", y(800000), 0}, {dec.AddMonths(1), "R2", 0, 0}}
		if n, err := s.SetTargets(ctx, admin, all, good); err != nil || n != 3 {
			t.Fatalf("import: %d, %v; want 3 changed", n, err)
		}
		audits = auditCount(t, s, "target")
		if n, err := s.SetTargets(ctx, admin, all, good); err != nil || n != 0 || auditCount(t, s, "target") != audits {
			t.Errorf("the same import again: %d changed, %v, %d audit entries more", n, err, auditCount(t, s, "target")-audits)
		}
		ts, _ = s.Targets(ctx, all, dec.AddMonths(1))
		if !ts[1].Set || ts[1].Amount != 0 || ts[0].Set {
			t.Errorf("January: %+v; want R2 set to 0 (no target, on purpose), R1 not set", ts)
		}
		es, _ := s.Audit(ctx, 10)
		found := false
		for _, e := range es {
			if e.Entity == "target" && e.Key == "2026-12/R1" && e.Before == `{"amount":90000000}` && e.After == `{"amount":120000000}` {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry of R1's target from 900,000 to 1,200,000 among %+v", es)
		}
	})
}

// invalidOn reports whether err is an *errs.Invalid naming field.
func invalidOn(err error, field string) bool {
	var inv *errs.Invalid
	if !errors.As(err, &inv) {
		return false
	}
	for _, f := range inv.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// rowsAndFields lists an error's problems as row:field.
func rowsAndFields(inv *errs.Invalid) string {
	out := ""
	for i, f := range inv.Fields {
		if i > 0 {
			out += " "
		}
		out += strconv.Itoa(f.Row) + ":" + f.Field
	}
	return out
}
