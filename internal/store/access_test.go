package store_test

import (
	"context"
	"errors"
	"slices"
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

// TestLoginFailures counts failed logins in the database: a second store on
// the same database sees the lock, which ends with its time, and counters
// that ran out are pruned.
func TestLoginFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		t0 := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
		cs := user.LoginCounters("wang", "10.0.0.1")
		for i := range 5 {
			if wait, err := s.LoginWait(ctx, cs, t0); err != nil || wait != 0 {
				t.Fatalf("before failure %d: wait %v, %v", i+1, wait, err)
			}
			if err := s.LoginFailed(ctx, cs, t0); err != nil {
				t.Fatal(err)
			}
		}
		other := open(t, dbURL) // a restart, or a second server
		if wait, err := other.LoginWait(ctx, cs, t0.Add(time.Minute)); err != nil || wait != 14*time.Minute {
			t.Errorf("after 5 failures, a minute later: wait %v, %v; want 14m", wait, err)
		}
		if wait, err := other.LoginWait(ctx, user.LoginCounters("wang", "10.0.0.2"), t0); err != nil || wait != 0 {
			t.Errorf("the same login from another address: wait %v, %v; want 0", wait, err)
		}
		if wait, err := other.LoginWait(ctx, cs, t0.Add(15*time.Minute)); err != nil || wait != 0 {
			t.Errorf("15 minutes later: wait %v, %v; want 0", wait, err)
		}
		later := user.LoginCounters("li", "10.0.0.9")
		if err := s.LoginFailed(ctx, later, t0.Add(16*time.Minute)); err != nil {
			t.Fatal(err)
		}
		keys, err := s.LoginFailureKeys(ctx)
		want := []string{later[2].Key, later[1].Key, later[0].Key}
		if err != nil || !slices.Equal(keys, want) {
			t.Errorf("counters kept: %q, %v; want only %q", keys, err, want)
		}
		if err := s.LoginSucceeded(ctx, later[0].Key); err != nil {
			t.Fatal(err)
		}
		if keys, _ := s.LoginFailureKeys(ctx); len(keys) != 2 {
			t.Errorf("after a login the pair is kept: %q", keys)
		}
	})
}

// TestLoginFailuresConcurrent counts failures that arrive together: each
// one counts.
func TestLoginFailuresConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		now := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
		twenty := user.Limit{Window: time.Hour, Free: 19, Wait: func(int) time.Duration { return time.Hour }}
		cs := []user.Counter{{Key: "a", Limit: twenty}, {Key: "b", Limit: twenty}}
		errc := make(chan error)
		for i := range 20 {
			go func() {
				c := cs
				if i%2 == 1 {
					c = []user.Counter{cs[1], cs[0]}
				}
				errc <- s.LoginFailed(ctx, c, now)
			}()
		}
		for range 20 {
			if err := <-errc; err != nil {
				t.Error(err)
			}
		}
		for _, c := range cs {
			if wait, err := s.LoginWait(ctx, []user.Counter{c}, now); err != nil || wait != time.Hour {
				t.Errorf("after 20 failures at once, key %s waits %v, %v; want 1h (20 counted)", c.Key, wait, err)
			}
		}
	})
}
