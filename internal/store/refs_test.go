package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"huikuan/internal/errs"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestRefOfAnotherCustomer logs a call and a promise under refs another
// rep then reuses: the reuse is a conflict that carries nothing of the
// first record, for a call and for a promise, and a replay by the owner
// still answers the first record. The call center's and the
// Idempotency-Key's namespaces are refused to users.
func TestRefOfAnotherCustomer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		r1, r2 := user.Scope{Rep: "R1"}, user.Scope{Rep: "R2"}
		rep1, rep2 := store.Actor{Name: "rep1"}, store.Actor{Name: "rep2"}
		secret := call("C1", "2026-07-20", followup.ReachedExcuse)
		secret.Notes, secret.Ref, secret.AmountAsked = "老板住院了", "crm-1", money.Yuan(900)
		first, err := s.LogCall(ctx, rep1, r1, secret)
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.LogCall(ctx, rep1, r1, secret)
		if err != nil || again.ID != first.ID {
			t.Errorf("the owner replaying ref crm-1: %+v, %v; want call %d", again, err, first.ID)
		}
		planted := call("C3", "2026-07-20", followup.NoAnswer)
		planted.Ref = "crm-1"
		got, err := s.LogCall(ctx, rep2, r2, planted)
		if !errors.Is(err, errs.ErrConflict) || got.ID != 0 || got.Notes != "" || strings.Contains(err.Error(), "C1") {
			t.Errorf("rep2 reusing R1's ref: %+v, %v; want a conflict without the call", got, err)
		}
		// A manager who sees both customers is refused too: the ref names
		// C1's call.
		other := call("C2", "2026-07-20", followup.NoAnswer)
		other.Ref = "crm-1"
		if got, err := s.LogCall(ctx, rep1, user.Scope{All: true}, other); !errors.Is(err, errs.ErrConflict) || got.ID != 0 {
			t.Errorf("the ref of C1's call for C2: %+v, %v; want a conflict", got, err)
		}

		promise := store.NewCommitment{Customer: "C1", Amount: money.Yuan(500), Due: d("2026-07-30"), Made: d("2026-07-20"), Ref: "web:abc:promise"}
		p, err := s.CreateCommitment(ctx, rep1, r1, promise)
		if err != nil {
			t.Fatal(err)
		}
		if p2, err := s.CreateCommitment(ctx, rep1, r1, promise); err != nil || p2.ID != p.ID {
			t.Errorf("the owner replaying the promise's ref: %d, %v; want %d", p2.ID, err, p.ID)
		}
		stolen := promise
		stolen.Customer = "C3"
		if got, err := s.CreateCommitment(ctx, rep2, r2, stolen); !errors.Is(err, errs.ErrConflict) || got.ID != 0 {
			t.Errorf("rep2 reusing R1's promise ref: %+v, %v; want a conflict", got.ID, err)
		}

		for _, ref := range []string{"cti:c-78", "idem:1:k"} {
			c := call("C1", "2026-07-20", followup.NoAnswer)
			c.Ref = ref
			var inv *errs.Invalid
			if _, err := s.LogCall(ctx, rep1, r1, c); !errors.As(err, &inv) || inv.Fields[0].Field != "ref" {
				t.Errorf("a user's call with ref %s: %v; want the field ref refused", ref, err)
			}
			m := promise
			m.Ref = ref
			if _, err := s.CreateCommitment(ctx, rep1, r1, m); !errors.As(err, &inv) || inv.Fields[0].Field != "ref" {
				t.Errorf("a user's promise with ref %s: %v; want the field ref refused", ref, err)
			}
		}
	})
}

// TestCTIEventOwnerDecides posts a call-center event naming the wrong rep:
// the pending call is the customer owner's, on the owner's pending calls,
// not the named rep's.
func TestCTIEventOwnerDecides(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := scenario()
		b.Customers[0].Phone = "13800000001"
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 7, 20, 2, 0, 0, 0, time.UTC)
		c, err := s.RecordCTIEvent(ctx, store.CTIEvent{ID: "e-1", Type: "call.started", At: at, Date: d("2026-07-20"), CallID: "c-1",
			Rep: "R2", Phone: "138-0000-0001", Direction: "outbound"})
		if err != nil || c == nil {
			t.Fatalf("event: %v, %v", c, err)
		}
		if c.Rep != "R1" {
			t.Errorf("the call of R1's customer is R%s's", c.Rep)
		}
		pending, err := s.Calls(ctx, store.CallFilter{Scope: user.Scope{Rep: "R1"}, Rep: "R1", Pending: true})
		if err != nil || len(pending) != 1 || pending[0].ID != c.ID {
			t.Errorf("R1's pending calls: %+v, %v; want call %d", pending, err, c.ID)
		}
		if wrong, _ := s.Calls(ctx, store.CallFilter{Scope: user.Scope{All: true}, Rep: "R2", Pending: true}); len(wrong) != 0 {
			t.Errorf("R2 has %d pending calls of R1's customer", len(wrong))
		}
	})
}

// TestIdempotencyKeyReserved reserves a key, sees a second reservation of
// it told of the first (SQLite reports the clash on the primary key as
// code 1555, not 2067), answers it once, and frees a key whose create
// failed.
func TestIdempotencyKeyReserved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, store.Batch{Reps: []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东"}}}); err != nil {
			t.Fatal(err)
		}
		u, err := s.CreateUser(ctx, store.Actor{Name: "test"}, user.User{Login: "admin", Name: "管理员", Role: user.Admin}, "x")
		if err != nil {
			t.Fatal(err)
		}
		resp := store.StoredResponse{Request: "h1", Status: 201, Body: []byte(`{"id":1}`)}
		if saved, err := s.SaveIdempotentResponse(ctx, u.ID, "k1", resp); err != nil || !saved {
			t.Fatalf("first answer: %v, %v", saved, err)
		}
		if saved, err := s.SaveIdempotentResponse(ctx, u.ID, "k1", resp); err != nil || saved {
			t.Errorf("the same key answered twice: saved %v, %v; want false and no error", saved, err)
		}

		_, reserved, err := s.ReserveIdempotencyKey(ctx, u.ID, "k2", "h2")
		if err != nil || !reserved {
			t.Fatalf("reserving k2: %v, %v", reserved, err)
		}
		held, reserved, err := s.ReserveIdempotencyKey(ctx, u.ID, "k2", "h2")
		if err != nil || reserved || !held.Pending() || held.Request != "h2" {
			t.Errorf("k2 reserved again: %+v, %v, %v; want the pending reservation", held, reserved, err)
		}
		if saved, err := s.SaveIdempotentResponse(ctx, u.ID, "k2", store.StoredResponse{Request: "h2", Status: 201, Body: []byte(`{}`)}); err != nil || !saved {
			t.Errorf("answering k2: %v, %v", saved, err)
		}
		if done, ok, err := s.IdempotentResponse(ctx, u.ID, "k2"); err != nil || !ok || done.Pending() || done.Status != 201 {
			t.Errorf("k2 answered: %+v, %v, %v", done, ok, err)
		}

		if _, reserved, err := s.ReserveIdempotencyKey(ctx, u.ID, "k3", "h3"); err != nil || !reserved {
			t.Fatalf("reserving k3: %v, %v", reserved, err)
		}
		if err := s.ReleaseIdempotencyKey(ctx, u.ID, "k3", "h3"); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.IdempotentResponse(ctx, u.ID, "k3"); err != nil || ok {
			t.Errorf("k3 after its create failed: held %v, %v", ok, err)
		}
	})
}

// TestPlantedCTIRefMoved plants, as a database of before the fix could
// hold, a rep's call under the call center's next call id: migration 7
// moves it out of the webhook's namespace, and the call center's call is
// logged as its own, for the customer's owner.
func TestPlantedCTIRefMoved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := scenario()
		b.Customers[0].Phone = "13800000001"
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		// The call is logged first and planted in the old schema after:
		// today's LogCall reads tables that schema 6 does not have.
		planted := call("C3", "2026-07-20", followup.NoAnswer)
		c, err := s.LogCall(ctx, store.Actor{Name: "rep2"}, user.Scope{Rep: "R2"}, planted)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.MigrateDownTo(ctx, 6); err != nil {
			t.Fatal(err)
		}
		if err := s.ExecForTest(ctx, `UPDATE calls SET ref = 'cti:c-9' WHERE id = $1`, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := s.Call(ctx, user.Scope{All: true}, c.ID)
		if err != nil || got.Ref != "user:cti:c-9" {
			t.Errorf("the planted call after migration 7: ref %q, %v", got.Ref, err)
		}
		ev, err := s.RecordCTIEvent(ctx, store.CTIEvent{ID: "e-9", Type: "call.started", At: time.Date(2026, 7, 20, 2, 0, 0, 0, time.UTC), Date: d("2026-07-20"),
			CallID: "c-9", Rep: "R2", Phone: "13800000001", Direction: "outbound"})
		if err != nil || ev == nil || ev.ID == c.ID || ev.Customer != "C1" || ev.Rep != "R1" {
			t.Errorf("the call center's call c-9: %+v, %v; want a new call of C1 for R1", ev, err)
		}
	})
}
