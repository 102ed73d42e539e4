package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"huikuan/internal/api"
	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// parallel sends the bodies at once as login with one Idempotency-Key and
// returns the answers.
func (w *world) parallel(t *testing.T, login, path, key string, bodies []string) []response {
	t.Helper()
	out := make([]response, len(bodies))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, b := range bodies {
		wg.Go(func() {
			<-start
			out[i] = w.do(t, login, "POST", path, b, "Idempotency-Key", key)
		})
	}
	close(start)
	wg.Wait()
	return out
}

// TestIdempotencyKeyRace sends 20 identical promises at once under one
// Idempotency-Key: one is recorded, every answer names it, none is a
// server error. Then 20 different payments at once under another key:
// one is recorded, the others are refused as another request's key.
func TestIdempotencyKeyRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		body := `{"customer":"C1","amount":50000,"date":"2026-07-10","contact":"张三"}`
		bodies := make([]string, 20)
		for i := range bodies {
			bodies[i] = body
		}
		ids := map[int64]int{}
		for _, res := range w.parallel(t, "boss", "/api/v1/commitments", "promise-1", bodies) {
			var c struct{ ID int64 }
			json.Unmarshal(res.body, &c)
			if res.status != 201 || c.ID == 0 {
				t.Errorf("a promise sent 20 times at once: %d %s", res.status, res.body)
			}
			ids[c.ID]++
		}
		if len(ids) != 1 {
			t.Errorf("the 20 answers name the promises %v, want one", ids)
		}
		var list struct{ Items []struct{ ID int64 } }
		json.Unmarshal(w.do(t, "boss", "GET", "/api/v1/commitments?customer=C1", "").body, &list)
		if len(list.Items) != 1 {
			t.Errorf("%d promises recorded, want 1", len(list.Items))
		}

		for i := range bodies {
			bodies[i] = fmt.Sprintf(`{"number":"P-%d","customer":"C1","date":"2026-06-30","amount":%d}`, i, 100+i)
		}
		created := 0
		for _, res := range w.parallel(t, "boss", "/api/v1/payments", "pay-1", bodies) {
			switch res.status {
			case 201:
				created++
			case 422:
			default:
				t.Errorf("one of 20 payments under one key: %d %s", res.status, res.body)
			}
		}
		var pays struct{ Items []struct{ Number string } }
		json.Unmarshal(w.do(t, "admin", "GET", "/api/v1/payments?customer=C1", "").body, &pays)
		if created != 1 || len(pays.Items) != 1 {
			t.Errorf("20 payments under one key: %d answered 201, %d recorded; want 1 and 1", created, len(pays.Items))
		}
	})
}

// TestCallRefOfAnotherRep logs a call under a ref, then another rep logs
// one for their own customer under the same ref: a conflict that shows
// nothing of the first call. Refs of the call center are refused.
func TestCallRefOfAnotherRep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		first := w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","disposition":"reached-excuse","notes":"老板住院了","amount_asked":90000,"ref":"crm-1"}`)
		if first.status != 201 {
			t.Fatalf("rep1's call: %d %s", first.status, first.body)
		}
		if again := w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","disposition":"reached-excuse","notes":"老板住院了","amount_asked":90000,"ref":"crm-1"}`); again.status != 201 || string(again.body) != string(first.body) {
			t.Errorf("rep1 sending the call again: %d %s", again.status, again.body)
		}
		res := w.do(t, "rep2", "POST", "/api/v1/calls", `{"customer":"C3","disposition":"no-answer","ref":"crm-1"}`)
		if res.status != 409 || strings.Contains(string(res.body), "C1") || strings.Contains(string(res.body), "老板") || strings.Contains(string(res.body), "90000") {
			t.Errorf("rep2 reusing rep1's ref: %d %s; want 409 without the call", res.status, res.body)
		}
		res = w.do(t, "rep1", "POST", "/api/v1/calls", `{"customer":"C1","disposition":"no-answer","ref":"cti:c-78"}`)
		if res.status != 422 || !strings.Contains(string(res.body), `"field":"ref"`) {
			t.Errorf("a call under the call center's next call id: %d %s", res.status, res.body)
		}
	})
}

// TestCTIEventWrongRep posts an event naming R2 for R1's customer: the
// call waits on R1's pending calls.
func TestCTIEventWrongRep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		ev := fmt.Sprintf(`{"event_id":"e-1","type":"call.started","timestamp":%q,"call_id":"c-1","rep":"R2","customer_phone":"13800000001"}`,
			time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC).Format(time.RFC3339))
		if res := w.do(t, "", "POST", "/api/v1/cti/events", ev, api.SignatureHeader, api.Sign([]byte(ctiSecret), []byte(ev))); res.status != 200 {
			t.Fatalf("the event: %d %s", res.status, res.body)
		}
		var list struct {
			Items []struct{ Customer, Rep string }
		}
		json.Unmarshal(w.do(t, "rep1", "GET", "/api/v1/calls?pending=true&rep=R1", "").body, &list)
		if len(list.Items) != 1 || list.Items[0].Customer != "C1" || list.Items[0].Rep != "R1" {
			t.Errorf("R1's pending calls: %+v", list.Items)
		}
	})
}

// TestDispositionRetried gives a call its outcome, then again: the same
// outcome answers the call, another is a conflict.
func TestDispositionRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		ev := fmt.Sprintf(`{"event_id":"e-1","type":"call.started","timestamp":%q,"call_id":"c-1","rep":"R1","customer_phone":"13800000001"}`,
			time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC).Format(time.RFC3339))
		res := w.do(t, "", "POST", "/api/v1/cti/events", ev, api.SignatureHeader, api.Sign([]byte(ctiSecret), []byte(ev)))
		var got struct{ Call struct{ ID int64 } }
		if json.Unmarshal(res.body, &got); res.status != 200 || got.Call.ID == 0 {
			t.Fatalf("the event: %d %s", res.status, res.body)
		}
		path := fmt.Sprintf("/api/v1/calls/%d/disposition", got.Call.ID)
		for i := range 2 {
			if res := w.do(t, "rep1", "POST", path, `{"disposition":"reached-paid"}`); res.status != 200 || !strings.Contains(string(res.body), `"disposition":"reached-paid"`) {
				t.Errorf("the outcome given %d times: %d %s", i+1, res.status, res.body)
			}
		}
		if res := w.do(t, "rep1", "POST", path, `{"disposition":"no-answer"}`); res.status != 409 {
			t.Errorf("another outcome: %d %s", res.status, res.body)
		}
	})
}

// TestIdempotencyKeyLeftPending is a server killed after it reserved a
// key and wrote the promise, before it stored the answer: the retry with
// the key answers that promise and records no other.
func TestIdempotencyKeyLeftPending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		ctx := context.Background()
		s, err := store.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		users, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var boss user.User
		for _, u := range users {
			if u.Login == "boss" {
				boss = u
			}
		}
		body := `{"customer":"C1","amount":50000,"date":"2026-07-10"}`
		sum := sha256.Sum256([]byte("POST /api/v1/commitments\n" + body))
		if _, ok, err := s.ReserveIdempotencyKey(ctx, boss.ID, "k-crash", hex.EncodeToString(sum[:])); err != nil || !ok {
			t.Fatalf("reserving: %v %v", ok, err)
		}
		written, err := s.CreateCommitment(ctx, store.Actor{UserID: boss.ID, Name: boss.Login}, user.Scope{All: true}, store.NewCommitment{
			Customer: "C1", Amount: money.Amount(50000), Due: civil.MustParse("2026-07-10"), Made: civil.MustParse("2026-06-30"), IdempotencyKey: "k-crash"})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			res := w.do(t, "boss", "POST", "/api/v1/commitments", body, "Idempotency-Key", "k-crash")
			var c struct{ ID int64 }
			if json.Unmarshal(res.body, &c); res.status != 201 || c.ID != written.ID {
				t.Errorf("the retry after the crash: %d %s; want promise %d", res.status, res.body, written.ID)
			}
		}
		var list struct{ Items []struct{ ID int64 } }
		json.Unmarshal(w.do(t, "boss", "GET", "/api/v1/commitments?customer=C1", "").body, &list)
		if len(list.Items) != 1 {
			t.Errorf("%d promises after the retry, want 1", len(list.Items))
		}
	})
}
