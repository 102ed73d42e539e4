package api_test

import (
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// TestErrorsKeepScope writes, as a manager who cannot see customer C1 (reps
// may not write invoices and payments), records
// that name C1's invoice I1 and payment P1: the answers say what they say
// of numbers that do not exist, or that a number is taken, and never name
// C1 or its documents' content. Admins and users who can see C1 get the
// detailed message.
func TestErrorsKeepScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		if r := w.do(t, "admin", "POST", "/api/v1/payments", `{"number":"P1","customer":"C1","date":"2026-06-01","amount":100}`); r.status != 201 {
			t.Fatalf("P1: %d %s", r.status, r.body)
		}
		{
			as := "west"
			{
				// A payment naming another team's invoice reads as one naming
				// an invoice that does not exist.
				known := w.do(t, as, "POST", "/api/v1/payments", `{"number":"P3","customer":"C3","date":"2026-06-01","amount":100,"invoices":["I1"]}`)
				unknown := w.do(t, as, "POST", "/api/v1/payments", `{"number":"P3","customer":"C3","date":"2026-06-01","amount":100,"invoices":["I0"]}`)
				if known.status != unknown.status || strings.ReplaceAll(string(known.body), "I1", "I0") != string(unknown.body) {
					t.Errorf("an invisible invoice:\n%d %s\na missing one:\n%d %s", known.status, known.body, unknown.status, unknown.body)
				}
				// A number taken by another team's customer is refused
				// without saying whose it is or what it holds.
				for _, post := range []struct{ path, body string }{
					{"/api/v1/invoices", `{"number":"I1","customer":"C3","issue_date":"2026-01-01","due_date":"2026-01-31","amount":150000}`},
					{"/api/v1/payments", `{"number":"P1","customer":"C3","date":"2026-06-01","amount":100}`},
				} {
					r := w.do(t, as, "POST", post.path, post.body)
					if r.status != 422 || strings.Contains(string(r.body), "C1") {
						t.Errorf("POST %s as %s: %d %s", post.path, as, r.status, r.body)
					}
				}
			}
		}
		// Whoever may see C1 is told in full.
		r := w.do(t, "boss", "POST", "/api/v1/payments", `{"number":"P2","customer":"C2","date":"2026-06-01","amount":100,"invoices":["I1"]}`)
		if r.status != 422 || !strings.Contains(string(r.body), "belongs to customer C1") {
			t.Errorf("boss, who sees C1: %d %s", r.status, r.body)
		}
		r = w.do(t, "admin", "POST", "/api/v1/invoices", `{"number":"I1","customer":"C3","issue_date":"2026-01-01","due_date":"2026-01-31","amount":150000}`)
		if r.status != 422 || !strings.Contains(string(r.body), "C1") {
			t.Errorf("admin: %d %s", r.status, r.body)
		}
	})
}
