package paydate

import (
	"testing"

	"huikuan/internal/civil"
)

// TestAsOf: an open invoice seen on a later day is never expected before
// that day, is late for certain once past due, keeps its order From ≤
// Expected ≤ To, and is what it was on its issue day.
func TestAsOf(t *testing.T) {
	d := civil.MustParse
	m := Default(DefaultPopulation)
	inv := Invoice{Customer: "C1", Number: "I1", Issue: d("2026-01-01"), Due: d("2026-01-31"), Amount: 100000, TermsDays: 30, Tier: "B"}
	p := m.Predict(inv, nil, Facts{})
	if got := p.AsOf(inv.Issue); got.Expected != p.Expected || got.PLate != p.PLate {
		t.Errorf("as of the issue day: %+v, want the prediction %+v", got, p)
	}
	for _, day := range []civil.Date{d("2026-01-20"), d("2026-02-15"), d("2026-04-01")} {
		q := p.AsOf(day)
		if q.Expected != 0 && (q.Expected < day || q.From > q.Expected || q.Expected > q.To) {
			t.Errorf("as of %s: expected %s in %s–%s", day, q.Expected, q.From, q.To)
		}
		if day > inv.Due && q.PLate != 1 {
			t.Errorf("as of %s, past due: p_late %v, want 1", day, q.PLate)
		}
		if day < inv.Due && (q.PLate < p.PLate-1e-9 || q.PLate > 1) {
			t.Errorf("as of %s, still unpaid before due: p_late %v, at issue %v: waiting cannot make it likelier on time", day, q.PLate, p.PLate)
		}
	}
	if q := p.AsOf(inv.Due); q.PLate >= 1 {
		t.Errorf("open in the morning of its due date: p_late %v; it may still be paid today", q.PLate)
	}
}
