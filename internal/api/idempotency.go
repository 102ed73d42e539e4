package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"huikuan/internal/errs"
)

// idempotencyWait is how long a request waits for another holding its
// Idempotency-Key in this process before it is told the key is in
// progress (409).
const idempotencyWait = 5 * time.Second

// flights are the requests with an Idempotency-Key that this process is
// running, by user and key: a duplicate waits for the first one's answer
// instead of running its create as well. The zero value is ready.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

// flight is one request holding a key.
type flight struct {
	request string        // the hash of its method, path and body
	done    chan struct{} // closed when it has answered or failed
}

// start registers the request for the user's key. It returns the flight
// to end when the request is the first, or the flight running the key.
func (f *flights) start(userID int64, key, request string) (mine, running *flight) {
	id := strconv.FormatInt(userID, 10) + "\x00" + key
	f.mu.Lock()
	defer f.mu.Unlock()
	if running := f.m[id]; running != nil {
		return nil, running
	}
	if f.m == nil {
		f.m = map[string]*flight{}
	}
	mine = &flight{request: request, done: make(chan struct{})}
	f.m[id] = mine
	return mine, nil
}

// end removes the request's flight and wakes the requests waiting on it.
func (f *flights) end(userID int64, key string, mine *flight) {
	id := strconv.FormatInt(userID, 10) + "\x00" + key
	f.mu.Lock()
	delete(f.m, id)
	f.mu.Unlock()
	close(mine.done)
}

// wait waits for the flight to end, at most idempotencyWait and as long as
// the request's context lasts.
func (fl *flight) wait(ctx context.Context) error {
	t := time.NewTimer(idempotencyWait)
	defer t.Stop()
	select {
	case <-fl.done:
		return nil
	case <-t.C:
		return inProgress
	case <-ctx.Done():
		return ctx.Err()
	}
}

var (
	inProgress   = &httpError{http.StatusConflict, "a request with this Idempotency-Key is in progress: send it again later"}
	anotherUsage = &httpError{http.StatusUnprocessableEntity, "this Idempotency-Key was used for another request"}
)

// nothingWritten reports whether a create that failed with err surely
// wrote nothing (it was refused), so that its key may be used again. After
// any other failure the key stays reserved for the same request, which a
// retry runs again.
func nothingWritten(err error) bool {
	var he *httpError
	if errors.As(err, &he) {
		return he.status < 500
	}
	return errors.As(err, new(*errs.Invalid)) || errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrForbidden) || errors.Is(err, errs.ErrConflict)
}
