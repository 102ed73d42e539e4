package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"huikuan/internal/errs"
	"huikuan/internal/store/storetest"
)

// problem is the part of a problem+json answer the value tests read.
type problem struct {
	Errors []errs.FieldError `json:"errors"`
}

// wantFieldError fails unless r is a 422 naming field (with code, when
// not empty).
func wantFieldError(t *testing.T, r response, field, code string) {
	t.Helper()
	if r.status != 422 {
		t.Fatalf("status %d, want 422: %s", r.status, r.body)
	}
	var p problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	for _, f := range p.Errors {
		if f.Field == field && (code == "" || f.Code == code) {
			return
		}
	}
	t.Errorf("no error on field %s with code %q: %s", field, code, r.body)
}

// TestAmountsAreBounded posts the largest and smallest int64 as every
// amount the API takes: each is refused naming its field, and nothing is
// stored that would break the pages that sum amounts.
func TestAmountsAreBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		for _, v := range []string{"9223372036854775807", "-9223372036854775808", "1000000000001", "-1000000000001"} {
			tests := []struct {
				path, body, field string
			}{
				{"/api/v1/payments", `{"number":"PX","customer":"C1","date":"2026-06-01","amount":%s}`, "amount"},
				{"/api/v1/invoices", `{"number":"IX","customer":"C1","issue_date":"2026-06-01","due_date":"2026-06-30","amount":%s}`, "amount"},
				{"/api/v1/commitments", `{"customer":"C1","amount":%s,"date":"2026-07-10"}`, "amount"},
				{"/api/v1/customers", `{"code":"CX","name":"新客户","region":"华东","rep":"R1","credit_tier":"B","credit_limit":%s,"payment_terms_days":30}`, "credit_limit"},
				{"/api/v1/calls", `{"customer":"C1","disposition":"reached-refused","amount_asked":%s}`, "amount_asked"},
				{"/api/v1/calls", `{"customer":"C1","disposition":"reached-refused","amount_agreed":%s}`, "amount_agreed"},
				{"/api/v1/calls", `{"customer":"C1","disposition":"reached-promised","commitment":{"amount":%s,"date":"2026-07-10"}}`, "commitment.amount"},
			}
			for _, tt := range tests {
				t.Run(tt.path+" "+tt.field+" "+v, func(t *testing.T) {
					r := w.do(t, "admin", "POST", tt.path, fmt.Sprintf(tt.body, v))
					code := errs.CodeRange
					if strings.HasPrefix(v, "-") && tt.path != "/api/v1/invoices" {
						code = "" // a negative one may also be refused for its sign
					}
					wantFieldError(t, r, tt.field, code)
				})
			}
		}
		// The largest amount allowed is stored and every page that sums
		// amounts still answers.
		for i, body := range []string{
			`{"number":"PMAX%d","customer":"C1","date":"2026-06-01","amount":1000000000000}`,
			`{"number":"IMAX%d","customer":"C2","issue_date":"2026-06-01","due_date":"2026-06-02","amount":-1000000000000}`,
			`{"number":"JMAX%d","customer":"C4","issue_date":"2026-06-01","due_date":"2026-06-02","amount":1000000000000}`,
		} {
			for k := range 3 {
				path := "/api/v1/payments"
				if i > 0 {
					path = "/api/v1/invoices"
				}
				if r := w.do(t, "admin", "POST", path, fmt.Sprintf(body, k)); r.status != 201 {
					t.Fatalf("%s: %d %s", body, r.status, r.body)
				}
			}
		}
		for _, p := range []string{"/api/v1/worklist", "/api/v1/customers/C1", "/api/v1/customers", "/api/v1/reports/forecast", "/api/v1/reports/aging", "/api/v1/customers/C2/statement"} {
			if r := w.do(t, "rep1", "GET", p, ""); r.status != 200 {
				t.Errorf("GET %s after the largest amounts: %d %s", p, r.status, r.body)
			}
		}
	})
}

// TestOddValuesRefused posts values that would be stored as odd data:
// dates far outside any ledger, control characters and broken UTF-8 in
// text, codes that break the calendar feed. Each is refused naming its
// field.
func TestOddValuesRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		customer := func(field, value string) string {
			c := map[string]any{"code": "CX", "name": "新客户", "region": "华东", "rep": "R1", "credit_tier": "B", "credit_limit": 100, "payment_terms_days": 30}
			c[field] = value
			b, _ := json.Marshal(c)
			return string(b)
		}
		tests := []struct {
			name, path, body, field string
		}{
			{"invoice issued 0001-01-01", "/api/v1/invoices", `{"number":"IX","customer":"C1","issue_date":"0001-01-01","due_date":"2026-06-30","amount":100}`, "issue_date"},
			{"invoice due 9999-12-31", "/api/v1/invoices", `{"number":"IX","customer":"C1","issue_date":"2026-06-01","due_date":"9999-12-31","amount":100}`, "due_date"},
			{"payment on 0001-01-01", "/api/v1/payments", `{"number":"PX","customer":"C1","date":"0001-01-01","amount":100}`, "date"},
			{"payment on 9999-12-31", "/api/v1/payments", `{"number":"PX","customer":"C1","date":"9999-12-31","amount":100}`, "date"},
			{"promise made 0001-01-01", "/api/v1/commitments", `{"customer":"C1","amount":100,"date":"0001-01-10","made_on":"0001-01-01"}`, "made_on"},
			{"next follow-up 9999-12-31", "/api/v1/calls", `{"customer":"C1","disposition":"no-answer","next_followup":"9999-12-31"}`, "next_followup"},
			{"call at 0001-01-01", "/api/v1/calls", `{"customer":"C1","disposition":"no-answer","at":"0001-01-01T09:00:00Z"}`, "at"},
			{"code with CR LF", "/api/v1/customers", customer("code", "C1\r\nUID:x"), "code"},
			{"code with a slash", "/api/v1/customers", customer("code", "C/1"), "code"},
			{"code with a space at the end", "/api/v1/customers", customer("code", "C1 "), "code"},
			{"rep with #", "/api/v1/customers", customer("rep", "R1#x"), "rep"},
			{"name with NUL", "/api/v1/customers", customer("name", "甲\x00乙"), "name"},
			{"phone with a newline", "/api/v1/customers", customer("phone", "138\n0000"), "phone"},
			{"invoice number with ?", "/api/v1/invoices", `{"number":"I?X","customer":"C1","issue_date":"2026-06-01","due_date":"2026-06-30","amount":100}`, "number"},
			{"call notes with NUL", "/api/v1/calls", `{"customer":"C1","disposition":"no-answer","notes":"a\u0000b"}`, "notes"},
			{"promise contact with ESC", "/api/v1/commitments", `{"customer":"C1","amount":100,"date":"2026-07-10","contact":"\u001b[31m"}`, "contact"},
			{"support with NUL", "/api/v1/commitments", `{"customer":"C1","amount":100,"date":"2026-07-10","support":"\u0000"}`, "support"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantFieldError(t, w.do(t, "admin", "POST", tt.path, tt.body), tt.field, "")
			})
		}
		t.Run("name not UTF-8", func(t *testing.T) {
			r := w.do(t, "admin", "POST", "/api/v1/customers", `{"code":"CX","name":"`+"\xff\xfe"+`","region":"华东","rep":"R1","credit_tier":"B","credit_limit":100,"payment_terms_days":30}`)
			if r.status != 422 {
				t.Fatalf("status %d, want 422: %s", r.status, r.body)
			}
		})
		// Notes may hold line breaks and tabs.
		if r := w.do(t, "admin", "POST", "/api/v1/calls", `{"customer":"C1","disposition":"no-answer","notes":"第一行\r\n第二行\t完"}`); r.status != 201 {
			t.Errorf("notes with line breaks: %d %s", r.status, r.body)
		}
	})
}
