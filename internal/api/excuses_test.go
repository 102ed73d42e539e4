package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// TestCallExcuseAPI logs excuse calls through POST /api/v1/calls: the
// category and amount come back on the call and in the list of calls;
// an excuse call without a category is other; bad excuses are refused
// naming the field.
func TestCallExcuseAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		res := w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","at":"2026-06-30T08:30:00Z","disposition":"reached-excuse","excuse":"statement_mismatch","excuse_amount":123450,"notes":"对账差一张单"}`)
		var c struct {
			ID           int64  `json:"id"`
			Excuse       string `json:"excuse"`
			ExcuseAmount int64  `json:"excuse_amount"`
		}
		if err := json.Unmarshal(res.body, &c); err != nil || res.status != 201 || c.Excuse != "statement_mismatch" || c.ExcuseAmount != 123450 {
			t.Fatalf("an excuse call: %d %s", res.status, res.body)
		}
		res = w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","at":"2026-06-30T09:30:00Z","disposition":"reached-excuse"}`)
		if res.status != 201 || !strings.Contains(string(res.body), `"excuse":"other","excuse_amount":0`) {
			t.Errorf("an excuse call without a category: %d %s", res.status, res.body)
		}
		calls := w.do(t, "rep1", "GET", "/api/v1/calls?customer=C1", "")
		if !strings.Contains(string(calls.body), `"excuse":"statement_mismatch","excuse_amount":123450`) {
			t.Errorf("the calls listed: %s", calls.body)
		}
		for _, tc := range []struct{ name, body, field, says string }{
			{"unknown category", `{"customer":"C1","disposition":"reached-excuse","excuse":"busy"}`, "excuse", "cash_tight"},
			{"excuse without reached-excuse", `{"customer":"C1","disposition":"no-answer","excuse":"quality"}`, "excuse", "reached-excuse"},
			{"negative amount", `{"customer":"C1","disposition":"reached-excuse","excuse":"quality","excuse_amount":-1}`, "excuse_amount", "negative"},
			{"amount without an excuse", `{"customer":"C1","disposition":"reached-paid","excuse_amount":100}`, "excuse_amount", "reached-excuse"},
		} {
			res := w.do(t, "rep1", "POST", "/api/v1/calls", tc.body)
			if res.status != 422 || !strings.Contains(string(res.body), `"field":"`+tc.field+`"`) || !strings.Contains(string(res.body), tc.says) {
				t.Errorf("%s: %d %s", tc.name, res.status, res.body)
			}
		}
	})
}
