package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"huikuan/internal/api"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestEndedTokensRefused: a token revoked, or whose user was disabled or
// given a new password, by the command line (another process) is refused
// once the server's cache of it has run out, five seconds at most.
func TestEndedTokensRefused(t *testing.T) {
	actor := store.Actor{Name: "test"}
	ends := []struct {
		name string
		end  func(s *store.Store, id int64) error
	}{
		{"revoke", func(s *store.Store, id int64) error { return s.RevokeAPIToken(context.Background(), actor, id) }},
		{"disable", func(s *store.Store, id int64) error { return s.DisableUser(context.Background(), actor, "admin") }},
		{"passwd", func(s *store.Store, id int64) error { return s.SetPassword(context.Background(), actor, "admin", "y") }},
	}
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, dbURL string) {
				ctx := context.Background()
				s, err := store.Open(ctx, dbURL)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if _, err := s.CreateUser(ctx, actor, user.User{Login: "admin", Name: "管理员", Role: user.Admin}, "x"); err != nil {
					t.Fatal(err)
				}
				tok := user.NewToken()
				id, err := s.AddAPIToken(ctx, actor, "admin", tok)
				if err != nil {
					t.Fatal(err)
				}
				var clock atomic.Int64
				clock.Store(time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC).UnixNano())
				now := func() time.Time { return time.Unix(0, clock.Load()) }
				srv := httptest.NewServer(api.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), time.UTC, now).Handler())
				defer srv.Close()
				get := func() int {
					req, _ := http.NewRequest("GET", srv.URL+"/api/v1/customers", nil)
					req.Header.Set("Authorization", "Bearer "+tok.Secret)
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					res.Body.Close()
					return res.StatusCode
				}
				if code := get(); code != http.StatusOK {
					t.Fatalf("the token before %s: %d", e.name, code)
				}
				if err := e.end(s, id); err != nil {
					t.Fatal(err)
				}
				clock.Add(int64(5*time.Second + time.Millisecond))
				if code := get(); code != http.StatusUnauthorized {
					t.Errorf("the token 5 s after %s: %d, want 401", e.name, code)
				}
			})
		})
	}
}
