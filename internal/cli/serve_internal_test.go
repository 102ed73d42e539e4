package cli

import (
	"net/http"
	"testing"
	"time"
)

// TestServerTimeouts: the server of `huikuan serve` cuts off clients that
// trickle a request (slow loris) or never read the answer, closes idle
// connections, and ends each request's context when its time to answer is
// up, so work for an answer that can no longer be written stops (issue 10,
// case 7).
func TestServerTimeouts(t *testing.T) {
	var deadline time.Time
	var hasDeadline bool
	srv := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deadline, hasDeadline = r.Context().Deadline()
	}))
	for name, got := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout,
	} {
		if got <= 0 || got > 5*time.Minute {
			t.Errorf("%s = %v, want a bound of at most 5 minutes", name, got)
		}
	}
	if srv.ReadHeaderTimeout > 30*time.Second {
		t.Errorf("ReadHeaderTimeout = %v: a slow-loris client holds a connection that long", srv.ReadHeaderTimeout)
	}
	before := time.Now()
	srv.Handler.ServeHTTP(nil, (&http.Request{}).WithContext(t.Context()))
	if !hasDeadline || deadline.After(before.Add(srv.WriteTimeout+time.Second)) || deadline.Before(before.Add(srv.WriteTimeout-time.Minute)) {
		t.Errorf("request context deadline %v (set %v), want about WriteTimeout (%v) from now", deadline, hasDeadline, srv.WriteTimeout)
	}
}
