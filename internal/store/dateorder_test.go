package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"huikuan/internal/civil"
)

// inDateOrder gives the order of one sort by date and number, whether the
// dates are close (counted) or spread over centuries (sorted).
func TestInDateOrder(t *testing.T) {
	for _, spread := range []int{1, 30, 400, 200_000} {
		r := rand.New(rand.NewPCG(1, uint64(spread)))
		type doc struct {
			date   civil.Date
			number string
		}
		docs := make([]doc, 3000)
		refs := make([]docRef, len(docs))
		for i := range docs {
			docs[i] = doc{civil.MustParse("2025-01-01").AddDays(r.IntN(spread)), fmt.Sprintf("N%05d", r.IntN(1_000_000))}
			docs[i].number += fmt.Sprint(i) // unique, as validation leaves them
			refs[i] = docRef{b: i % 7, i: i}
		}
		want := slices.Clone(refs)
		slices.SortFunc(want, func(x, y docRef) int {
			a, b := docs[x.i], docs[y.i]
			return cmp.Or(cmp.Compare(a.date, b.date), strings.Compare(a.number, b.number))
		})
		got := inDateOrder(refs, func(d docRef) (civil.Date, string) { return docs[d.i].date, docs[d.i].number })
		if !slices.Equal(got, want) {
			t.Errorf("spread %d days: not in date and number order", spread)
		}
	}
}
