package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestErrorsSayWhatRan: an unexpected error of a store method (here the
// database closed under it) names the method, while the errors users are
// told of keep their kind and their text, which the API and the CLI print.
func TestErrorsSayWhatRan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		all := user.Scope{All: true}
		_, err := s.Call(ctx, all, 999)
		if !errors.Is(err, errs.ErrNotFound) || err.Error() != "call 999: not found" {
			t.Errorf("a missing call: %v, want call 999: not found", err)
		}
		_, err = s.LogCall(ctx, store.Actor{Name: "test"}, all, store.NewCall{Customer: "C1"})
		var inv *errs.Invalid
		if !errors.As(err, &inv) || strings.HasPrefix(err.Error(), "store.") {
			t.Errorf("an invalid call: %v, want *errs.Invalid as it was", err)
		}
		s2, err := store.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		s2.Close()
		_, err = s2.Worklist(ctx, all, "R1", civil.MustParse("2026-06-30"))
		if err == nil || !strings.HasPrefix(err.Error(), "store.Worklists: ") {
			t.Errorf("a query on a closed database: %v, want it to name store.Worklists", err)
		}
	})
}
