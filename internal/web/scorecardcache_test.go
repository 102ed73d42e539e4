package web

import (
	"errors"
	"testing"
	"time"
)

// TestDashCacheOneComputation checks that requests for the same figures
// while they are computed wait for that computation, that its value is
// kept until the generation changes or it expires, and that a failed one
// is not kept.
func TestDashCacheOneComputation(t *testing.T) {
	var c dashCache
	now := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
	_, f, lead := c.claim("k", 1, now)
	if !lead {
		t.Fatal("the first request does not compute")
	}
	if _, g, lead2 := c.claim("k", 1, now); lead2 || g != f {
		t.Fatal("a second request while the first computes does not wait for it")
	}
	if _, _, other := c.claim("k", 2, now); !other {
		t.Error("a request after a write waits for figures computed before it")
	}
	f.v = 42
	c.land("k", 1, f, time.Minute, now)
	select {
	case <-f.done:
	default:
		t.Fatal("landing does not release the waiters")
	}
	if v, g, _ := c.claim("k", 1, now.Add(30*time.Second)); g != nil || v != 42 {
		t.Errorf("the kept value: %v %v", v, g)
	}
	if _, _, lead := c.claim("k", 1, now.Add(2*time.Minute)); !lead {
		t.Error("an expired value is still served")
	}
	_, f, _ = c.claim("bad", 1, now)
	f.err = errors.New("failed")
	c.land("bad", 1, f, time.Minute, now)
	if _, _, lead := c.claim("bad", 1, now); !lead {
		t.Error("a failed computation is kept")
	}
}
