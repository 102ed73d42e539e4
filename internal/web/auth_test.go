package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestLoginRedirectStaysHere logs in with a next= that leads elsewhere and
// checks the Location header: the login goes to / instead.
func TestLoginRedirectStaysHere(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	tests := []struct{ next, want string }{
		{"/\t/evil.example/x", "/"},
		{"/%09/evil.example/x", "/"},
		{"/%0a/evil.example/x", "/"},
		{"//evil.example/x", "/"},
		{"/\\evil.example/x", "/"},
		{"https://evil.example/x", "/"},
		{" /x", "/"},
		{"/customers/C1?tab=calls", "/customers/C1?tab=calls"},
	}
	for _, tt := range tests {
		// The transport alone, as a client would read a Location it cannot
		// parse as an error.
		req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(url.Values{"login": {"rep1"}, "password": {password}, "next": {tt.next}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tt.want {
			t.Errorf("login with next=%q: %d → Location %q, want %q", tt.next, res.StatusCode, res.Header.Get("Location"), tt.want)
		}
	}
}

// TestLoginCostsOneHash checks that a login that does not exist runs the
// password hash as a real one does, so the time of the answer does not
// tell which logins exist.
func TestLoginCostsOneHash(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	for _, login := range []string{"rep1", "nobody", "no such login!"} {
		before := user.PasswordChecks()
		res, err := client(t).PostForm(srv.URL+"/login", url.Values{"login": {login}, "password": {"wrong-password"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("login %q with a wrong password: %d, want 401", login, res.StatusCode)
		}
		if n := user.PasswordChecks() - before; n != 1 {
			t.Errorf("login %q ran the password hash %d times, want 1", login, n)
		}
	}
}

// TestDisabledUser: disabling a user ends their session in the web at
// once, and their password is refused at the cost of one hash, as for a
// login that does not exist.
func TestDisabledUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv, s := worldWithStore(t, dbURL)
		c := loginAs(t, srv, "rep1")
		if code, _ := get(t, c, srv.URL+"/customers"); code != http.StatusOK {
			t.Fatalf("logged in: %d", code)
		}
		if err := s.DisableUser(context.Background(), store.Actor{Name: "test"}, "rep1"); err != nil {
			t.Fatal(err)
		}
		if code, _ := get(t, c, srv.URL+"/customers"); code != http.StatusSeeOther {
			t.Errorf("the session of a disabled user: %d, want 303 to the login", code)
		}
		before := user.PasswordChecks()
		res, err := client(t).PostForm(srv.URL+"/login", url.Values{"login": {"rep1"}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized || user.PasswordChecks()-before != 1 {
			t.Errorf("a disabled user's right password: %d after %d hashes, want 401 after 1", res.StatusCode, user.PasswordChecks()-before)
		}
	})
}
