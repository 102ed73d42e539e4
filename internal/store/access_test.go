package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

var admin = store.Actor{Name: "test"}

// accessWorld is a store with user wang (rep R1) holding a session, an API
// token and a calendar feed; it returns the token.
func accessWorld(t *testing.T, dbURL string) (*store.Store, user.User, user.Token) {
	t.Helper()
	ctx := context.Background()
	s := open(t, dbURL)
	if _, err := s.Apply(ctx, store.Batch{Reps: []ledger.Rep{{Code: "R1", Name: "王"}}}); err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, admin, user.User{Login: "wang", Name: "王", Role: user.Rep, Rep: "R1"}, "hash1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, u.ID, "session", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	tok := user.NewToken()
	if _, err := s.AddAPIToken(ctx, admin, "wang", tok); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFeedToken(ctx, u.ID, "feed"); err != nil {
		t.Fatal(err)
	}
	return s, u, tok
}

// ended fails the test unless the session, the token and the feed of
// accessWorld are all refused.
func ended(t *testing.T, s *store.Store, tok user.Token, after string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.SessionUser(ctx, "session", time.Now()); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("the session after %s: err = %v, want not found", after, err)
	}
	if _, err := s.TokenUser(ctx, tok.Hash); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("the API token after %s: err = %v, want not found", after, err)
	}
	if _, err := s.FeedUser(ctx, "feed"); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("the calendar feed after %s: err = %v, want not found", after, err)
	}
}

// TestPasswordChangeEndsAccess: a new password ends the sessions, the API
// tokens and the calendar feed of the user.
func TestPasswordChangeEndsAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s, _, tok := accessWorld(t, dbURL)
		if err := s.SetPassword(context.Background(), admin, "wang", "hash2"); err != nil {
			t.Fatal(err)
		}
		ended(t, s, tok, "a password change")
	})
}

// TestAPITokens lists a user's tokens without their secret and revokes
// one by its id.
func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, _, first := accessWorld(t, dbURL)
		second := user.NewToken()
		id2, err := s.AddAPIToken(ctx, admin, "wang", second)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.TouchAPIToken(ctx, second.Hash, time.Now()); err != nil {
			t.Fatal(err)
		}
		ts, err := s.APITokens(ctx, "wang")
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 2 || ts[0].Hint != first.Hint || ts[1].ID != id2 || ts[1].Hint != second.Hint || len(ts[1].Hint) >= len(second.Secret)/2 {
			t.Fatalf("tokens = %+v, want the two tokens by id with short hints %q, %q", ts, first.Hint, second.Hint)
		}
		if !ts[0].LastUsed.IsZero() || ts[1].LastUsed.IsZero() || ts[1].Created.IsZero() {
			t.Errorf("tokens = %+v, want only the second used", ts)
		}
		if err := s.RevokeAPIToken(ctx, admin, id2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, second.Hash); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a revoked token: err = %v, want not found", err)
		}
		if u, err := s.TokenUser(ctx, first.Hash); err != nil || u.Login != "wang" {
			t.Errorf("the other token after a revoke: %+v, %v", u, err)
		}
		if err := s.RevokeAPIToken(ctx, admin, id2); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("revoking a revoked token: err = %v, want not found", err)
		}
		if _, err := s.APITokens(ctx, "nobody"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("the tokens of an unknown login: err = %v, want not found", err)
		}
	})
}

// TestDisableUser: a disabled user has no session, token or feed, cannot
// log in, and a session made for them anyway is refused; enabled again
// they log in, and what they had stays ended.
func TestDisableUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, u, tok := accessWorld(t, dbURL)
		if err := s.DisableUser(ctx, admin, "wang"); err != nil {
			t.Fatal(err)
		}
		ended(t, s, tok, "disabling the user")
		if _, _, err := s.UserPassword(ctx, "wang"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("the password of a disabled user: err = %v, want not found", err)
		}
		if err := s.CreateSession(ctx, u.ID, "late", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, "late", time.Now()); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a session of a disabled user: err = %v, want not found", err)
		}
		us, err := s.Users(ctx)
		if err != nil || len(us) != 1 || !us[0].Disabled {
			t.Errorf("users = %+v, %v, want wang disabled", us, err)
		}
		if err := s.DisableUser(ctx, admin, "nobody"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("disabling an unknown login: err = %v, want not found", err)
		}
		if err := s.EnableUser(ctx, admin, "wang"); err != nil {
			t.Fatal(err)
		}
		if got, hash, err := s.UserPassword(ctx, "wang"); err != nil || got.Login != "wang" || hash != "hash1" {
			t.Errorf("enabled again: %+v %q %v", got, hash, err)
		}
		if _, err := s.TokenUser(ctx, tok.Hash); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a token ended by disable works after enable: err = %v", err)
		}
	})
}
