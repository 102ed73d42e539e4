package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"huikuan/internal/api"
	"huikuan/internal/store/storetest"
)

const ctiSecret = "test-cti-secret"

// TestCallsAPI logs calls through the API: a retry with the same
// Idempotency-Key logs once, a rep cannot log another rep's customer, and
// the worklist reflects the call.
func TestCallsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		list := w.do(t, "rep1", "GET", "/api/v1/worklist", "")
		var wl struct {
			Rep   string `json:"rep"`
			Items []struct {
				Customer string   `json:"customer"`
				Reasons  []string `json:"reasons"`
				MustCall bool     `json:"must_call"`
			} `json:"items"`
		}
		if err := json.Unmarshal(list.body, &wl); err != nil || list.status != 200 || wl.Rep != "R1" {
			t.Fatalf("worklist: %d %s", list.status, list.body)
		}
		if len(wl.Items) != 1 || wl.Items[0].Customer != "C1" || strings.Join(wl.Items[0].Reasons, ",") != "followup_due,overdue" {
			t.Errorf("rep1's list: %s", list.body)
		}
		body := `{"customer":"C1","at":"2026-06-30T08:30:00Z","disposition":"reached-promised","amount_asked":150000,"amount_agreed":100000,
			"commitment":{"amount":100000,"date":"2026-07-03"}}`
		first := w.do(t, "rep1", "POST", "/api/v1/calls", body, "Idempotency-Key", "call-1")
		again := w.do(t, "rep1", "POST", "/api/v1/calls", body, "Idempotency-Key", "call-1")
		if first.status != 201 || again.status != 201 || string(first.body) != string(again.body) {
			t.Errorf("a call and its retry: %d %s / %d %s", first.status, first.body, again.status, again.body)
		}
		var c struct {
			ID           int64  `json:"id"`
			Disposition  string `json:"disposition"`
			CommitmentID *int64 `json:"commitment_id"`
		}
		json.Unmarshal(first.body, &c)
		if c.Disposition != "reached-promised" || c.CommitmentID == nil {
			t.Errorf("the call made: %s", first.body)
		}
		if res := w.do(t, "rep1", "GET", fmt.Sprintf("/api/v1/commitments/%d", *c.CommitmentID), ""); !strings.Contains(string(res.body), fmt.Sprintf(`"call_id":%d`, c.ID)) {
			t.Errorf("the promise does not name the call it was made in: %s", res.body)
		}
		calls := w.do(t, "rep1", "GET", "/api/v1/calls?customer=C1", "")
		if n := strings.Count(string(calls.body), `"disposition"`); n != 1 {
			t.Errorf("%d calls listed after a retried POST, want 1: %s", n, calls.body)
		}
		if res := w.do(t, "rep2", "POST", "/api/v1/calls", `{"customer":"C1","disposition":"no-answer"}`); res.status != 422 {
			t.Errorf("rep2 logging a call with R1's customer: %d %s", res.status, res.body)
		}
		if res := w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","disposition":"chatted"}`); res.status != 422 || !strings.Contains(string(res.body), `"field":"disposition"`) {
			t.Errorf("a bad disposition: %d %s", res.status, res.body)
		}
		if res := w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","disposition":"no-answer","ref":"`+strings.Repeat("r", 201)+`"}`); res.status != 422 || !strings.Contains(string(res.body), `"field":"ref"`) {
			t.Errorf("a ref of 201 bytes: %d %s", res.status, res.body)
		}
		// Problems carry a code as well as words, for programs that say
		// them in their own language.
		if res := w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","disposition":"reached-promised","commitment":{"amount":100000}}`); res.status != 422 ||
			!strings.Contains(string(res.body), `"field":"commitment.date","message":"the date the customer will pay by is required","code":"required"`) {
			t.Errorf("a promise without a date: %d %s", res.status, res.body)
		}
		list = w.do(t, "rep1", "GET", "/api/v1/worklist?date=2026-07-02", "")
		if !strings.Contains(string(list.body), `"reasons":["commitment_due_tomorrow"`) {
			t.Errorf("the list the day before the promise falls due: %s", list.body)
		}
	})
}

// TestCTIWebhook posts call-center events: signed and fresh ones log a
// call waiting for a disposition; a replayed id, a wrong signature and a
// stale timestamp are refused.
func TestCTIWebhook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		now := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
		event := func(id, typ string, at time.Time, phone string, duration int) string {
			return fmt.Sprintf(`{"event_id":%q,"type":%q,"timestamp":%q,"call_id":"c-77","rep":"R1","customer_phone":%q,"direction":"outbound","duration_seconds":%d,"recording_url":"https://rec.example/c-77.mp3"}`,
				id, typ, at.Format(time.RFC3339), phone, duration)
		}
		post := func(body, signature string) response {
			return w.do(t, "", "POST", "/api/v1/cti/events", body, api.SignatureHeader, signature)
		}
		started := event("e-1", "call.started", now.Add(-time.Minute), "+86 138-0000-0001", 0)
		if res := post(started, api.Sign([]byte(ctiSecret), []byte(started))); res.status != 200 || !strings.Contains(string(res.body), `"matched":true`) {
			t.Fatalf("a signed call.started: %d %s", res.status, res.body)
		}
		if res := post(started, api.Sign([]byte(ctiSecret), []byte(started))); res.status != 409 {
			t.Errorf("the same event again: %d %s", res.status, res.body)
		}
		ended := event("e-2", "call.ended", now, "13800000001", 95)
		if res := post(ended, api.Sign([]byte("another secret"), []byte(ended))); res.status != 401 {
			t.Errorf("a wrong signature: %d %s", res.status, res.body)
		}
		if res := post(ended, ""); res.status != 401 {
			t.Errorf("no signature: %d %s", res.status, res.body)
		}
		stale := event("e-3", "call.ended", now.Add(-6*time.Minute), "13800000001", 95)
		if res := post(stale, api.Sign([]byte(ctiSecret), []byte(stale))); res.status != 400 {
			t.Errorf("an event 6 minutes old: %d %s", res.status, res.body)
		}
		if res := post(ended, api.Sign([]byte(ctiSecret), []byte(ended))); res.status != 200 {
			t.Errorf("a signed call.ended: %d %s", res.status, res.body)
		}
		stranger := event("e-4", "call.started", now, "13999999999", 0)
		if res := post(stranger, api.Sign([]byte(ctiSecret), []byte(stranger))); res.status != 202 || !strings.Contains(string(res.body), `"matched":false`) {
			t.Errorf("a number no customer has: %d %s", res.status, res.body)
		}
		// The rep sees one call waiting for an outcome, with the duration
		// of its end, and gives it one.
		pending := w.do(t, "rep1", "GET", "/api/v1/calls?pending=true", "")
		var list struct {
			Items []struct {
				ID        int64  `json:"id"`
				Customer  string `json:"customer"`
				DurationS int    `json:"duration_s"`
				LoggedBy  string `json:"logged_by"`
			} `json:"items"`
		}
		json.Unmarshal(pending.body, &list)
		if len(list.Items) != 1 || list.Items[0].Customer != "C1" || list.Items[0].DurationS != 95 || list.Items[0].LoggedBy != "cti" {
			t.Fatalf("pending calls: %s", pending.body)
		}
		path := fmt.Sprintf("/api/v1/calls/%d/disposition", list.Items[0].ID)
		if res := w.do(t, "rep2", "POST", path, `{"disposition":"reached-paid"}`); res.status != 404 {
			t.Errorf("another rep giving the outcome: %d", res.status)
		}
		if res := w.do(t, "rep1", "POST", path, `{"disposition":"reached-paid"}`); res.status != 200 || !strings.Contains(string(res.body), `"disposition":"reached-paid"`) {
			t.Errorf("giving the outcome: %d %s", res.status, res.body)
		}
		if res := w.do(t, "rep1", "POST", path, `{"disposition":"no-answer"}`); res.status != 409 {
			t.Errorf("giving it twice: %d %s", res.status, res.body)
		}
	})
}

// TestFollowupAPI reads and sets a customer's own cadence: reps read their
// customers', managers and admins set it, and the next follow-up after a
// call moves with it.
func TestFollowupAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		if res := w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","at":"2026-06-30T08:30:00Z","disposition":"reached-refused"}`); res.status != 201 {
			t.Fatalf("logging a call: %d %s", res.status, res.body)
		}
		next := func(login string) (int, string) {
			res := w.do(t, login, "GET", "/api/v1/customers/C1/followup", "")
			var f api.Followup
			if err := json.Unmarshal(res.body, &f); err != nil || res.status != 200 || f.Next == nil {
				t.Fatalf("%s reading C1's follow-up: %d %s", login, res.status, res.body)
			}
			return f.CadenceDays, f.Next.On.String() + " " + f.Next.Code
		}
		// Tier B: every 4 days from Tuesday 30 June is Saturday 4 July,
		// so Monday 6 July.
		if days, n := next("rep1"); days != 0 || n != "2026-07-06 followup_due" {
			t.Errorf("C1 on its tier's cadence: %d days, next %s", days, n)
		}
		if res := w.do(t, "rep1", "PUT", "/api/v1/customers/C1/followup", `{"cadence_days":10}`); res.status != 403 {
			t.Errorf("a rep setting a cadence: %d %s", res.status, res.body)
		}
		if res := w.do(t, "rep2", "GET", "/api/v1/customers/C1/followup", ""); res.status != 404 {
			t.Errorf("rep2 reading R1's customer: %d", res.status)
		}
		for _, bad := range []string{`{"cadence_days":91}`, `{"cadence_days":-1}`, `{}`, `{"cadence_days":"7"}`} {
			if res := w.do(t, "boss", "PUT", "/api/v1/customers/C1/followup", bad); res.status != 422 || !strings.Contains(string(res.body), `"field":"cadence_days"`) {
				t.Errorf("PUT %s: %d %s", bad, res.status, res.body)
			}
		}
		for range 2 { // a retry changes nothing
			if res := w.do(t, "boss", "PUT", "/api/v1/customers/C1/followup", `{"cadence_days":10}`); res.status != 200 || !strings.Contains(string(res.body), `"cadence_days":10`) {
				t.Errorf("the manager setting 10 days: %d %s", res.status, res.body)
			}
		}
		if days, n := next("rep1"); days != 10 || n != "2026-07-10 followup_due" {
			t.Errorf("C1 every 10 days: %d days, next %s", days, n)
		}
		if res := w.do(t, "admin", "PUT", "/api/v1/customers/C1/followup", `{"cadence_days":0}`); res.status != 200 {
			t.Errorf("back to the tier's: %d %s", res.status, res.body)
		}
		if days, n := next("rep1"); days != 0 || n != "2026-07-06 followup_due" {
			t.Errorf("C1 back on its tier's cadence: %d days, next %s", days, n)
		}
	})
}
