package excuse

import (
	"cmp"
	"slices"
)

// Observed is one excuse with what followed it, as storage found it.
type Observed struct {
	Excuse
	Customer string
	Rep      string
	// Paid: the customer paid something within FollowDays after.
	Paid bool
	// Promised: a promise was made in the call or within FollowDays
	// after; Kept: one of those was kept in full.
	Promised, Kept bool
	// NextCall is how many days after it the customer was called again
	// (0: not yet), Cadence the customer's days between calls.
	NextCall, Cadence int
	// Disputed: a dispute of the customer's invoices was opened within
	// FollowDays after (for the categories that lead to one).
	Disputed bool
}

// Accepted reports whether the rep let the excuse stand: no next call
// within the customer's cadence, or a quality, after-sales or statement
// excuse with no dispute of the part concerned. The scorecard's habit-5
// indicator counts these.
func (o Observed) Accepted() bool {
	return o.NextCall == 0 || o.NextCall > o.Cadence || o.Category.Disputable() && !o.Disputed
}

// CategoryStat is how often a category was given and what followed.
type CategoryStat struct {
	Category Category `json:"category"`
	Count    int      `json:"count"`
	Paid     int      `json:"paid_within_14_days"`
	Promised int      `json:"promised"`
	Kept     int      `json:"kept"`
}

// RepStat is how a rep met excuses.
type RepStat struct {
	Rep        string `json:"rep"`
	Excuses    int    `json:"excuses"`
	Accepted   int    `json:"accepted"`     // let stand without a counter (Observed.Accepted)
	NoNextCall int    `json:"no_next_call"` // no next call within the cadence
	NoDispute  int    `json:"no_dispute"`   // a disputable excuse with no dispute opened
}

// Summarise counts the observed excuses by category (in Categories'
// order, only those given) and by rep (in rep order).
func Summarise(obs []Observed) ([]CategoryStat, []RepStat) {
	byCat := map[Category]*CategoryStat{}
	byRep := map[string]*RepStat{}
	for _, o := range obs {
		c := byCat[o.Category]
		if c == nil {
			c = &CategoryStat{Category: o.Category}
			byCat[o.Category] = c
		}
		c.Count++
		c.Paid += b2i(o.Paid)
		c.Promised += b2i(o.Promised)
		c.Kept += b2i(o.Kept)
		r := byRep[o.Rep]
		if r == nil {
			r = &RepStat{Rep: o.Rep}
			byRep[o.Rep] = r
		}
		r.Excuses++
		r.Accepted += b2i(o.Accepted())
		r.NoNextCall += b2i(o.NextCall == 0 || o.NextCall > o.Cadence)
		r.NoDispute += b2i(o.Category.Disputable() && !o.Disputed)
	}
	var cats []CategoryStat
	for _, c := range Categories {
		if s := byCat[c]; s != nil {
			cats = append(cats, *s)
		}
	}
	var reps []RepStat
	for _, r := range byRep {
		reps = append(reps, *r)
	}
	slices.SortFunc(reps, func(a, b RepStat) int { return cmp.Compare(a.Rep, b.Rep) })
	return cats, reps
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
