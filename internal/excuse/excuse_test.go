package excuse

import (
	"slices"
	"testing"

	"huikuan/internal/civil"
)

func TestRepeats(t *testing.T) {
	d := civil.MustParse
	es := []Excuse{
		{CallID: 1, Date: d("2026-06-01"), Category: CashTight},
		{CallID: 2, Date: d("2026-06-20"), Category: Quality},
		{CallID: 3, Date: d("2026-07-01"), Category: CashTight}, // 30 days after call 1: a repeat
		{CallID: 4, Date: d("2026-08-15"), Category: CashTight}, // 45 days after call 3: not
		{CallID: 5, Date: d("2026-08-15"), Category: CashTight}, // the same day as call 4, later: a repeat
		{CallID: 6, Date: d("2026-06-21"), Category: Other},     // other never repeats
		{CallID: 7, Date: d("2026-06-22"), Category: Other},
		{CallID: 8, Date: d("2026-07-21"), Category: Quality}, // 31 days after call 2: not
	}
	want := []bool{false, false, true, false, true, false, false, false}
	if got := Repeats(es); !slices.Equal(got, want) {
		t.Errorf("Repeats = %v, want %v", got, want)
	}
}

func TestCategories(t *testing.T) {
	if len(Categories) != 11 || !Quality.Valid() || Category("cash").Valid() {
		t.Fatalf("categories %v", Categories)
	}
	for _, c := range Categories {
		if c.Disputable() != (c == Quality || c == AfterSales || c == StatementMismatch) {
			t.Errorf("%s disputable %v", c, c.Disputable())
		}
	}
	if !WillPaySoon.WantsPromise() || CashTight.WantsPromise() {
		t.Error("only will_pay_soon wants a promise")
	}
}
