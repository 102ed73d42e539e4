package ledger

import (
	"unicode/utf8"

	"huikuan/internal/errs"
)

// The Check functions hold the rules of a valid record that every way in
// (import, API, UI) shares. Row is the input line, or 0.

func text(bad *errs.Invalid, row int, field, v string, maxLen int) {
	switch {
	case v == "":
		bad.Add(row, field, "%s is empty", field)
	case utf8.RuneCountInString(v) > maxLen:
		bad.Add(row, field, "%s is longer than %d characters", field, maxLen)
	}
}

// CheckCustomer adds the problems of c to bad.
func CheckCustomer(c Customer, row int, bad *errs.Invalid) {
	text(bad, row, "code", c.Code, 64)
	text(bad, row, "name", c.Name, 200)
	text(bad, row, "region", c.Region, 64)
	text(bad, row, "rep", c.Rep, 64)
	if utf8.RuneCountInString(c.Contact) > 100 {
		bad.Add(row, "contact", "contact is longer than 100 characters")
	}
	if utf8.RuneCountInString(c.Phone) > 40 {
		bad.Add(row, "phone", "phone is longer than 40 characters")
	}
	if !c.Tier.Valid() {
		bad.Add(row, "credit_tier", "credit tier must be A, B, C or D, not %q", c.Tier)
	}
	if c.CreditLimit < 0 {
		bad.Add(row, "credit_limit", "a credit limit cannot be negative")
	}
	if c.TermsDays < 0 || c.TermsDays > 3650 {
		bad.Add(row, "payment_terms_days", "payment terms must be between 0 and 3650 days, not %d", c.TermsDays)
	}
}

// CheckInvoice adds the problems of inv to bad.
func CheckInvoice(inv Invoice, row int, bad *errs.Invalid) {
	text(bad, row, "number", inv.Number, 64)
	text(bad, row, "customer", inv.Customer, 64)
	if inv.Issue == 0 {
		bad.Add(row, "issue_date", "issue_date is empty")
	}
	if inv.Due == 0 {
		bad.Add(row, "due_date", "due_date is empty")
	} else if inv.Issue != 0 && inv.Due < inv.Issue {
		bad.Add(row, "due_date", "due date %s is before the issue date %s", inv.Due, inv.Issue)
	}
	if inv.Amount == 0 {
		bad.Add(row, "amount", "an invoice amount cannot be zero")
	}
}

// CheckPayment adds the problems of p to bad.
func CheckPayment(p Payment, row int, bad *errs.Invalid) {
	text(bad, row, "number", p.Number, 64)
	text(bad, row, "customer", p.Customer, 64)
	if p.Date == 0 {
		bad.Add(row, "date", "date is empty")
	}
	if p.Amount <= 0 {
		bad.Add(row, "amount", "a payment amount must be positive, not %s", p.Amount)
	}
	for _, n := range p.Invoices {
		if n == "" || utf8.RuneCountInString(n) > 64 {
			bad.Add(row, "invoices", "invoice numbers must have 1 to 64 characters")
			break
		}
	}
}
