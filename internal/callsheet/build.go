package callsheet

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/negotiation"
	"huikuan/internal/paydate"
	"huikuan/internal/plan"
	"huikuan/internal/store"
)

// build makes the sheet from what was loaded: no storage from here on.
func build(in inputs, day civil.Date, lang string) Sheet {
	r := in.row
	month := day.MonthStart()
	sh := Sheet{Customer: r.Code, Name: r.Name, Rep: r.Rep, Date: day, Owed: r.Owed, Overdue: r.Overdue,
		Disputed: r.Disputed, CreditLimit: r.CreditLimit, Disputes: in.disputes,
		Phone: r.Phone, Contact: r.Contact}
	for _, it := range r.Open {
		sh.Collectable += it.Amount
		if it.Due >= day && it.Due <= day.MonthEnd() {
			sh.DueInMonth += it.Amount
		}
	}
	sh.CollectedNow = in.flows.PaidNow
	ask := negotiation.Input{Day: day, Overdue: sh.Overdue, DueInMonth: sh.DueInMonth, Balance: sh.Collectable,
		Collected: sh.CollectedNow, MonthlyPaid: in.flows.Paid[:]}
	if p := in.plan; p != nil {
		sh.Plan = &PlanLine{Status: p.Status, Asked: p.Asked, Committed: p.Committed, Gap: p.Gap, Left: max(p.Asked-sh.CollectedNow, 0)}
		if p.Status == plan.Agreed {
			ask.PlanAgreed, ask.PlanAsked = true, p.Asked
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
	sh.Months = months(in.flows, month)
	fi := excuse.FactsInput{Customer: r.Name, Owed: r.Owed, Overdue: r.Overdue, Months: sh.Months,
		UsualBought: usual(in.flows.Invoiced), UsualPaid: usual(in.flows.Paid), Promises: facts,
		CreditLimit: r.CreditLimit, OpenDisputes: len(in.disputes), Disputed: r.Disputed,
		Excuses: excusesOf(in.calls, day), Payments: in.flows.PaymentDates, RepPlans: in.repAsked}
	if in.plan != nil {
		fi.PlanAsked = in.plan.Asked
	}
	sh.Excuses = excuseLines(fi, in.playbook, lang)
	sh.OpenInvoices = openInvoices(in.open, lang)
	return sh
}

// openInvoiceLines is how many open invoices the sheet lists at most.
const openInvoiceLines = 1000

// openInvoices lists the open invoices (credit notes left out), oldest due
// first, with their expected payments.
func openInvoices(rows []store.InvoiceRow, lang string) []OpenInvoice {
	out := []OpenInvoice{}
	for _, r := range rows {
		if r.Amount < 0 {
			continue
		}
		line := OpenInvoice{Number: r.Number, Due: r.Due, Open: r.Open - r.Held}
		if p := r.Pay; p != nil {
			line.PLate = &p.PLate
			if p.Expected != 0 {
				line.ExpectedPayDate, line.ExpectedPayFrom, line.ExpectedPayTo = &p.Expected, &p.From, &p.To
				line.Why = paydate.Why(p.Reasons, lang, 2)
			}
		}
		out = append(out, line)
	}
	slices.SortStableFunc(out, func(a, b OpenInvoice) int { return int(a.Due - b.Due) })
	return out
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

// months are the last three calendar months before month, the latest
// first, with what was bought and paid in each.
func months(f store.MonthFlows, month civil.Date) []excuse.Month {
	out := make([]excuse.Month, 3)
	for k := range out {
		out[k] = excuse.Month{Month: month.AddMonths(-(k + 1)).String()[:7], Bought: f.Invoiced[k], Paid: f.Paid[k]}
	}
	return out
}

// usual is the average month of the twelve.
func usual(ms [12]money.Amount) money.Amount {
	var sum money.Amount
	for _, m := range ms {
		sum += m
	}
	return sum / 12
}
