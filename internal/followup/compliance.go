package followup

import (
	"cmp"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
)

// Compliance is how well a rep kept to the cadence over a period.
type Compliance struct {
	Rep string `json:"rep"`
	// Follow-ups that fell due in the period (calls answering one, and
	// customers whose follow-up is past and not done), and those done on
	// or before their date.
	Due         int     `json:"due"`
	OnTime      int     `json:"on_time"`
	OnTimeShare float64 `json:"on_time_share"`
	// Average days late over all follow-ups due (0 for those on time).
	AvgDelayDays float64 `json:"avg_delay_days"`
	// Promises broken or partly kept in the period, and the average days
	// from the decision to the next call (to today while none).
	Broken           int     `json:"broken"`
	BrokenToCallDays float64 `json:"broken_to_call_days"`
	CallsInPeriod    int     `json:"calls"`
}

// LoggedCall is a call as compliance counts it: its rep, its day and the
// follow-up date it answered (0 for none).
type LoggedCall struct {
	Rep      string
	Day, Due civil.Date
}

// DecidedPromise is a promise decided as compliance counts it: the rep of
// its customer, its status and decision day, and the day of the first
// call on or after the decision (0 while none).
type DecidedPromise struct {
	Rep       string
	Status    commitment.Status
	DecidedOn civil.Date
	NextCall  civil.Date
}

// ComplianceInput is what compliance over a period is worked out from:
// the calls of the period, the customers as of today (for the follow-ups
// past their date and not done) and the promises decided in the period.
// A loader may give more (calls or promises outside the period, promises
// kept): they are not counted.
type ComplianceInput struct {
	Calls     []LoggedCall
	Customers []Customer
	Promises  []DecidedPromise
}

// Compliance measures each rep from..to (inclusive) as of today, the reps
// in code order; a rep with nothing to count is left out.
//
//   - A call in the period counts in CallsInPeriod; when it answered a
//     follow-up due in the period or before it but not before from, the
//     follow-up is due, and on time when the call was on or before it,
//     else late by the days between.
//   - A customer whose next follow-up (Policy.Next) fell in the period and
//     before today, not done yet, is a follow-up due and late by the days
//     to today.
//   - A promise broken or partly kept, decided in the period, counts in
//     Broken, with the days from its decision to the next call (to today
//     while none).
func (p Policy) Compliance(in ComplianceInput, cal civil.Calendar, from, to, today civil.Date) []Compliance {
	by := map[string]*Compliance{}
	delay, brokenDays := map[string]int{}, map[string]int{}
	get := func(rep string) *Compliance {
		if by[rep] == nil {
			by[rep] = &Compliance{Rep: rep}
		}
		return by[rep]
	}
	for _, k := range in.Calls {
		if k.Day < from || k.Day > to {
			continue
		}
		c := get(k.Rep)
		c.CallsInPeriod++
		if k.Due == 0 || k.Due < from {
			continue
		}
		c.Due++
		if k.Day <= k.Due {
			c.OnTime++
		} else {
			delay[k.Rep] += k.Day.Sub(k.Due)
		}
	}
	for _, fc := range in.Customers {
		if r, ok := p.Next(fc, cal, today); ok && r.On < today && r.On >= from && r.On <= to {
			get(fc.Rep).Due++
			delay[fc.Rep] += today.Sub(r.On)
		}
	}
	for _, m := range in.Promises {
		if (m.Status != commitment.Broken && m.Status != commitment.PartlyKept) || m.DecidedOn < from || m.DecidedOn > to {
			continue
		}
		get(m.Rep).Broken++
		next := m.NextCall
		if next == 0 {
			next = today
		}
		brokenDays[m.Rep] += max(next.Sub(m.DecidedOn), 0)
	}
	var out []Compliance
	for rep, c := range by {
		if c.Due > 0 {
			c.OnTimeShare = float64(c.OnTime) / float64(c.Due)
			c.AvgDelayDays = float64(delay[rep]) / float64(c.Due)
		}
		if c.Broken > 0 {
			c.BrokenToCallDays = float64(brokenDays[rep]) / float64(c.Broken)
		}
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Compliance) int { return cmp.Compare(a.Rep, b.Rep) })
	return out
}
