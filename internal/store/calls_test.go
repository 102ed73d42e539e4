package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"huikuan/internal/errs"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

func listed(items []followup.Item) string {
	var out []string
	for _, it := range items {
		var codes []string
		for _, r := range it.Reasons {
			codes = append(codes, r.Code)
		}
		out = append(out, it.Customer+":"+strings.Join(codes, ","))
	}
	return strings.Join(out, " ")
}

// call is a call on day at 10:00 Shanghai time.
func call(customer, day, disposition string) store.NewCall {
	dd := d(day)
	return store.NewCall{Customer: customer, At: dd.Time().Add(2 * time.Hour), Date: dd, Disposition: disposition}
}

// TestCallsAndWorklist logs calls and checks what the worklist makes of
// them, on both databases.
func TestCallsAndWorklist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		r1 := user.Scope{Rep: "R1"}
		rep := store.Actor{Name: "rep1"}
		monday := "2026-07-20"
		// C1 owes I1's rest and I2, overdue and never called; C2 has
		// prepaid.
		items, err := s.Worklist(ctx, r1, "R1", d(monday))
		if err != nil {
			t.Fatal(err)
		}
		if got := listed(items); got != "C1:followup_due,overdue" {
			t.Fatalf("Monday's list: %s", got)
		}
		if items[0].AmountAtStake != money.Yuan(1200) || items[0].Reasons[1].Days != 170 {
			t.Errorf("C1 at stake %s, %d days overdue; want 1200.00 (I1's 400, I2, I3), 170 days", items[0].AmountAtStake, items[0].Reasons[1].Days)
		}

		// No answer: off today's list, back tomorrow as a retry.
		c, err := s.LogCall(ctx, rep, r1, call("C1", monday, followup.NoAnswer))
		if err != nil {
			t.Fatal(err)
		}
		if c.DueOn == nil || *c.DueOn != d(monday) || c.Rep != "R1" || c.Channel != "phone" || c.LoggedBy != "rep1" {
			t.Errorf("logged call %+v", c)
		}
		if items, _ := s.Worklist(ctx, r1, "R1", d(monday)); len(items) != 0 {
			t.Errorf("after the call Monday's list is %s", listed(items))
		}
		if items, _ := s.Worklist(ctx, r1, "R1", d("2026-07-21")); listed(items) != "C1:retry_no_answer,overdue" {
			t.Errorf("Tuesday's list: %s", listed(items))
		}

		// Reached on Tuesday with a promise for Friday: reminded on
		// Thursday, a must-call.
		promised := call("C1", "2026-07-21", followup.ReachedPromised)
		promised.AmountAsked, promised.AmountAgreed, promised.Ref = money.Yuan(900), money.Yuan(600), "crm-77"
		promised.Commitment = &store.NewCommitment{Amount: money.Yuan(600), Due: d("2026-07-24")}
		c, err = s.LogCall(ctx, rep, r1, promised)
		if err != nil {
			t.Fatal(err)
		}
		if c.CommitmentID == nil || c.AmountAgreed != money.Yuan(600) {
			t.Errorf("the promise made in the call: %+v", c)
		}
		again, err := s.LogCall(ctx, rep, r1, promised)
		if err != nil || again.ID != c.ID {
			t.Errorf("logging ref crm-77 again: %+v, %v; want the same call", again, err)
		}
		if calls, _ := s.Calls(ctx, store.CallFilter{Scope: r1, Customer: "C1"}); len(calls) != 2 {
			t.Errorf("%d calls logged, want 2", len(calls))
		}
		items, _ = s.Worklist(ctx, r1, "R1", d("2026-07-23"))
		if listed(items) != "C1:commitment_due_tomorrow,overdue" || !items[0].MustCall || items[0].AmountAtStake != money.Yuan(600) {
			t.Errorf("Thursday's list: %s %+v", listed(items), items)
		}

		// Both calls answered their follow-up on its day.
		comp, err := s.Compliance(ctx, r1, d("2026-07-01"), d("2026-07-31"), d("2026-07-23"))
		if err != nil {
			t.Fatal(err)
		}
		if len(comp) != 1 || comp[0].Rep != "R1" || comp[0].CallsInPeriod != 2 || comp[0].Due != 2 || comp[0].OnTime != 2 || comp[0].AvgDelayDays != 0 {
			t.Errorf("compliance %+v", comp)
		}
		// Left alone until the 29th, the tier-B follow-up due Monday 27th
		// (four days after the 21st, a Saturday) is two days late.
		comp, _ = s.Compliance(ctx, r1, d("2026-07-01"), d("2026-07-31"), d("2026-07-29"))
		if len(comp) != 1 || comp[0].Due != 3 || comp[0].OnTime != 2 || comp[0].AvgDelayDays != 2.0/3 {
			t.Errorf("compliance with a follow-up 6 days late: %+v", comp)
		}

		// Another rep does not see C1; bad input names the field.
		if _, err := s.LogCall(ctx, store.Actor{Name: "rep2"}, user.Scope{Rep: "R2"}, call("C1", monday, followup.ReachedPaid)); err == nil {
			t.Error("rep R2 logged a call with R1's customer")
		}
		bad := call("C1", monday, "reached-maybe")
		bad.Commitment = &store.NewCommitment{Amount: 0, Due: d(monday)}
		var inv *errs.Invalid
		if _, err := s.LogCall(ctx, rep, r1, bad); !errors.As(err, &inv) {
			t.Errorf("bad call: %v", err)
		} else if fields := fieldsOf(inv); fields != "disposition disposition commitment.amount" {
			t.Errorf("bad call: the errors name %s", fields)
		}

		// The cadence is the installation's.
		p := followup.DefaultPolicy()
		p.Interval["A"] = 0
		if err := s.SetFollowupPolicy(ctx, store.Actor{Name: "admin"}, p); !errors.As(err, &inv) {
			t.Errorf("an interval of 0 days: %v", err)
		}
		p.Interval["A"], p.Capacity = 14, 12
		if err := s.SetFollowupPolicy(ctx, store.Actor{Name: "admin"}, p); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FollowupPolicy(ctx); got.Interval["A"] != 14 || got.Capacity != 12 {
			t.Errorf("policy read back %+v", got)
		}
	})
}

func fieldsOf(inv *errs.Invalid) string {
	var out []string
	for _, f := range inv.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, " ")
}

// TestCTIMatchesNumbersAsWritten: customers' numbers imported with spaces,
// dashes or a country code are found by the call center's events, also
// in a database whose customers were there before migration 5 kept their
// numbers' digits.
func TestCTIMatchesNumbersAsWritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, err := store.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		b := store.Batch{Reps: []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东"}}}
		for i, phone := range []string{"138-0013-8000", "0571-8888 1234", "+86 139 0000 0000", ""} {
			b.Customers = append(b.Customers, ledger.Customer{Code: fmt.Sprintf("C%d", i+1), Name: "客户", Region: "华东", Rep: "R1", Tier: "B", CreditLimit: money.Yuan(1000), TermsDays: 30, Phone: phone})
		}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		match := func(event, phone string) string {
			c, err := s.RecordCTIEvent(ctx, store.CTIEvent{ID: event, Type: "call.started", At: time.Now(), Date: d("2026-06-30"), CallID: event, Rep: "R1", Phone: phone, Direction: "inbound"})
			if err != nil {
				t.Fatalf("event %s: %v", event, err)
			}
			if c == nil {
				return ""
			}
			return c.Customer
		}
		if got := match("e1", "+8613800138000"); got != "C1" {
			t.Errorf("+8613800138000 is %q's, want C1's", got)
		}
		// A database from before: its customers' digits are filled in by
		// the migration.
		if err := s.MigrateDownTo(ctx, 4); err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for phone, want := range map[string]string{"+86 571 88881234": "C2", "13900000000": "C3", "13800138000": "C1", "": "", "13700000000": ""} {
			if got := match("e-"+phone, phone); got != want {
				t.Errorf("%q is %q's, want %q", phone, got, want)
			}
		}
	})
}
