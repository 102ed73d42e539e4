package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/web"
)

// testClock is a clock the test moves.
type testClock struct{ ns atomic.Int64 }

func newClock() *testClock {
	c := &testClock{}
	c.ns.Store(time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *testClock) now() time.Time      { return time.Unix(0, c.ns.Load()).UTC() }
func (c *testClock) add(d time.Duration) { c.ns.Add(int64(d)) }

// serverOn starts a web server, as after a restart, on the database of
// world (whose users it uses), with the test's clock.
func serverOn(t *testing.T, dbURL string, clock *testClock) http.Handler {
	t.Helper()
	s, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ws, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	return ws.Handler()
}

// tryLogin posts the login form from the address and returns the status
// and the Retry-After header.
func tryLogin(t *testing.T, h http.Handler, login, pw, addr string) (int, string) {
	t.Helper()
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"login": {login}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Retry-After")
}

// TestLockoutByAddress: five wrong passwords from address A lock the login
// from A, even a restart later, while the right password from B works.
func TestLockoutByAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		world(t, dbURL)
		clock := newClock()
		h := serverOn(t, dbURL, clock)
		for i := range 5 {
			if code, _ := tryLogin(t, h, "rep1", "wrong-password", "10.0.0.1"); code != http.StatusUnauthorized {
				t.Fatalf("failure %d from A: %d, want 401", i+1, code)
			}
		}
		if code, after := tryLogin(t, h, "rep1", password, "10.0.0.1"); code != http.StatusTooManyRequests || after != "900" {
			t.Errorf("the right password from A after 5 failures: %d, Retry-After %q; want 429, 900", code, after)
		}
		if code, _ := tryLogin(t, h, "rep1", password, "10.0.0.2"); code != http.StatusSeeOther {
			t.Errorf("the right password from B: %d, want 303 (logged in)", code)
		}
		clock.add(time.Minute)
		restarted := serverOn(t, dbURL, clock)
		if code, after := tryLogin(t, restarted, "rep1", password, "10.0.0.1"); code != http.StatusTooManyRequests || after != "840" {
			t.Errorf("the right password from A after a restart: %d, Retry-After %q; want 429, 840", code, after)
		}
		clock.add(14 * time.Minute)
		if code, _ := tryLogin(t, restarted, "rep1", password, "10.0.0.1"); code != http.StatusSeeOther {
			t.Errorf("the right password from A 15 minutes later: %d, want 303", code)
		}
	})
}

// TestAccountSlowedDown: failures from many addresses slow the account
// down, a longer wait after each, and attempts sooner are refused with
// Retry-After; the right password still gets in once the wait is over, and
// other accounts are not slowed.
func TestAccountSlowedDown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		world(t, dbURL)
		clock := newClock()
		h := serverOn(t, dbURL, clock)
		addr := 0
		next := func() string { addr++; return fmt.Sprintf("10.1.0.%d", addr) } // a new address each time
		for i := range 10 {
			if code, _ := tryLogin(t, h, "rep1", "wrong-password", next()); code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i+1, code)
			}
		}
		for _, wait := range []int{1, 2, 4, 8} {
			if code, after := tryLogin(t, h, "rep1", password, next()); code != http.StatusTooManyRequests || after != strconv.Itoa(wait) {
				t.Fatalf("an attempt at once: %d, Retry-After %q; want 429, %d", code, after, wait)
			}
			clock.add(time.Duration(wait) * time.Second)
			if code, _ := tryLogin(t, h, "rep1", "wrong-password", next()); code != http.StatusUnauthorized {
				t.Fatalf("a failure after waiting %d s: %d, want 401", wait, code)
			}
		}
		if code, _ := tryLogin(t, h, "rep2", password, next()); code != http.StatusSeeOther {
			t.Errorf("another account while rep1 is slowed: %d, want 303", code)
		}
		clock.add(16 * time.Second)
		if code, _ := tryLogin(t, h, "rep1", password, next()); code != http.StatusSeeOther {
			t.Errorf("the right password after the wait: %d, want 303", code)
		}
	})
}

// TestAddressLimited: one address trying many logins is locked out on all
// of them; other addresses are not.
func TestAddressLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		world(t, dbURL)
		h := serverOn(t, dbURL, newClock())
		for i := range 50 {
			if code, _ := tryLogin(t, h, "guess"+strconv.Itoa(i), "wrong-password", "10.3.0.1"); code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i+1, code)
			}
		}
		if code, after := tryLogin(t, h, "rep2", password, "10.3.0.1"); code != http.StatusTooManyRequests || after != "900" {
			t.Errorf("a 51st login from the address: %d, Retry-After %q; want 429, 900", code, after)
		}
		if code, _ := tryLogin(t, h, "rep2", password, "10.3.0.2"); code != http.StatusSeeOther {
			t.Errorf("the same login from another address: %d, want 303", code)
		}
	})
}
