package excuse

import (
	"fmt"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Month is what a customer bought (invoiced, credit notes subtracted) and
// paid in one calendar month.
type Month struct {
	Month  string       `json:"month"` // "2026-05"
	Bought money.Amount `json:"bought"`
	Paid   money.Amount `json:"paid"`
}

// Promise is one of the customer's last promises, as the counter tells it.
type Promise struct {
	Due       civil.Date
	Amount    money.Amount
	Status    string // commitment status: open, kept, partly_kept, broken
	Fulfilled money.Amount
}

// FactsInput is what a customer's facts are made from, loaded by storage.
type FactsInput struct {
	Customer     string
	Owed         money.Amount
	Overdue      money.Amount
	Months       []Month // the last three calendar months, the latest first
	UsualBought  money.Amount
	UsualPaid    money.Amount
	Promises     []Promise // the latest first
	CreditLimit  money.Amount
	OpenDisputes int
	Disputed     money.Amount
	Excuses      []Excuse     // the customer's excuses of the last year
	Payments     []civil.Date // the days it paid, for what followed its excuses
	PlanAsked    money.Amount // this month's plan, 0 without one
	RepPlans     money.Amount // what the rep's plans of the month ask in all
}

// FollowDays is how soon a payment must follow an excuse for the excuse to
// count as followed by money.
const FollowDays = 14

// Followed reports for each excuse whether the customer paid anything
// within FollowDays after it (parallel to es).
func Followed(es []Excuse, pays []civil.Date) []bool {
	out := make([]bool, len(es))
	for i, e := range es {
		for _, p := range pays {
			if p >= e.Date && p.Sub(e.Date) <= FollowDays {
				out[i] = true
				break
			}
		}
	}
	return out
}

// FactsOf formats a customer's facts for the counter to an excuse of c,
// in lang.
func FactsOf(in FactsInput, c Category, lang string) Facts {
	f := Facts{
		"customer":     in.Customer,
		"owed":         in.Owed.Format(),
		"overdue":      in.Overdue.Format(),
		"usual_bought": in.UsualBought.Format(),
		"usual_paid":   in.UsualPaid.Format(),
		"credit_used":  in.Owed.Format(),
	}
	for i, m := range in.Months {
		if i >= 3 {
			break
		}
		n := fmt.Sprint(i + 1)
		f["month_"+n], f["bought_"+n], f["paid_"+n] = m.Month, m.Bought.Format(), m.Paid.Format()
	}
	if in.CreditLimit > 0 {
		f["credit_limit"] = in.CreditLimit.Format()
		f["credit_used"] = fmt.Sprintf("%s (%d%%)", in.Owed.Format(), 100*in.Owed/in.CreditLimit)
	}
	f["open_disputes"] = pick(lang, fmt.Sprintf("%d 笔 %s", in.OpenDisputes, in.Disputed.Format()), fmt.Sprintf("%d, %s", in.OpenDisputes, in.Disputed.Format()))
	var times, paid int
	same := make([]Excuse, 0, len(in.Excuses))
	for _, e := range in.Excuses {
		if e.Category == c {
			same = append(same, e)
		}
	}
	for _, ok := range Followed(same, in.Payments) {
		times++
		if ok {
			paid++
		}
	}
	f["excuse_times"], f["excuse_paid"] = fmt.Sprint(times), fmt.Sprint(paid)
	f["plan_asked"] = pick(lang, "未定", "not agreed yet")
	if in.PlanAsked > 0 {
		f["plan_asked"] = in.PlanAsked.Format()
		if in.RepPlans > 0 {
			f["plan_share"] = fmt.Sprintf("%.1f%%", 100*float64(in.PlanAsked)/float64(in.RepPlans))
		}
	}
	var ps []string
	for i, p := range in.Promises {
		if i >= 3 {
			break
		}
		ps = append(ps, fmt.Sprintf("%s %s %s", p.Due.String()[5:], p.Amount.Format(), statusWord(p, lang)))
	}
	f["last_promises"] = strings.Join(ps, pick(lang, "；", "; "))
	return f
}

func statusWord(p Promise, lang string) string {
	switch p.Status {
	case "kept":
		return pick(lang, "已兑现", "kept")
	case "partly_kept":
		return pick(lang, "部分兑现 "+p.Fulfilled.Format(), "partly kept, "+p.Fulfilled.Format())
	case "broken":
		return pick(lang, "未兑现", "broken")
	case "cancelled":
		return pick(lang, "已取消", "cancelled")
	}
	return pick(lang, "待兑现", "open")
}

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}
