package excuse

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Counter is the counter-argument to one category of excuse, in both
// languages. Its texts name the customer's facts as {name}.
type Counter struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Text is the counter in lang ("zh" or "en").
func (c Counter) Text(lang string) string { return pick(lang, c.Zh, c.En) }

// Playbook is a counter per category.
type Playbook map[Category]Counter

// The facts a counter may name, each filled from the customer's own
// ledger (Facts). A name outside this list is refused by Check.
var FactNames = []string{
	"customer",                         // the customer's name
	"owed",                             // everything it owes now
	"overdue",                          // of which past due
	"bought_1", "bought_2", "bought_3", // invoiced in each of the last three months, the latest first
	"paid_1", "paid_2", "paid_3", // paid in each of the last three months
	"month_1", "month_2", "month_3", // those months' names, "2026-05"
	"usual_bought",  // its usual month's purchases (the twelve months' average)
	"usual_paid",    // its usual month's payments
	"last_promises", // its last promises and how they ended
	"credit_used",   // what it owes against its credit limit
	"credit_limit",  //
	"open_disputes", // its open disputes: how many, and how much
	"excuse_times",  // how many times it gave this excuse in the last year
	"excuse_paid",   // how many of those times it paid within 14 days
	"plan_share",    // its share of this month's plan (its asked ÷ the rep's plans)
	"plan_asked",    // what this month's plan asks of it
}

// Facts are a customer's facts by name, formatted for the counter.
type Facts map[string]string

var factRef = regexp.MustCompile(`\{([^{}]*)\}`)

// Check reports the first fact a text names that is not in FactNames, by
// its name, so that the settings editor can refuse it.
func Check(text string) error {
	for _, m := range factRef.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(FactNames, m[1]) {
			return fmt.Errorf("unknown fact {%s}: a counter may name %s", m[1], strings.Join(FactNames, ", "))
		}
	}
	return nil
}

// CheckPlaybook checks every text of a playbook; the error names the
// category, the language and the fact.
func CheckPlaybook(p Playbook) error {
	for _, c := range Categories {
		for _, l := range []struct{ lang, text string }{{"zh", p[c].Zh}, {"en", p[c].En}} {
			if err := Check(l.text); err != nil {
				return fmt.Errorf("%s (%s): %w", c, l.lang, err)
			}
		}
	}
	for c := range p {
		if !c.Valid() {
			return fmt.Errorf("unknown category %q", c)
		}
	}
	return nil
}

// Fill puts the facts into a counter's text; a fact not known for this
// customer is shown as "—".
func Fill(text string, f Facts) string {
	return factRef.ReplaceAllStringFunc(text, func(ref string) string {
		if v, ok := f[ref[1:len(ref)-1]]; ok && v != "" {
			return v
		}
		return "—"
	})
}

// With is p with the default counter of every category it lacks.
func (p Playbook) With() Playbook {
	out := Playbook{}
	for _, c := range Categories {
		if v, ok := p[c]; ok && (v.Zh != "" || v.En != "") {
			out[c] = v
		} else {
			out[c] = DefaultPlaybook[c]
		}
	}
	return out
}
