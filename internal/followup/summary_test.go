package followup

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

func TestSummarize(t *testing.T) {
	today := d(friday) // 2026-11-27
	y := money.Yuan
	open := func(due string, a money.Amount) ledger.OpenItem { return ledger.OpenItem{Due: d(due), Amount: a} }
	promise := func(id int64, s commitment.Status, decided string) Commitment {
		m := Commitment{ID: id, Amount: y(100), Due: d("2026-11-20"), Status: s}
		if decided != "" {
			m.DecidedOn = d(decided)
		}
		return m
	}
	tests := []struct {
		name     string
		soonDays int
		h        History
		want     Customer
	}{
		{"nothing", 3, History{}, Customer{}},
		{"overdue before today, days from the oldest", 3,
			History{Open: []ledger.OpenItem{open("2026-11-01", y(10)), open("2026-11-26", y(5)), open(friday, y(7))}},
			Customer{Overdue: y(15), OverdueDays: 26, DueSoon: y(7), Collectable: y(22)}},
		{"unsorted items: the oldest still sets the days", 3,
			History{Open: []ledger.OpenItem{open("2026-11-26", y(5)), open("2026-11-01", y(10))}},
			Customer{Overdue: y(15), OverdueDays: 26, Collectable: y(15)}},
		{"due soon is the policy's window, inclusive", 3,
			History{Open: []ledger.OpenItem{open("2026-11-30", y(1)), open("2026-12-01", y(2))}},
			Customer{DueSoon: y(1), Collectable: y(1)}},
		{"a wider window takes more", 4,
			History{Open: []ledger.OpenItem{open("2026-11-30", y(1)), open("2026-12-01", y(2))}},
			Customer{DueSoon: y(3), Collectable: y(1)}},
		{"no window: only what falls due today", 0,
			History{Open: []ledger.OpenItem{open(friday, y(1)), open("2026-11-28", y(2))}},
			Customer{DueSoon: y(1), Collectable: y(3)}},
		// Collectable is what falls due by the month's end (30 November),
		// overdue or not; the plan's state and the measures come as given.
		{"collectable by the month's end; the plan as given", 3,
			History{Open: []ledger.OpenItem{open("2026-11-02", y(4)), open("2026-11-30", y(5)), open("2026-12-01", y(6))},
				PlanAgreed: true, Measures: []Measure{{ID: 1, Expected: y(9), Due: d("2026-12-03")}}},
			Customer{Overdue: y(4), OverdueDays: 25, DueSoon: y(5), Collectable: y(9), PlanAgreed: true, Measures: []Measure{{ID: 1, Expected: y(9), Due: d("2026-12-03")}}}},
		{"usual month: 180 days of receipts over six", 3,
			History{Receipts: []Receipt{{d("2026-05-30"), y(600)}, {d("2026-05-31"), y(60)}, {d("2026-11-26"), y(540)}}},
			Customer{Monthly: y(100)}},
		{"promises: open, and broken or partly kept within 31 days", 3,
			History{Promises: []Commitment{
				promise(1, commitment.Open, ""),
				promise(2, commitment.Broken, "2026-10-27"),
				promise(3, commitment.Broken, "2026-10-26"),
				promise(4, commitment.PartlyKept, "2026-11-21"),
				promise(5, commitment.Kept, "2026-11-21"),
				promise(6, commitment.Cancelled, "2026-11-21"),
			}},
			Customer{Commitments: []Commitment{promise(1, commitment.Open, ""), promise(2, commitment.Broken, "2026-10-27"), promise(4, commitment.PartlyKept, "2026-11-21")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			p.SoonDays = tt.soonDays
			got := p.Summarize(Customer{}, tt.h, today)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Summarize (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSummarizeKeepsState: the summary sets what it derives and keeps the
// rest of the customer, and replaces a summary made before.
func TestSummarizeKeepsState(t *testing.T) {
	today := d(friday)
	c := Customer{Code: "C1", Tier: ledger.TierB, LastCall: d("2026-11-20"), Overdue: money.Yuan(9), Commitments: []Commitment{{ID: 9}}}
	got := DefaultPolicy().Summarize(c, History{}, today)
	want := Customer{Code: "C1", Tier: ledger.TierB, LastCall: d("2026-11-20")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}
}
