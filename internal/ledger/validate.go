package ledger

import (
	"huikuan/internal/civil"
	"huikuan/internal/errs"
)

// The Check functions hold the rules of a valid record that every way in
// (import, API, UI, demo) shares; the store checks every batch with them
// again before writing. Row is the input line, or 0.

// CheckRep adds the problems of r to bad.
func CheckRep(r Rep, row int, bad *errs.Invalid) {
	CheckCode(bad, row, "code", r.Code)
	required(bad, row, "name", r.Name, 100)
	if r.Region != "" { // a rep need not belong to a region
		CheckCode(bad, row, "region", r.Region)
	}
	CheckText(bad, row, "team", r.Team, 100)
}

// CheckCustomer adds the problems of c to bad.
func CheckCustomer(c Customer, row int, bad *errs.Invalid) {
	CheckCode(bad, row, "code", c.Code)
	required(bad, row, "name", c.Name, 200)
	CheckCode(bad, row, "region", c.Region)
	CheckCode(bad, row, "rep", c.Rep)
	CheckText(bad, row, "contact", c.Contact, 100)
	CheckText(bad, row, "phone", c.Phone, 40)
	CheckEmail(bad, row, "email", c.Email)
	if !c.Tier.Valid() {
		bad.Add(row, "credit_tier", "credit tier must be A, B, C or D, not %q", c.Tier)
	}
	if c.CreditLimit < 0 {
		bad.Add(row, "credit_limit", "a credit limit cannot be negative")
	} else {
		CheckAmount(bad, row, "credit_limit", c.CreditLimit)
	}
	if c.TermsDays < 0 || c.TermsDays > 3650 {
		bad.Add(row, "payment_terms_days", "payment terms must be between 0 and 3650 days, not %d", c.TermsDays)
	}
}

// CheckInvoice adds the problems of inv to bad.
func CheckInvoice(inv Invoice, row int, bad *errs.Invalid) {
	CheckCode(bad, row, "number", inv.Number)
	CheckCode(bad, row, "customer", inv.Customer)
	if inv.Issue == 0 {
		bad.Add(row, "issue_date", "issue_date is empty")
	}
	CheckDate(bad, row, "issue_date", inv.Issue)
	if inv.Due == 0 {
		bad.Add(row, "due_date", "due_date is empty")
	} else if inv.Issue != 0 && inv.Due < inv.Issue {
		bad.Add(row, "due_date", "due date %s is before the issue date %s", inv.Due, inv.Issue)
	} else {
		CheckDate(bad, row, "due_date", inv.Due)
	}
	if inv.Amount == 0 {
		bad.Add(row, "amount", "an invoice amount cannot be zero")
	}
	CheckAmount(bad, row, "amount", inv.Amount)
}

// CheckPayment adds the problems of p to bad.
func CheckPayment(p Payment, row int, bad *errs.Invalid) {
	CheckCode(bad, row, "number", p.Number)
	CheckCode(bad, row, "customer", p.Customer)
	if p.Date == 0 {
		bad.Add(row, "date", "date is empty")
	}
	CheckDate(bad, row, "date", p.Date)
	if p.Amount <= 0 {
		bad.Add(row, "amount", "a payment amount must be positive, not %s", p.Amount)
	} else {
		CheckAmount(bad, row, "amount", p.Amount)
	}
	for _, n := range p.Invoices {
		var one errs.Invalid
		if CheckCode(&one, row, "invoices", n); one.Err() != nil {
			bad.Fields = append(bad.Fields, one.Fields[0])
			break
		}
	}
}

// CheckDispute adds the problems of d to bad; Resolved is civil.Never (or
// 0) while the dispute is open.
func CheckDispute(d Dispute, row int, bad *errs.Invalid) {
	CheckCode(bad, row, "invoice", d.Invoice)
	if d.Amount <= 0 {
		bad.Add(row, "amount", "a disputed amount must be positive")
	} else {
		CheckAmount(bad, row, "amount", d.Amount)
	}
	if d.Opened == 0 {
		bad.Add(row, "opened_on", "the day the dispute opened is required")
	}
	CheckDate(bad, row, "opened_on", d.Opened)
	if d.Resolved != civil.Never {
		CheckDate(bad, row, "resolved_on", d.Resolved)
	}
	CheckNotes(bad, row, "note", d.Note, 2000)
}
