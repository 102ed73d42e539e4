package web

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/planning"
	"huikuan/internal/scorecard"
	"huikuan/internal/user"
)

// The dashboards' figures take seconds to compute for a team's twelve
// months, so the server keeps them, keyed by scope and month and by the
// store's document generation (store.CapacityGeneration), which every
// write of documents, disputes or promise outcomes bumps, from any
// process: a backdated invoice or payment, the only thing that changes a
// month that is over, makes the next visit compute it again. The values
// are what scorecard.Trend, scorecard.Month and planning.Attainment
// return, so a cached page shows the same figures as the API.
const (
	// pastTTL bounds how long a month that is over is kept: long, since
	// only a backdated document changes it, and that bumps the generation.
	pastTTL = time.Hour
	// currentTTL bounds how far this month's figures may lag behind calls
	// and promises written since (they do not bump the generation); the
	// worklist's cache allows as much.
	currentTTL = 30 * time.Second
)

// dashCache holds computed dashboard figures, and the computations under
// way: a page asked for by many at once (a team's managers at nine, or a
// load test) is computed once while the others wait for it.
type dashCache struct {
	mu       sync.Mutex
	m        map[string]dashEntry
	inflight map[string]*flight
}

type dashEntry struct {
	v       any
	gen     int64
	expires time.Time
}

// flight is a computation under way; done is closed when v and err are set.
type flight struct {
	done chan struct{}
	v    any
	err  error
}

// claim returns the value kept under key, or the flight computing it, or
// (with lead true) a new flight the caller must compute and land.
func (c *dashCache) claim(key string, gen int64, now time.Time) (v any, f *flight, lead bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok && e.gen == gen && !now.After(e.expires) {
		return e.v, nil, false
	}
	if f := c.inflight[key+"\x00"+strconv.FormatInt(gen, 10)]; f != nil {
		return nil, f, false
	}
	if c.inflight == nil {
		c.inflight = map[string]*flight{}
	}
	f = &flight{done: make(chan struct{})}
	c.inflight[key+"\x00"+strconv.FormatInt(gen, 10)] = f
	return nil, f, true
}

// land ends a flight, keeping its value when it has one.
func (c *dashCache) land(key string, gen int64, f *flight, ttl time.Duration, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.inflight, key+"\x00"+strconv.FormatInt(gen, 10))
	if f.err == nil {
		if c.m == nil || len(c.m) > 2000 {
			c.m = map[string]dashEntry{} // forget all rather than grow
		}
		c.m[key] = dashEntry{f.v, gen, now.Add(ttl)}
	}
	close(f.done)
}

// remember returns the value kept under key, or computes and keeps it,
// or waits for the request already computing it. A key for figures that
// include today must name today.
func remember[T any](ctx context.Context, s *Server, key string, ttl time.Duration, compute func() (T, error)) (T, error) {
	var zero T
	gen, err := s.store.CapacityGeneration(ctx)
	if err != nil {
		return zero, err
	}
	v, f, lead := s.dash.claim(key, gen, s.cfg.Now())
	switch {
	case f == nil:
		return v.(T), nil
	case lead:
		f.v, f.err = compute()
		s.dash.land(key, gen, f, ttl, s.cfg.Now())
	default:
		select {
		case <-f.done:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		if f.err != nil && ctx.Err() == nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
			return compute() // the one computing went away; this request has not
		}
	}
	if f.err != nil {
		return zero, f.err
	}
	return f.v.(T), nil
}

// ttlFor is how long figures of the month beginning on month are kept.
func (s *Server) ttlFor(month civil.Date) time.Duration {
	if month < s.today().MonthStart() {
		return pastTTL
	}
	return currentTTL
}

// dashTrend is scorecard.Trend's twelve months ending with month's: the
// months that are over from the cache, this month computed at most every
// currentTTL. Trend's months do not depend on each other, so the two
// parts joined are Trend's answer.
func (s *Server) dashTrend(ctx context.Context, sc user.Scope, month civil.Date) ([]scorecard.KPIs, error) {
	today := s.today()
	past, lastPast := trendMonths, month
	if month == today.MonthStart() {
		past, lastPast = trendMonths-1, month.AddMonths(-1)
	}
	ks, err := remember(ctx, s, fmt.Sprintf("trend %+v %s %d", sc, lastPast, past), pastTTL, func() ([]scorecard.KPIs, error) {
		return scorecard.Trend(ctx, s.store, sc, lastPast, today, past)
	})
	if err != nil || past == trendMonths {
		return ks, err
	}
	cur, err := remember(ctx, s, fmt.Sprintf("trend %+v %s %s 1", sc, month, today), currentTTL, func() ([]scorecard.KPIs, error) {
		return scorecard.Trend(ctx, s.store, sc, month, today, 1)
	})
	return append(slices.Clip(ks), cur...), err
}

// dashCard is scorecard.Month for the month, in lang.
func (s *Server) dashCard(ctx context.Context, sc user.Scope, month civil.Date, lang string) (scorecard.Card, error) {
	today := s.today()
	return remember(ctx, s, fmt.Sprintf("card %+v %s %s %s", sc, month, today, lang), s.ttlFor(month), func() (scorecard.Card, error) {
		return scorecard.Month(ctx, s.store, sc, month, today, lang)
	})
}

// dashAttainment is planning.Attainment of the month for every rep in sc.
func (s *Server) dashAttainment(ctx context.Context, sc user.Scope, month civil.Date) (planning.Report, error) {
	today := s.today()
	return remember(ctx, s, fmt.Sprintf("attainment %+v %s %s", sc, month, today), s.ttlFor(month), func() (planning.Report, error) {
		return planning.Attainment(ctx, s.store, sc, month, today, "")
	})
}
