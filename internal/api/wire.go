// The API's wire types: every body the API reads or answers is one of
// these, or a rules or storage type the CLI's --format json output prints
// too, shared so that the two stay identical: ledger.AgingReport,
// ledger.Statement, followup.Item (with its followup.Reason, also the next
// follow-up of Followup), store.CallRow, commitment.Evaluation and
// commitment.Forecast. store.Compliance (only the API writes it) is being
// moved into followup by another change and is served as it is meanwhile.
// openapi_test.go holds each one to its schema in openapi.json, field by
// field, so renaming a field fails a test instead of changing the API.

package api

import (
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
)

// Customer is a customer as the API shows it; amounts in minor units.
type Customer struct {
	Code              string       `json:"code"`
	Name              string       `json:"name"`
	Region            string       `json:"region"`
	Rep               string       `json:"rep"`
	CreditTier        string       `json:"credit_tier"`
	CreditLimit       money.Amount `json:"credit_limit"`
	PaymentTermsDays  int          `json:"payment_terms_days"`
	Contact           string       `json:"contact"`
	Phone             string       `json:"phone"`
	Balance           money.Amount `json:"balance"`
	Prepaid           money.Amount `json:"prepaid"`
	Disputed          money.Amount `json:"disputed"`
	Overdue           money.Amount `json:"overdue"`
	OldestOverdueDays int          `json:"oldest_overdue_days"`
	OverLimit         bool         `json:"over_limit"`
}

func customerView(r store.CustomerRow, today civil.Date) Customer {
	return Customer{
		Code: r.Code, Name: r.Name, Region: r.Region, Rep: r.Rep, CreditTier: string(r.Tier), CreditLimit: r.CreditLimit,
		PaymentTermsDays: r.TermsDays, Contact: r.Contact, Phone: r.Phone, Balance: r.Balance(), Prepaid: r.Prepaid,
		Disputed: r.Disputed, Overdue: r.Overdue, OldestOverdueDays: r.OverdueDays(today), OverLimit: r.OverLimit(),
	}
}

// Invoice is an invoice or credit note (negative amount).
type Invoice struct {
	Number     string       `json:"number"`
	Customer   string       `json:"customer"`
	IssueDate  civil.Date   `json:"issue_date"`
	DueDate    civil.Date   `json:"due_date"`
	Amount     money.Amount `json:"amount"`
	OpenAmount money.Amount `json:"open_amount"`
	Disputed   money.Amount `json:"disputed_amount"`
	SettledOn  *civil.Date  `json:"settled_on"`
}

func invoiceView(r store.InvoiceRow) Invoice {
	v := Invoice{Number: r.Number, Customer: r.Customer, IssueDate: r.Issue, DueDate: r.Due, Amount: r.Amount, OpenAmount: r.Open, Disputed: r.Held}
	if r.Closed != civil.Never {
		d := r.Closed
		v.SettledOn = &d
	}
	return v
}

// Payment is money received and what of it is not yet applied.
type Payment struct {
	Number    string       `json:"number"`
	Customer  string       `json:"customer"`
	Date      civil.Date   `json:"date"`
	Amount    money.Amount `json:"amount"`
	Invoices  []string     `json:"invoices"`
	Unapplied money.Amount `json:"unapplied"`
}

func paymentView(r store.PaymentRow) Payment {
	inv := r.Invoices
	if inv == nil {
		inv = []string{}
	}
	return Payment{Number: r.Number, Customer: r.Customer, Date: r.Date, Amount: r.Amount, Invoices: inv, Unapplied: r.Unapplied}
}

// CustomerInput is the body of POST /customers: the CSV columns, with the
// credit limit in minor units.
type CustomerInput struct {
	Code             string       `json:"code"`
	Name             string       `json:"name"`
	Region           string       `json:"region"`
	Rep              string       `json:"rep"`
	CreditTier       string       `json:"credit_tier"`
	CreditLimit      money.Amount `json:"credit_limit"`
	PaymentTermsDays int          `json:"payment_terms_days"`
	Contact          string       `json:"contact"`
	Phone            string       `json:"phone"`
}

func (in CustomerInput) customer() ledger.Customer {
	return ledger.Customer{Code: in.Code, Name: in.Name, Region: in.Region, Rep: in.Rep, Tier: ledger.Tier(in.CreditTier),
		CreditLimit: in.CreditLimit, TermsDays: in.PaymentTermsDays, Contact: in.Contact, Phone: in.Phone}
}

// InvoiceInput is the body of POST /invoices.
// Dates are read as text so a bad one is reported with its field.
type InvoiceInput struct {
	Number    string       `json:"number"`
	Customer  string       `json:"customer"`
	IssueDate string       `json:"issue_date"`
	DueDate   string       `json:"due_date"`
	Amount    money.Amount `json:"amount"`
}

// PaymentInput is the body of POST /payments.
type PaymentInput struct {
	Number   string       `json:"number"`
	Customer string       `json:"customer"`
	Date     string       `json:"date"`
	Amount   money.Amount `json:"amount"`
	Invoices []string     `json:"invoices"`
}

// Problem is an RFC 9457 problem document with field errors.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail,omitempty"`
	Errors []errs.FieldError `json:"errors,omitempty"`
}

// List is the shape of every list response.
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// CallInput is the body of POST /calls. at defaults to now; a commitment
// may be made in a call whose disposition is reached-promised.
type CallInput struct {
	Customer     string           `json:"customer"`
	At           *time.Time       `json:"at"`
	Channel      string           `json:"channel"`
	Direction    string           `json:"direction"`
	Disposition  string           `json:"disposition"`
	Notes        string           `json:"notes"`
	AmountAsked  money.Amount     `json:"amount_asked"`
	AmountAgreed money.Amount     `json:"amount_agreed"`
	NextFollowup string           `json:"next_followup"`
	Ref          string           `json:"ref"`
	Commitment   *CommitmentInput `json:"commitment"`
}

// DispositionInput is the body of POST /calls/{id}/disposition.
type DispositionInput struct {
	Disposition  string `json:"disposition"`
	Notes        string `json:"notes"`
	NextFollowup string `json:"next_followup"`
}

// Followup is a customer's cadence and its next follow-up.
type Followup struct {
	Customer string `json:"customer"`
	// CadenceDays is the customer's own days between calls; 0 means its
	// credit tier's, from the installation's cadence.
	CadenceDays int `json:"cadence_days"`
	// Next is the next follow-up and why; null when nothing calls for one.
	Next *followup.Reason `json:"next"`
}

// FollowupInput is the body of PUT /customers/{code}/followup.
type FollowupInput struct {
	CadenceDays *int `json:"cadence_days"`
}

// Commitment is a promise to pay with its outcome so far.
type Commitment struct {
	ID          int64        `json:"id"`
	Customer    string       `json:"customer"`
	Amount      money.Amount `json:"amount"`
	Date        civil.Date   `json:"date"`
	Made        civil.Date   `json:"made_on"`
	Contact     string       `json:"contact"`
	SupportKind string       `json:"support_kind"`
	Support     string       `json:"support"`
	CreatedBy   string       `json:"created_by"`
	Status      string       `json:"status"`
	Fulfilled   money.Amount `json:"fulfilled"`
	DecidedOn   *civil.Date  `json:"decided_on"`
	CallID      *int64       `json:"call_id"` // the call it was made in, if any
	// The probability of being kept in full when the promise was made,
	// with its reasons and flags.
	Credibility *Credibility `json:"credibility"`
}

// CommitmentInput is the body of POST /commitments. made_on defaults to
// today.
type CommitmentInput struct {
	Customer    string       `json:"customer"`
	Amount      money.Amount `json:"amount"`
	Date        string       `json:"date"`
	Made        string       `json:"made_on"`
	Contact     string       `json:"contact"`
	SupportKind string       `json:"support_kind"`
	Support     string       `json:"support"`
}

// CTIEvent is the body a cloud call center posts to /api/v1/cti/events.
type CTIEvent struct {
	EventID       string    `json:"event_id"`
	Type          string    `json:"type"` // call.started or call.ended
	Timestamp     time.Time `json:"timestamp"`
	CallID        string    `json:"call_id"`
	Rep           string    `json:"rep"`
	CustomerPhone string    `json:"customer_phone"`
	Direction     string    `json:"direction"` // outbound or inbound
	Duration      int       `json:"duration_seconds"`
	RecordingURL  string    `json:"recording_url"`
}

// Worklist is the answer of GET /worklist: a rep's ranked call list for a
// day. (Fields in the order they have always been written.)
type Worklist struct {
	Date  civil.Date      `json:"date"`
	Items []followup.Item `json:"items"`
	Rep   string          `json:"rep"`
}

// ComplianceReport is the answer of GET /reports/compliance: each rep's
// follow-up compliance over from..to.
type ComplianceReport struct {
	From civil.Date         `json:"from"`
	Reps []store.Compliance `json:"reps"`
	To   civil.Date         `json:"to"`
}

// CTIAnswer is the answer to a call-center event: whether it matched a
// call, and the call (absent when it matched none).
type CTIAnswer struct {
	Call    *store.CallRow `json:"call,omitempty"`
	Matched bool           `json:"matched"`
}

// AuditEntry is one change in the audit log, newest first in GET /audit.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Entity string    `json:"entity"`
	Key    string    `json:"key"`
	Before string    `json:"before,omitempty"`
	After  string    `json:"after,omitempty"`
}

func auditView(e store.AuditEntry) AuditEntry {
	return AuditEntry{At: e.At, Actor: e.Actor, Action: e.Action, Entity: e.Entity, Key: e.Key, Before: e.Before, After: e.After}
}

// Credibility is a promise's probability of being kept in full when it
// was made, why, and the flags a rep should see.
type Credibility struct {
	P       float64             `json:"p"`
	Reasons []CredibilityReason `json:"reasons"`
	Flags   []string            `json:"flags"`
}

// CredibilityReason is one factor of a credibility score.
type CredibilityReason struct {
	Code   string  `json:"code"`
	Text   string  `json:"text"`
	TextZh string  `json:"text_zh"`
	Effect float64 `json:"effect"` // log-odds against an average commitment
}

// credibilityView converts the score, keeping a nil list nil (written as
// null, as it always was).
func credibilityView(c *commitment.Credibility) *Credibility {
	if c == nil {
		return nil
	}
	v := &Credibility{P: c.P, Flags: c.Flags}
	if c.Reasons != nil {
		v.Reasons = make([]CredibilityReason, len(c.Reasons))
		for i, r := range c.Reasons {
			v.Reasons[i] = CredibilityReason{Code: r.Code, Text: r.Text, TextZh: r.TextZh, Effect: r.Effect}
		}
	}
	return v
}
