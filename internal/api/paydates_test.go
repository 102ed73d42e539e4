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

// TestInvoiceElectronic: POST /invoices takes electronic, false when left
// out, and GET gives it back.
func TestInvoiceElectronic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		for _, body := range []string{
			`{"number":"E1","customer":"C1","issue_date":"2026-02-01","due_date":"2026-03-03","amount":500,"electronic":true}`,
			`{"number":"E2","customer":"C1","issue_date":"2026-02-01","due_date":"2026-03-03","amount":500}`,
		} {
			if r := w.do(t, "admin", "POST", "/api/v1/invoices", body); r.status != 201 {
				t.Fatalf("%s: %d %s", body, r.status, r.body)
			}
		}
		var out struct {
			Items []struct {
				Number     string `json:"number"`
				Electronic bool   `json:"electronic"`
			}
		}
		if err := json.Unmarshal(w.do(t, "admin", "GET", "/api/v1/invoices", "").body, &out); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, it := range out.Items {
			got[it.Number] = it.Electronic
		}
		if e1, ok1 := got["E1"]; !ok1 || !e1 || got["E2"] {
			t.Errorf("electronic by number: %v; want E1 true, E2 false", got)
		}
	})
}
