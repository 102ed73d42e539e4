package sim

import (
	"context"
	"runtime"
	"sync"
)

// Chunk is the generated history of consecutive customers.
type Chunk struct {
	First int // index of the first customer
	Docs  []Docs
}

// Generate simulates every customer of the company and passes the results
// to emit in customer order, perCall customers at a time. Customers are
// simulated in parallel, each from its own random stream, so the result
// does not depend on the number of workers. emit runs on one goroutine.
func (c *Company) Generate(ctx context.Context, perCall int, emit func(Chunk) error) error {
	n := len(c.Customers)
	type job struct {
		chunk Chunk
		done  chan struct{}
	}
	jobs := make(chan *job)
	ordered := make(chan *job, 2*runtime.GOMAXPROCS(0))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				for k := range j.chunk.Docs {
					j.chunk.Docs[k] = c.simulateCustomer(j.chunk.First + k)
				}
				close(j.done)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(jobs)
		for first := 0; first < n; first += perCall {
			j := &job{chunk: Chunk{First: first, Docs: make([]Docs, min(perCall, n-first))}, done: make(chan struct{})}
			select {
			case ordered <- j:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for j := range ordered {
		select {
		case <-j.done:
		case <-ctx.Done(): // j may never be simulated now
		}
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			err = emit(j.chunk)
		}
		if err != nil {
			cancel()
		}
	}
	wg.Wait()
	return err
}
