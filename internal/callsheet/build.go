package callsheet

import (
	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/negotiation"
	"huikuan/internal/plan"
	"huikuan/internal/store"
)

// build makes the sheet from what was loaded: no storage from here on.
func build(in inputs, day civil.Date, lang string) Sheet {
	r := in.row
	month := day.MonthStart()
	sh := Sheet{Customer: r.Code, Name: r.Name, Rep: r.Rep, Date: day, Owed: r.Owed, Overdue: r.Overdue,
		Disputed: r.Disputed, CreditLimit: r.CreditLimit, Disputes: in.disputes}
	for _, it := range r.Open {
		sh.Collectable += it.Amount
		if it.Due >= day && it.Due <= day.MonthEnd() {
			sh.DueInMonth += it.Amount
		}
	}
	for _, p := range in.paid {
		if p.Date >= month && p.Date <= day {
			sh.CollectedNow += p.Amount
		}
	}
	ask := negotiation.Input{Day: day, Overdue: sh.Overdue, DueInMonth: sh.DueInMonth, Balance: sh.Collectable,
		Collected: sh.CollectedNow, MonthlyPaid: monthlyPaid(in.paid, month)}
	var rep money.Amount
	if p := in.plan; p != nil {
		sh.Plan = &PlanLine{Status: p.Status, Asked: p.Asked, Committed: p.Committed, Gap: p.Gap, Left: max(p.Asked-sh.CollectedNow, 0)}
		if p.Status == plan.Agreed {
			ask.PlanAgreed, ask.PlanAsked = true, p.Asked
		}
		for _, q := range in.repPlans {
			rep += q.Asked
		}
	}
	for _, c := range in.calls {
		if c.Date <= day {
			ask.Calls = append(ask.Calls, negotiation.Haggle{CallID: c.ID, Date: c.Date, Asked: c.AmountAsked, Agreed: c.AmountAgreed})
		}
	}
	sh.OpeningAsk = negotiation.OpeningAsk(ask)
	sh.Ratios = ratios(ask.Calls)
	for _, t := range excuse.Tips {
		sh.Tips = append(sh.Tips, t.Text(lang))
	}
	for i, c := range in.calls {
		if i >= callLines {
			break
		}
		sh.Calls = append(sh.Calls, CallLine{Date: c.Date, Disposition: c.Disposition, Notes: c.Notes, Asked: c.AmountAsked, Agreed: c.AmountAgreed})
	}
	var facts []excuse.Promise
	for _, p := range in.promises {
		if p.Cancelled {
			continue
		}
		facts = append(facts, excuse.Promise{Due: p.Due, Amount: p.Amount, Status: string(p.Status), Fulfilled: p.Fulfilled})
		if p.Status == commitment.Open {
			sh.Promises = append(sh.Promises, PromiseLine{ID: p.ID, Due: p.Due, Amount: p.Amount, Fulfilled: p.Fulfilled, Credibility: p.P})
		}
	}
	sh.Months = months(in.invoiced, in.paid, month)
	fi := excuse.FactsInput{Customer: r.Name, Owed: r.Owed, Overdue: r.Overdue, Months: sh.Months,
		UsualBought: usual(in.invoiced, month), UsualPaid: usual(in.paid, month), Promises: facts,
		CreditLimit: r.CreditLimit, OpenDisputes: len(in.disputes), Disputed: r.Disputed,
		Excuses: excusesOf(in.calls, day), Payments: dates(in.paid), RepPlans: rep}
	if in.plan != nil {
		fi.PlanAsked = in.plan.Asked
	}
	sh.Excuses = excuseLines(fi, in.playbook, lang)
	return sh
}

// excuseLines are the latest excuses, each with its counter.
func excuseLines(fi excuse.FactsInput, pb excuse.Playbook, lang string) []ExcuseLine {
	es := fi.Excuses
	repeats, followed := excuse.Repeats(es), excuse.Followed(es, fi.Payments)
	var out []ExcuseLine
	for i := len(es) - 1; i >= 0 && len(out) < maxExcuses; i-- {
		e := es[i]
		out = append(out, ExcuseLine{Category: e.Category, Date: e.Date, Amount: e.Amount, Notes: e.Notes,
			Repeat: repeats[i], Followed: followed[i], Counter: excuse.Fill(pb[e.Category].Text(lang), excuse.FactsOf(fi, e.Category, lang))})
	}
	return out
}

// excusesOf are the excuses of the calls up to day, oldest first.
func excusesOf(calls []store.CallRow, day civil.Date) []excuse.Excuse {
	var es []excuse.Excuse
	for i := len(calls) - 1; i >= 0; i-- {
		c := calls[i]
		if c.Disposition == followup.ReachedExcuse && c.Date <= day {
			es = append(es, excuse.Excuse{CallID: c.ID, Date: c.Date, Category: c.Excuse, Amount: c.ExcuseAmount, Notes: c.Notes})
		}
	}
	return es
}

// ratios are the realised agreed ÷ asked of the calls with both, oldest first.
func ratios(hs []negotiation.Haggle) []Ratio {
	var out []Ratio
	for i := len(hs) - 1; i >= 0; i-- {
		if r := hs[i].Ratio(); r > 0 {
			out = append(out, Ratio{hs[i].Date, r})
		}
	}
	return out
}

// monthlyPaid is what was paid in each of the twelve calendar months
// before month.
func monthlyPaid(paid []store.Flow, month civil.Date) []money.Amount {
	out := make([]money.Amount, 12)
	for _, p := range paid {
		if k := monthIndex(p.Date, month); k >= 1 && k <= 12 {
			out[k-1] += p.Amount
		}
	}
	return out
}

// monthIndex is how many calendar months d's month is before month's.
func monthIndex(d, month civil.Date) int {
	y1, m1, _ := d.YMD()
	y2, m2, _ := month.YMD()
	return (y2-y1)*12 + int(m2) - int(m1)
}

// months are the last three calendar months before month, the latest
// first, with what was bought and paid in each.
func months(invoiced, paid []store.Flow, month civil.Date) []excuse.Month {
	out := make([]excuse.Month, 3)
	for k := range out {
		out[k].Month = month.AddMonths(-(k + 1)).String()[:7]
	}
	for _, f := range invoiced {
		if k := monthIndex(f.Date, month); k >= 1 && k <= 3 {
			out[k-1].Bought += f.Amount
		}
	}
	for _, f := range paid {
		if k := monthIndex(f.Date, month); k >= 1 && k <= 3 {
			out[k-1].Paid += f.Amount
		}
	}
	return out
}

// usual is the average month of the twelve before month.
func usual(fs []store.Flow, month civil.Date) money.Amount {
	var sum money.Amount
	for _, f := range fs {
		if k := monthIndex(f.Date, month); k >= 1 && k <= 12 {
			sum += f.Amount
		}
	}
	return sum / 12
}

func dates(fs []store.Flow) []civil.Date {
	out := make([]civil.Date, len(fs))
	for i, f := range fs {
		out[i] = f.Date
	}
	return out
}
