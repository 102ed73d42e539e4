package followup

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/money"
)

func TestCompliance(t *testing.T) {
	from, to := d("2026-07-01"), d("2026-07-31")
	call := func(rep, day, due string) LoggedCall {
		k := LoggedCall{Rep: rep, Day: d(day)}
		if due != "" {
			k.Due = d(due)
		}
		return k
	}
	decided := func(rep string, s commitment.Status, on, next string) DecidedPromise {
		m := DecidedPromise{Rep: rep, Status: s, DecidedOn: d(on)}
		if next != "" {
			m.NextCall = d(next)
		}
		return m
	}
	// Tier C, called 2026-07-10 with something overdue: next due 07-12, a
	// Sunday, so Monday 07-13.
	late := Customer{Rep: "R1", Tier: "C", Overdue: money.Yuan(100), LastCall: d("2026-07-10"), LastDisposition: ReachedExcuse}
	tests := []struct {
		name  string
		in    ComplianceInput
		today string
		want  []Compliance
	}{
		{"nothing", ComplianceInput{}, "2026-07-20", nil},
		{"calls: on time, late, answering nothing, due before the period", ComplianceInput{Calls: []LoggedCall{
			call("R1", "2026-07-02", "2026-07-02"),
			call("R1", "2026-07-06", "2026-07-03"),
			call("R1", "2026-07-07", ""),
			call("R1", "2026-07-08", "2026-06-30"),
			call("R1", "2026-08-01", "2026-07-31"), // after the period
		}}, "2026-07-20", []Compliance{{Rep: "R1", Due: 2, OnTime: 1, OnTimeShare: 0.5, AvgDelayDays: 1.5, CallsInPeriod: 4}}},
		{"a follow-up past and not done is late to today", ComplianceInput{Customers: []Customer{late}}, "2026-07-20",
			[]Compliance{{Rep: "R1", Due: 1, AvgDelayDays: 7}}},
		{"a follow-up due today is not late yet", ComplianceInput{Customers: []Customer{late}}, "2026-07-13", nil},
		{"broken and partly kept promises, to the next call or today", ComplianceInput{Promises: []DecidedPromise{
			decided("R2", commitment.Broken, "2026-07-10", "2026-07-12"),
			decided("R2", commitment.PartlyKept, "2026-07-15", ""),
			decided("R2", commitment.Kept, "2026-07-15", ""),
			decided("R2", commitment.Broken, "2026-06-30", ""),
		}}, "2026-07-20", []Compliance{{Rep: "R2", Broken: 2, BrokenToCallDays: 3.5}}},
		{"reps in code order", ComplianceInput{Calls: []LoggedCall{call("R2", "2026-07-02", ""), call("R1", "2026-07-02", "")}}, "2026-07-20",
			[]Compliance{{Rep: "R1", CallsInPeriod: 1}, {Rep: "R2", CallsInPeriod: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DefaultPolicy().Compliance(tt.in, civil.Calendar{}, from, to, d(tt.today))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Compliance (-want +got):\n%s", diff)
			}
		})
	}
}
