package followup

import (
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/money"
)

// TestPrepareCallExcuse holds the rules of a call's excuse: a category
// only with reached-excuse, other when none is given, unknown ones
// refused with the valid list, amounts not negative and only with an
// excuse.
func TestPrepareCallExcuse(t *testing.T) {
	for _, tc := range []struct {
		name        string
		disposition string
		excuse      excuse.Category
		amount      money.Amount
		want        excuse.Category // the category after PrepareCall
		badField    string          // the field refused, "" when none
		badText     string          // part of its message
	}{
		{"category kept", ReachedExcuse, excuse.Quality, money.Yuan(3000), excuse.Quality, "", ""},
		{"none given is other", ReachedExcuse, "", 0, excuse.Other, "", ""},
		{"amount without a category is other's", ReachedExcuse, "", money.Yuan(10), excuse.Other, "", ""},
		{"no excuse in another call", ReachedPaid, "", 0, "", "", ""},
		{"unknown category", ReachedExcuse, "busy", 0, "busy", "excuse", "cash_tight"},
		{"excuse without reached-excuse", ReachedPromised, excuse.CashTight, 0, excuse.CashTight, "excuse", ReachedExcuse},
		{"negative amount", ReachedExcuse, excuse.Quality, -1, excuse.Quality, "excuse_amount", "negative"},
		{"amount without an excuse", NoAnswer, "", money.Yuan(5), "", "excuse_amount", ReachedExcuse},
		{"amount beyond the largest", ReachedExcuse, excuse.Quality, money.MaxAmount + 1, excuse.Quality, "excuse_amount", "largest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCall{Customer: "C1", Date: civil.MustParse("2026-07-20"), Disposition: tc.disposition, Excuse: tc.excuse, ExcuseAmount: tc.amount}
			var bad errs.Invalid
			PrepareCall(&bad, &c, true)
			if c.Excuse != tc.want {
				t.Errorf("excuse %q, want %q", c.Excuse, tc.want)
			}
			var fields []string
			for _, f := range bad.Fields {
				fields = append(fields, f.Field)
				if f.Field == tc.badField && !strings.Contains(f.Message, tc.badText) {
					t.Errorf("%s: %q does not say %q", f.Field, f.Message, tc.badText)
				}
			}
			if got := strings.Join(fields, ","); got != tc.badField {
				t.Errorf("fields refused %q, want %q (%v)", got, tc.badField, bad.Fields)
			}
		})
	}
}
