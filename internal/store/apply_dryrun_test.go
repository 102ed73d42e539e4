package store_test

import (
	"context"
	"errors"
	"testing"

	"huikuan/internal/errs"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// TestApplyDryRun: a dry run gives the counts and errors the write would,
// and leaves every table (the audit log too) as it was.
func TestApplyDryRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		state := func() (store.TableCounts, int) {
			t.Helper()
			c, err := s.Counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			es, err := s.Audit(ctx, 1000)
			if err != nil {
				t.Fatal(err)
			}
			return c, len(es)
		}
		dry := func(b store.Batch) (store.Result, error) {
			t.Helper()
			c0, a0 := state()
			b.DryRun, b.Actor, b.Source = true, &store.Actor{Name: "cli"}, "dry"
			res, err := s.Apply(ctx, b)
			if c1, a1 := state(); c1 != c0 || a1 != a0 {
				t.Errorf("the dry run wrote: %+v -> %+v, audit %d -> %d", c0, c1, a0, a1)
			}
			return res, err
		}

		got, err := dry(scenario())
		if err != nil {
			t.Fatal(err)
		}
		real, err := s.Apply(ctx, scenario())
		if err != nil {
			t.Fatal(err)
		}
		if got != real || real.Invoices.Created != 7 {
			t.Errorf("dry run = %+v, the write = %+v", got, real)
		}

		b := scenario()
		b.Customers[0].Name += "（新）"
		if got, err := dry(b); err != nil || got.Customers != (store.Counts{Updated: 1, Unchanged: 2}) || got.Invoices.Unchanged != 7 {
			t.Errorf("dry run of a change = %+v, %v", got, err)
		}

		b = scenario()
		b.Invoices[0].Amount++
		b.InvoiceRows = make([]int, len(b.Invoices))
		b.InvoiceRows[0] = 2
		_, err = dry(b)
		var inv *errs.Invalid
		if !errors.As(err, &inv) || inv.Fields[0].Row != 2 || inv.Fields[0].Field != "amount" {
			t.Errorf("dry run of a clash: err = %v", err)
		}
	})
}
