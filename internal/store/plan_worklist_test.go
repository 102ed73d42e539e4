package store_test

import (
	"context"
	"slices"
	"testing"

	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// The worklist's plan reasons, loaded from the store: early in December
// C1 (owing I1, due 1 December) has no agreed plan; once agreed the reason
// goes, and a gap measure due puts the customer on the list by itself.
func TestWorklistPlanReasons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := planWorld(t, dbURL)
		r1 := user.Scope{Rep: "R1"}
		reasons := func(today string, customer string) []string {
			items, err := s.Worklist(ctx, r1, "R1", d(today))
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if it.Customer == customer {
					var codes []string
					for _, r := range it.Reasons {
						codes = append(codes, r.Code)
					}
					return codes
				}
			}
			return nil
		}
		if got := reasons("2026-12-02", "C1"); !slices.Contains(got, followup.PlanNotAgreed) {
			t.Errorf("C1 on 2 December: %v; want plan_not_agreed", got)
		}
		dec := d("2026-12-01")
		if _, err := s.SavePlan(ctx, admin, r1, dec, "C1", threeSteps(plan.Agreed), d("2026-12-02")); err != nil {
			t.Fatal(err)
		}
		if got := reasons("2026-12-03", "C1"); slices.Contains(got, followup.PlanNotAgreed) {
			t.Errorf("C1 after agreeing: %v", got)
		}
		// C2's measure due 4 December puts measure_due among its reasons.
		if _, err := s.AddMeasure(ctx, admin, r1, dec, "C2", store.NewMeasure{Kind: plan.DownstreamPromotion, Expected: money.Yuan(30000), Owner: "王一", Due: d("2026-12-04")}); err != nil {
			t.Fatal(err)
		}
		if got := reasons("2026-12-04", "C2"); !slices.Contains(got, followup.MeasureDue) {
			t.Errorf("C2 on its measure's day: %v; want measure_due", got)
		}
	})
}
