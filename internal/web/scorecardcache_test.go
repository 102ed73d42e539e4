package web

import (
	"errors"
	"testing"
	"time"
)

// TestDashCacheOneComputation checks that requests for the same figures
// while they are computed wait for that computation; that its value is
// kept for its time and then served while one request refreshes it; that
// a write (a new generation) is never answered with figures from before
// it; and that a failed computation is not kept.
func TestDashCacheOneComputation(t *testing.T) {
	var c dashCache
	now := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
	first := c.claim("k", 1, now)
	if !first.lead || first.v != nil {
		t.Fatal("the first request does not compute")
	}
	if second := c.claim("k", 1, now); second.lead || second.f != first.f || second.v != nil {
		t.Fatal("a second request while the first computes does not wait for it")
	}
	first.f.v = 42
	c.land("k", 1, first.f, time.Minute, now)
	select {
	case <-first.f.done:
	default:
		t.Fatal("landing does not release the waiters")
	}
	if kept := c.claim("k", 1, now.Add(30*time.Second)); !kept.fresh || kept.v != 42 || kept.f != nil {
		t.Errorf("the kept value: %+v", kept)
	}
	late := c.claim("k", 1, now.Add(2*time.Minute))
	if late.fresh || late.v != 42 || !late.lead {
		t.Errorf("after its time the value is not served while the request refreshes it: %+v", late)
	}
	if other := c.claim("k", 1, now.Add(2*time.Minute)); other.v != 42 || other.lead || other.f != late.f {
		t.Errorf("a request during the refresh: %+v", other)
	}
	if written := c.claim("k", 2, now); written.v != nil || !written.lead {
		t.Errorf("after a write the figures from before it are served: %+v", written)
	}
	bad := c.claim("bad", 1, now)
	bad.f.err = errors.New("failed")
	c.land("bad", 1, bad.f, time.Minute, now)
	if again := c.claim("bad", 1, now); !again.lead {
		t.Error("a failed computation is kept")
	}
}
