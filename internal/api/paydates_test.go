package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/store/storetest"
)

// TestInvoicesExpectedPayDate: an open invoice carries the daily job's
// prediction (expected_pay_date with its range, p_late); before the job
// has scored it, and once settled, they are null.
func TestInvoicesExpectedPayDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		type inv struct {
			Number          string   `json:"number"`
			ExpectedPayDate *string  `json:"expected_pay_date"`
			ExpectedPayFrom *string  `json:"expected_pay_from"`
			ExpectedPayTo   *string  `json:"expected_pay_to"`
			PLate           *float64 `json:"p_late"`
		}
		list := func() []inv {
			var out struct{ Items []inv }
			if err := json.Unmarshal(w.do(t, "admin", "GET", "/api/v1/invoices", "").body, &out); err != nil {
				t.Fatal(err)
			}
			return out.Items
		}
		if l := list(); len(l) != 1 || l[0].ExpectedPayDate != nil || l[0].PLate != nil {
			t.Fatalf("before the job: %+v", l)
		}
		ctx := context.Background()
		if _, err := w.store.TrainPayDates(ctx, civil.MustParse("2026-06-30")); err != nil {
			t.Fatal(err)
		}
		if _, err := w.store.ScorePayDates(ctx, civil.MustParse("2026-01-15")); err != nil {
			t.Fatal(err)
		}
		l := list()
		if len(l) != 1 || l[0].ExpectedPayDate == nil || l[0].PLate == nil || *l[0].PLate <= 0 || *l[0].PLate >= 1 ||
			*l[0].ExpectedPayFrom > *l[0].ExpectedPayDate || *l[0].ExpectedPayDate > *l[0].ExpectedPayTo {
			t.Errorf("after the job: %+v", l)
		}
	})
}
