package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"huikuan/internal/api"
	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// createPaths are the endpoints whose bodies FuzzCreateBodies posts.
var createPaths = []struct{ method, path string }{
	{"POST", "/api/v1/customers"}, {"POST", "/api/v1/invoices"}, {"POST", "/api/v1/payments"},
	{"POST", "/api/v1/commitments"}, {"POST", "/api/v1/calls"}, {"POST", "/api/v1/calls/1/disposition"},
	{"PUT", "/api/v1/customers/C1/followup"},
}

// FuzzCreateBodies posts any body to every create endpoint, as an admin and
// as a rep, on one SQLite store that keeps what was accepted: no body is
// answered with a 500, and every answer is JSON.
func FuzzCreateBodies(f *testing.F) {
	for _, s := range []struct {
		path uint8
		body string
	}{
		{0, `{"code":"C9","name":"新客户","region":"华南","rep":"R1","credit_tier":"A","credit_limit":500000,"payment_terms_days":45}`},
		{1, `{"number":"I9","customer":"C1","issue_date":"2026-06-01","due_date":"2026-06-30","amount":150000}`},
		{1, `{"number":"CN9","customer":"C1","issue_date":"2026-06-01","due_date":"2026-06-01","amount":-5000}`},
		{2, `{"number":"P9","customer":"C1","date":"2026-06-30","amount":100,"invoices":["I1"]}`},
		{2, `{"number":"P10","customer":"C1","date":"0001-01-01","amount":-9223372036854775808}`},
		{3, `{"customer":"C1","amount":50000,"date":"2026-07-10","contact":"张三"}`},
		{4, `{"customer":"C1","disposition":"reached-promised","amount_agreed":50000,"commitment":{"customer":"C1","amount":50000,"date":"2026-07-10"},"ref":"x1"}`},
		{5, `{"disposition":"no-answer","next_followup":"2026-07-01"}`},
		{6, `{"cadence_days":7}`},
		{6, `{"cadence_days":-1}`},
		{0, `{"code":"C\r\nX","name":"\u0000"}`},
		{129, `{"customer":"C1","amount":1,"date":"9999-12-31"}`},
	} {
		f.Add(s.path, []byte(s.body))
	}
	h, tokens, log := fuzzAPI(f)
	// What was accepted before stays in the store: a 500 may come from
	// an earlier body, so the failure lists the last ones accepted.
	var accepted []string
	f.Fuzz(func(t *testing.T, path uint8, body []byte) {
		p := createPaths[int(path)%len(createPaths)]
		as := tokens[int(path)/len(createPaths)%len(tokens)]
		req := httptest.NewRequest(p.method, p.path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+as)
		rec := httptest.NewRecorder()
		log.Reset()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s\nlog: %s\naccepted before, latest last:\n%s", p.method, p.path, body, rec.Code, rec.Body, log, strings.Join(accepted, "\n"))
		}
		if rec.Code < 300 {
			accepted = append(accepted[max(0, len(accepted)-19):], fmt.Sprintf("%s %s as %d: %q", p.method, p.path, int(path)/len(createPaths)%len(tokens), body))
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s %q: %d, not JSON: %q", p.method, p.path, body, rec.Code, rec.Body)
		}
	})
}

// fuzzAPI is an API on a temporary SQLite store with a customer, an
// invoice and a call, the tokens of an admin and of the customer's rep,
// and the API's log.
func fuzzAPI(f *testing.F) (http.Handler, []string, *bytes.Buffer) {
	ctx := context.Background()
	s, err := store.Open(ctx, storetest.SQLiteURL(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	d := civil.MustParse
	_, err = s.Apply(ctx, store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}},
		Customers: []ledger.Customer{{Code: "C1", Name: "客户一", Region: "华东", Rep: "R1", Tier: "B", CreditLimit: money.Yuan(1000), TermsDays: 30, Phone: "13800000001"}},
		Invoices:  []ledger.Invoice{{Number: "I1", Customer: "C1", Issue: d("2026-01-01"), Due: d("2026-01-31"), Amount: money.Yuan(1500)}},
	})
	if err != nil {
		f.Fatal(err)
	}
	var tokens []string
	for _, u := range []user.User{{Login: "admin", Name: "管理员", Role: user.Admin}, {Login: "rep1", Name: "王一", Role: user.Rep, Rep: "R1"}} {
		if _, err := s.CreateUser(ctx, store.Actor{Name: "test"}, u, "x"); err != nil {
			f.Fatal(err)
		}
		token, hash := user.NewSecret()
		if err := s.CreateAPIToken(ctx, u.Login, hash); err != nil {
			f.Fatal(err)
		}
		tokens = append(tokens, token)
	}
	now := func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) }
	var log bytes.Buffer
	h := api.New(s, slog.New(slog.NewTextHandler(&log, nil)), time.UTC, now).Handler()
	req := httptest.NewRequest("POST", "/api/v1/calls", bytes.NewReader([]byte(`{"customer":"C1","disposition":"no-answer"}`)))
	req.Header.Set("Authorization", "Bearer "+tokens[1])
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		f.Fatalf("the first call: %d %s", rec.Code, rec.Body)
	}
	return h, tokens, &log
}
