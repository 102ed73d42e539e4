package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// TestDisputesAPI: a rep carves disputes out of own customers' invoices
// only, sees only those, and cannot resolve; finance (admin) resolves
// with a resolution; a POST with an Idempotency-Key is answered once.
func TestDisputesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		if r := w.do(t, "admin", "POST", "/api/v1/invoices", `{"number":"I3","customer":"C3","issue_date":"2026-01-01","due_date":"2026-01-31","amount":80000}`); r.status != 201 {
			t.Fatalf("I3: %d %s", r.status, r.body)
		}
		body := `{"customer":"C1","parts":[{"invoice":"I1","amount":30000}],"reason":"quality","owner":"admin","note":"破损","opened_on":"2026-06-01"}`
		r := w.do(t, "rep1", "POST", "/api/v1/disputes", body, "Idempotency-Key", "k1")
		if r.status != 201 {
			t.Fatalf("rep1 opens on C1: %d %s", r.status, r.body)
		}
		var got struct{ Items []store.DisputeRow }
		if err := json.Unmarshal(r.body, &got); err != nil || len(got.Items) != 1 || got.Items[0].Amount != 30000 || got.Items[0].AgeDays != 29 || got.Items[0].OpenedBy != "rep1" {
			t.Fatalf("created: %v %s", err, r.body)
		}
		if again := w.do(t, "rep1", "POST", "/api/v1/disputes", body, "Idempotency-Key", "k1"); again.status != 201 || string(again.body) != string(r.body) {
			t.Errorf("the same key again: %d %s", again.status, again.body)
		}
		// Another rep's invoice reads as an unknown one, and nothing of a
		// batch with it is written.
		r = w.do(t, "rep1", "POST", "/api/v1/disputes", `{"parts":[{"invoice":"I1","amount":100},{"invoice":"I3","amount":100}],"reason":"quality"}`)
		if r.status != 422 || !strings.Contains(string(r.body), `unknown invoice \"I3\"`) || !strings.Contains(string(r.body), `"row":2`) {
			t.Errorf("rep1 on I3: %d %s", r.status, r.body)
		}
		list := func(as, query string) []store.DisputeRow {
			t.Helper()
			r := w.do(t, as, "GET", "/api/v1/disputes"+query, "")
			var l struct{ Items []store.DisputeRow }
			if r.status != 200 || json.Unmarshal(r.body, &l) != nil {
				t.Fatalf("GET as %s: %d %s", as, r.status, r.body)
			}
			return l.Items
		}
		if got := list("admin", ""); len(got) != 1 {
			t.Errorf("admin's list: %+v (the failed batch wrote something?)", got)
		}
		if got := list("rep2", ""); len(got) != 0 {
			t.Errorf("rep2 sees %+v", got)
		}
		id := "1"
		for _, as := range []string{"rep1", "boss"} {
			if r := w.do(t, as, "POST", "/api/v1/disputes/"+id+"/resolve", `{"resolution":"rejected"}`); r.status != 403 {
				t.Errorf("%s resolves: %d %s", as, r.status, r.body)
			}
		}
		if r := w.do(t, "admin", "POST", "/api/v1/disputes/"+id+"/resolve", `{"resolution":"paid"}`); r.status != 422 || !strings.Contains(string(r.body), `"field":"resolution"`) {
			t.Errorf("resolution paid: %d %s", r.status, r.body)
		}
		r = w.do(t, "admin", "POST", "/api/v1/disputes/"+id+"/resolve", `{"resolution":"withdrawn","resolved_on":"2026-06-20"}`)
		var d store.DisputeRow
		if r.status != 200 || json.Unmarshal(r.body, &d) != nil || d.Resolution != "withdrawn" || d.Resolved == nil || d.AgeDays != 19 {
			t.Errorf("admin resolves: %d %s", r.status, r.body)
		}
		if got := list("rep1", ""); len(got) != 0 {
			t.Errorf("open after resolving: %+v", got)
		}
		if got := list("rep1", "?status=all"); len(got) != 1 || got[0].Resolution != "withdrawn" {
			t.Errorf("all: %+v", got)
		}
		if r := w.do(t, "admin", "GET", "/api/v1/disputes?status=closed", ""); r.status != 422 {
			t.Errorf("status=closed: %d %s", r.status, r.body)
		}
	})
}
