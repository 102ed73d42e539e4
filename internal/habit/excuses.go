package habit

import (
	"huikuan/internal/civil"
	"huikuan/internal/excuse"
)

// ExcuseCount is a rep's habit-5 figures for a month.
type ExcuseCount struct {
	Excuses, Countered, Repeats, RepeatsAccepted int
}

// Pending reports whether the counter to an excuse may still come by
// today: it is not accepted yet (excuse.Observed.Accepted) only because
// the next call's cadence, or for a disputable excuse the FollowDays a
// dispute may follow in, has not run out. Pending excuses are not
// counted, so the running month is not judged on its last days.
func Pending(o excuse.Observed, today civil.Date) bool {
	age := today.Sub(o.Date)
	callLate := o.NextCall > o.Cadence || o.NextCall == 0 && age > o.Cadence
	disputeLate := o.Category.Disputable() && !o.Disputed && age > excuse.FollowDays
	if callLate || disputeLate {
		return false
	}
	return o.NextCall == 0 || o.Category.Disputable() && !o.Disputed
}

// ExcuseCounts counts, per rep, the excuses from from to to whose outcome
// is known by today (not Pending) by excuse.Summarise: how many, how many
// met with a counter (not accepted), how many repeat an earlier excuse of
// the customer (excuse.Repeats over all of obs, which should reach
// excuse.RepeatDays before from) and how many of those were accepted.
func ExcuseCounts(obs []excuse.Observed, from, to, today civil.Date) map[string]ExcuseCount {
	byCustomer := map[string][]int{}
	for i, o := range obs {
		byCustomer[o.Customer] = append(byCustomer[o.Customer], i)
	}
	repeat := make([]bool, len(obs))
	for _, idx := range byCustomer {
		es := make([]excuse.Excuse, len(idx))
		for k, i := range idx {
			es[k] = obs[i].Excuse
		}
		for k, r := range excuse.Repeats(es) {
			repeat[idx[k]] = r
		}
	}
	var counted []excuse.Observed
	out := map[string]ExcuseCount{}
	for i, o := range obs {
		if o.Date < from || o.Date > to || Pending(o, today) {
			continue
		}
		counted = append(counted, o)
		if repeat[i] {
			c := out[o.Rep]
			c.Repeats++
			if o.Accepted() {
				c.RepeatsAccepted++
			}
			out[o.Rep] = c
		}
	}
	_, reps := excuse.Summarise(counted)
	for _, r := range reps {
		c := out[r.Rep]
		c.Excuses, c.Countered = r.Excuses, r.Excuses-r.Accepted
		out[r.Rep] = c
	}
	return out
}
