package store_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// TestApplyChecksEveryRecord hands Apply records that no validator ran on
// (as a loader or the demo could): each value beyond the shared bounds is
// refused naming its field, and nothing is written.
func TestApplyChecksEveryRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := open(t, dbURL)
		ctx := context.Background()
		if _, err := s.Apply(ctx, store.Batch{Customers: []ledger.Customer{cust("C1", "R1", 1000)}}); err != nil {
			t.Fatal(err)
		}
		c := cust("C2", "R1", 1000)
		c.CreditLimit = math.MaxInt64
		evil := cust("C3\r\nX", "R1", 1000)
		far := inv("I2", "C1", "2026-01-01", "2026-01-31", 10)
		far.Due = civil.MustParse("9999-12-31")
		tests := []struct {
			name  string
			b     store.Batch
			field string
		}{
			{"credit limit", store.Batch{Customers: []ledger.Customer{c}}, "credit_limit"},
			{"code with CR LF", store.Batch{Customers: []ledger.Customer{evil}}, "code"},
			{"rep name with NUL", store.Batch{Reps: []ledger.Rep{{Code: "R9", Name: "王\x00", Region: "华东"}}}, "name"},
			{"payment of max int64", store.Batch{Payments: []ledger.Payment{{Number: "P1", Customer: "C1", Date: civil.MustParse("2026-06-01"), Amount: math.MaxInt64}}}, "amount"},
			{"credit note of min int64", store.Batch{Invoices: []ledger.Invoice{{Number: "I1", Customer: "C1", Issue: civil.MustParse("2026-06-01"), Due: civil.MustParse("2026-06-01"), Amount: math.MinInt64}}}, "amount"},
			{"due 9999-12-31", store.Batch{Invoices: []ledger.Invoice{far}}, "due_date"},
			{"promise above the bound", store.Batch{Commitments: []store.NewCommitment{{Customer: "C1", Amount: money.MaxAmount + 1, Due: civil.MustParse("2026-06-10"), Made: civil.MustParse("2026-06-01")}}}, "amount"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Apply(ctx, tt.b)
				wantField(t, err, tt.field)
			})
		}
		rows, err := s.Payments(ctx, store.DocFilter{Number: "P1", Limit: 1})
		if err != nil || len(rows) != 0 {
			t.Errorf("payment P1 stored: %v %v", rows, err)
		}
	})
}

// TestDisputeValuesChecked opens disputes with values beyond the shared
// bounds.
func TestDisputeValuesChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := open(t, dbURL)
		ctx := context.Background()
		if _, err := s.Apply(ctx, store.Batch{Customers: []ledger.Customer{cust("C1", "R1", 1000)}, Invoices: []ledger.Invoice{inv("I1", "C1", "2026-01-01", "2026-01-31", 100)}}); err != nil {
			t.Fatal(err)
		}
		d := civil.MustParse
		_, err := s.OpenDispute(ctx, "I1", money.Yuan(10), d("9999-12-31"), "")
		wantField(t, err, "opened_on")
		_, err = s.OpenDispute(ctx, "I1", math.MaxInt64, d("2026-02-01"), "")
		wantField(t, err, "amount")
		_, err = s.OpenDispute(ctx, "I1", money.Yuan(10), d("2026-02-01"), "质量\x00问题")
		wantField(t, err, "note")
		id, err := s.OpenDispute(ctx, "I1", money.Yuan(10), d("2026-02-01"), "质量问题\n第二行")
		if err != nil {
			t.Fatal(err)
		}
		wantField(t, s.ResolveDispute(ctx, id, d("9999-12-31")), "resolved_on")
	})
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var inv *errs.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want *errs.Invalid on %s", err, field)
	}
	for _, f := range inv.Fields {
		if f.Field == field {
			return
		}
	}
	t.Errorf("no error on %s: %v", field, inv.Fields)
}
