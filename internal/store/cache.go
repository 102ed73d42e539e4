package store

import (
	"sync"
	"time"
)

// resultCache keeps results that are costly to compute and read often —
// a rep's worklist on every visit of the home page — for a short time, or
// until this process writes anything. Writes by another process (an
// import from the command line) show once the entry expires.
type resultCache struct {
	mu sync.Mutex
	m  map[string]cached
}

type cached struct {
	v       any
	writes  int64
	expires time.Time
}

// cacheTTL is how long a cached result may lag behind writes made by
// other processes.
const cacheTTL = 30 * time.Second

func (c *resultCache) get(key string, writes int64, now time.Time) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.writes != writes || now.After(e.expires) {
		return nil, false
	}
	return e.v, true
}

func (c *resultCache) put(key string, v any, writes int64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 5000 {
		c.m = map[string]cached{} // forget all rather than grow
	}
	c.m[key] = cached{v, writes, now.Add(cacheTTL)}
}
