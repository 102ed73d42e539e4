// Package callsheet is the call sheet (催款提纲) as every surface shows it
// — the sheet page, GET /api/v1/customers/{code}/callsheet and `huikuan
// callsheet`: one customer's position on a day, this month's plan and gap,
// the opening ask with its options, its last calls, open promises, last
// excuses with their counters filled from its own figures, and its open
// disputes. It loads from storage and calls the rules (negotiation,
// excuse); the surfaces parse, authorise and print.
package callsheet

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/money"
	"huikuan/internal/negotiation"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// Sheet is one customer's call sheet on a day.
type Sheet struct {
	Customer     string          `json:"customer"`
	Name         string          `json:"name"`
	Rep          string          `json:"rep"`
	Date         civil.Date      `json:"date"`
	Owed         money.Amount    `json:"owed"`
	Overdue      money.Amount    `json:"overdue"`
	DueInMonth   money.Amount    `json:"due_in_month"`
	Disputed     money.Amount    `json:"disputed"`
	Collectable  money.Amount    `json:"collectable"` // owed, the disputed part set aside
	CreditLimit  money.Amount    `json:"credit_limit"`
	CollectedNow money.Amount    `json:"collected_this_month"`
	Plan         *PlanLine       `json:"plan"`
	OpeningAsk   negotiation.Ask `json:"opening_ask"`
	// Ratios are the customer's realised agreed ÷ asked, call by call.
	Ratios   []Ratio       `json:"ratios"`
	Tips     []string      `json:"tips"`
	Calls    []CallLine    `json:"calls"`
	Promises []PromiseLine `json:"promises"`
	Excuses  []ExcuseLine  `json:"excuses"`
	Disputes []DisputeLine `json:"disputes"`
	// OpenInvoices are the invoices still open, oldest due first, each with
	// its expected payment as the daily job last predicted it.
	OpenInvoices []OpenInvoice  `json:"open_invoices"`
	Months       []excuse.Month `json:"months"` // the last three calendar months, the latest first
	// Phone and Contact are whom to dial, for the page (not in the JSON).
	Phone   string `json:"-"`
	Contact string `json:"-"`
}

// PlanLine is this month's plan as the sheet shows it.
type PlanLine struct {
	Status    plan.Status  `json:"status"`
	Asked     money.Amount `json:"asked"`
	Committed money.Amount `json:"committed"`
	Gap       money.Amount `json:"gap"`
	Left      money.Amount `json:"left"` // asked − collected this month, not below zero
}

// Ratio is one call's agreed ÷ asked.
type Ratio struct {
	Date  civil.Date `json:"date"`
	Ratio float64    `json:"ratio"`
}

// CallLine is one of the last calls.
type CallLine struct {
	Date        civil.Date   `json:"date"`
	Disposition string       `json:"disposition"`
	Notes       string       `json:"notes"`
	Asked       money.Amount `json:"amount_asked"`
	Agreed      money.Amount `json:"amount_agreed"`
}

// PromiseLine is an open promise with its credibility.
type PromiseLine struct {
	ID          int64        `json:"id"`
	Due         civil.Date   `json:"due"`
	Amount      money.Amount `json:"amount"`
	Fulfilled   money.Amount `json:"fulfilled"`
	Credibility *float64     `json:"credibility"`
}

// ExcuseLine is a recent excuse with its counter, filled with the facts.
type ExcuseLine struct {
	Category excuse.Category `json:"category"`
	Date     civil.Date      `json:"date"`
	Amount   money.Amount    `json:"amount"`
	Notes    string          `json:"notes"`
	Repeat   bool            `json:"repeat"`
	Followed bool            `json:"paid_within_14_days"`
	Counter  string          `json:"counter"`
}

// Disputable reports whether the excuse leads to carving out the part
// concerned (quality, after-sales, statement mismatch).
func (e ExcuseLine) Disputable() bool { return e.Category.Disputable() }

// OpenInvoice is an open invoice and when it is expected to be paid: the
// expected date with its range and the chance it is paid after its due
// date, null until the daily job has predicted it.
type OpenInvoice struct {
	Number          string       `json:"number"`
	Due             civil.Date   `json:"due"`
	Open            money.Amount `json:"open"`
	ExpectedPayDate *civil.Date  `json:"expected_pay_date"`
	ExpectedPayFrom *civil.Date  `json:"expected_pay_from"`
	ExpectedPayTo   *civil.Date  `json:"expected_pay_to"`
	PLate           *float64     `json:"p_late"`
	// Why says, in the sheet's language, what moved the prediction most.
	Why string `json:"why,omitempty"`
}

// Scored reports whether the daily job has predicted the invoice.
func (o OpenInvoice) Scored() bool { return o.PLate != nil }

// Expected is the expected pay date, zero when not scored.
func (o OpenInvoice) Expected() civil.Date {
	if o.ExpectedPayDate == nil {
		return 0
	}
	return *o.ExpectedPayDate
}

// LateChance is the chance of being paid late, 0 when not scored.
func (o OpenInvoice) LateChance() float64 {
	if o.PLate == nil {
		return 0
	}
	return *o.PLate
}

// DisputeLine is an open dispute: the part set aside.
type DisputeLine struct {
	ID      int64        `json:"id"`
	Invoice string       `json:"invoice"`
	Amount  money.Amount `json:"amount"`
	Opened  civil.Date   `json:"opened"`
	AgeDays int          `json:"age_days"`
	Reason  string       `json:"reason"`
	Owner   string       `json:"owner"`
	Note    string       `json:"note"`
}

// How much of the past the sheet shows.
const (
	callLines    = 5
	maxExcuses   = 5
	lookbackDays = 400 // a year and a month of flows: twelve whole months and this one
)

// Make builds the call sheet of customer code for sc on day, in lang.
func Make(ctx context.Context, s *store.Store, sc user.Scope, code string, day civil.Date, lang string) (Sheet, error) {
	in, err := load(ctx, s, sc, code, day)
	if err != nil {
		return Sheet{}, err
	}
	return build(in, day, lang), nil
}
