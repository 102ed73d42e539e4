package commitment

import (
	"context"
	"errors"
	"testing"

	"huikuan/internal/civil"
)

// broken are histories the rules cannot read without panicking (an
// outcome missing): a function that touches them has started its work.
var broken = []History{{Commitments: []Commitment{{ID: 1, Amount: 100, Made: civil.MustParse("2026-01-05"), Due: civil.MustParse("2026-01-20")}}}}

// TestCancelledBeforeWork: given a context already cancelled (the client
// has gone), the report loops return its error before doing any work
// (issue 10, case 7: an evaluation ran on for minutes after the client
// left).
func TestCancelledBeforeWork(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Evaluate(ctx, broken, 0, civil.MustParse("2026-06-30")); !errors.Is(err, context.Canceled) {
		t.Errorf("Evaluate: err %v, want context.Canceled", err)
	}
	if _, err := EachDay(ctx, broken, Daily{}, 0, civil.MustParse("2026-06-30"), DefaultScorer(), false); !errors.Is(err, context.Canceled) {
		t.Errorf("EachDay: err %v, want context.Canceled", err)
	}
}
