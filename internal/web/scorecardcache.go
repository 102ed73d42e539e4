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
	// currentTTL is how often this month's figures are worked out again
	// for calls and promises written since (they do not bump the
	// generation): as often as the forecast tile, which moves with the
	// same promises. A page asked for after it is served the figures kept
	// while they are refreshed, so they may lag by one refresh more. (At
	// 30 s, a team's refresh — seconds of CPU — ran through most of a
	// load test and tripled its p99.)
	currentTTL = 5 * time.Minute
)

// dashCache holds computed dashboard figures, and the computations under
// way: figures asked for by many at once (a team's managers at nine, or a
// load test) are computed once while the others wait for them. Figures
// whose time is up but whose generation still holds are served while one
// request works them out again in the background, so the page never
// waits for a refresh that only the clock asked for.
type dashCache struct {
	mu       sync.Mutex
	m        map[string]dashEntry
	inflight map[string]*flight // by key and generation
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

// claimed is what claim found for a request.
type claimed struct {
	v     any     // the value kept, when there is one for the generation
	fresh bool    // v is in its time
	f     *flight // the computation to wait for, or to run when lead
	lead  bool
}

// claim looks up key for generation gen: a value in its time; else a
// computation under way (and the value out of its time, if any); else a
// new flight for the caller to compute and land.
func (c *dashCache) claim(key string, gen int64, now time.Time) claimed {
	c.mu.Lock()
	defer c.mu.Unlock()
	var cl claimed
	if e, ok := c.m[key]; ok && e.gen == gen {
		cl.v, cl.fresh = e.v, !now.After(e.expires)
		if cl.fresh {
			return cl
		}
	}
	fk := key + "\x00" + strconv.FormatInt(gen, 10)
	if cl.f = c.inflight[fk]; cl.f != nil {
		return cl
	}
	if c.inflight == nil {
		c.inflight = map[string]*flight{}
	}
	cl.f, cl.lead = &flight{done: make(chan struct{})}, true
	c.inflight[fk] = cl.f
	return cl
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

// refreshTimeout bounds a refresh that runs after its request answered.
const refreshTimeout = 2 * time.Minute

// remember returns the value kept under key, or computes and keeps it,
// or waits for the request already computing it; a value out of its time
// is returned at once and refreshed in the background. A key for figures
// that include today must name today.
func remember[T any](ctx context.Context, s *Server, key string, ttl time.Duration, compute func(context.Context) (T, error)) (T, error) {
	var zero T
	gen, err := s.store.CapacityGeneration(ctx)
	if err != nil {
		return zero, err
	}
	cl := s.dash.claim(key, gen, s.cfg.Now())
	switch {
	case cl.fresh:
		return cl.v.(T), nil
	case cl.v != nil && cl.lead:
		go func() {
			bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
			defer cancel()
			cl.f.v, cl.f.err = compute(bg)
			if cl.f.err != nil {
				s.log.Warn("refreshing dashboard figures", "key", key, "err", cl.f.err)
			}
			s.dash.land(key, gen, cl.f, ttl, s.cfg.Now())
		}()
		return cl.v.(T), nil
	case cl.v != nil:
		return cl.v.(T), nil // being refreshed
	case cl.lead:
		cl.f.v, cl.f.err = compute(ctx)
		s.dash.land(key, gen, cl.f, ttl, s.cfg.Now())
	default:
		select {
		case <-cl.f.done:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		if cl.f.err != nil && ctx.Err() == nil && (errors.Is(cl.f.err, context.Canceled) || errors.Is(cl.f.err, context.DeadlineExceeded)) {
			return compute(ctx) // the one computing went away; this request has not
		}
	}
	if cl.f.err != nil {
		return zero, cl.f.err
	}
	return cl.f.v.(T), nil
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
	ks, err := remember(ctx, s, fmt.Sprintf("trend %+v %s %d", sc, lastPast, past), pastTTL, func(ctx context.Context) ([]scorecard.KPIs, error) {
		return scorecard.Trend(ctx, s.store, sc, lastPast, today, past)
	})
	if err != nil || past == trendMonths {
		return ks, err
	}
	cur, err := remember(ctx, s, fmt.Sprintf("trend %+v %s %s 1", sc, month, today), currentTTL, func(ctx context.Context) ([]scorecard.KPIs, error) {
		return scorecard.Trend(ctx, s.store, sc, month, today, 1)
	})
	return append(slices.Clip(ks), cur...), err
}

// dashCard is scorecard.Month for the month, in lang.
func (s *Server) dashCard(ctx context.Context, sc user.Scope, month civil.Date, lang string) (scorecard.Card, error) {
	today := s.today()
	return remember(ctx, s, fmt.Sprintf("card %+v %s %s %s", sc, month, today, lang), s.ttlFor(month), func(ctx context.Context) (scorecard.Card, error) {
		return scorecard.Month(ctx, s.store, sc, month, today, lang)
	})
}

// dashAttainment is planning.Attainment of the month for every rep in sc.
func (s *Server) dashAttainment(ctx context.Context, sc user.Scope, month civil.Date) (planning.Report, error) {
	today := s.today()
	return remember(ctx, s, fmt.Sprintf("attainment %+v %s %s", sc, month, today), s.ttlFor(month), func(ctx context.Context) (planning.Report, error) {
		return planning.Attainment(ctx, s.store, sc, month, today, "")
	})
}
