// The API's wire types: every body the API reads or answers is one of
// these, or a rules or storage type the CLI's --format json output prints
// too, shared so that the two stay identical: ledger.AgingReport,
// ledger.Statement, followup.Item (with its followup.Reason, also the next
// follow-up of Followup), store.CallRow, commitment.Evaluation and
// commitment.Forecast, plan.Suggestion and planning.Report (the suggested
// plans and the attainment report). store.Compliance (only the API writes
// it) is being moved into followup by another change and is served as it
// is meanwhile.
// openapi_test.go holds each one to its schema in openapi.json, field by
// field, so renaming a field fails a test instead of changing the API.

package api

import (
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
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
	Email             string       `json:"email"`
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
		PaymentTermsDays: r.TermsDays, Contact: r.Contact, Phone: r.Phone, Email: r.Email, Balance: r.Balance(), Prepaid: r.Prepaid,
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
	Electronic bool         `json:"electronic"`
	// The expected payment of an open invoice as the daily job last
	// predicted it (docs/MODEL.md, "Pay dates"); null when settled or not
	// yet scored.
	ExpectedPayDate *civil.Date `json:"expected_pay_date"`
	ExpectedPayFrom *civil.Date `json:"expected_pay_from"`
	ExpectedPayTo   *civil.Date `json:"expected_pay_to"`
	PLate           *float64    `json:"p_late"`
}

func invoiceView(r store.InvoiceRow) Invoice {
	v := Invoice{Number: r.Number, Customer: r.Customer, IssueDate: r.Issue, DueDate: r.Due, Amount: r.Amount, OpenAmount: r.Open, Disputed: r.Held, Electronic: r.Electronic}
	if p := r.Pay; p != nil {
		v.PLate = &p.PLate
		if p.Expected != 0 {
			v.ExpectedPayDate, v.ExpectedPayFrom, v.ExpectedPayTo = &p.Expected, &p.From, &p.To
		}
	}
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
	Email            string       `json:"email"`
}

func (in CustomerInput) customer() ledger.Customer {
	return ledger.Customer{Code: in.Code, Name: in.Name, Region: in.Region, Rep: in.Rep, Tier: ledger.Tier(in.CreditTier),
		CreditLimit: in.CreditLimit, TermsDays: in.PaymentTermsDays, Contact: in.Contact, Phone: in.Phone, Email: in.Email}
}

// InvoiceInput is the body of POST /invoices.
// Dates are read as text so a bad one is reported with its field.
type InvoiceInput struct {
	Number    string       `json:"number"`
	Customer  string       `json:"customer"`
	IssueDate string       `json:"issue_date"`
	DueDate   string       `json:"due_date"`
	Amount    money.Amount `json:"amount"`
	// Electronic: sent as an e-invoice; false when left out.
	Electronic bool `json:"electronic"`
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
// may be made in a call whose disposition is reached-promised, an excuse
// recorded in one whose disposition is reached-excuse.
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
	// Excuse is the category of a reached-excuse call's excuse (other
	// when empty); ExcuseAmount the amount it concerns, in minor units.
	Excuse       excuse.Category `json:"excuse"`
	ExcuseAmount money.Amount    `json:"excuse_amount"`
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
	// PlanID is the customer plan whose milestone the promise is (the
	// id of Plan), null for a promise made otherwise.
	PlanID *int64 `json:"plan_id"`
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

// Target is a rep's collection target (回款任务) for a month; a rep
// without one has set false and amount 0.
type Target struct {
	Month  string       `json:"month"` // YYYY-MM
	Rep    string       `json:"rep"`
	Name   string       `json:"name"`
	Team   string       `json:"team"`
	Amount money.Amount `json:"amount"`
	Set    bool         `json:"set"`
	SetBy  string       `json:"set_by"`
	SetAt  *time.Time   `json:"set_at"` // null when no target is set
}

func targetView(t store.Target) Target {
	v := Target{Month: plan.MonthKey(t.Month), Rep: t.Rep, Name: t.RepName, Team: t.Team, Amount: t.Amount, Set: t.Set, SetBy: t.SetBy}
	if t.Set && !t.SetAt.IsZero() {
		at := t.SetAt
		v.SetAt = &at
	}
	return v
}

// TargetInput is the body of PUT /targets/{month}/{rep}: the amount in
// minor units, 0 for no target.
type TargetInput struct {
	Amount *money.Amount `json:"amount"`
}

// PlanInput is the body of PUT /plans/{month}/{customer}: the whole plan
// as the rep wrote it down with the customer. The suggestion and its
// basis are the server's.
type PlanInput struct {
	Asked          money.Amount     `json:"asked"`
	Committed      money.Amount     `json:"committed"`
	Status         string           `json:"status"`
	Difficulties   string           `json:"difficulties"`
	Advantages     string           `json:"advantages"`
	DifficultyTags []string         `json:"difficulty_tags"`
	AdvantageTags  []string         `json:"advantage_tags"`
	Contact        string           `json:"contact"`
	Milestones     []MilestoneInput `json:"milestones"`
}

// MilestoneInput is one step of a plan as written: amount paid by due
// (YYYY-MM-DD, in the plan's month).
type MilestoneInput struct {
	Due    string       `json:"due"`
	Amount money.Amount `json:"amount"`
}

// Plan is a customer's plan for a month with its progress: its
// milestones' promises and what was paid towards them, and its gap
// measures.
type Plan struct {
	ID             int64        `json:"id"`
	Month          string       `json:"month"` // YYYY-MM
	Customer       string       `json:"customer"`
	Name           string       `json:"name"` // the customer's
	Rep            string       `json:"rep"`
	Suggested      money.Amount `json:"suggested"`
	Basis          string       `json:"basis"`
	Asked          money.Amount `json:"asked"`
	Committed      money.Amount `json:"committed"`
	Gap            money.Amount `json:"gap"` // asked − committed, never below 0
	Status         string       `json:"status"`
	Difficulties   string       `json:"difficulties"`
	Advantages     string       `json:"advantages"`
	DifficultyTags []string     `json:"difficulty_tags"`
	AdvantageTags  []string     `json:"advantage_tags"`
	Contact        string       `json:"contact"`
	AgreedOn       *civil.Date  `json:"agreed_on"` // the day it was last agreed; null if never
	Milestones     []Milestone  `json:"milestones"`
	// Fulfilled is what was paid towards the milestones' promises.
	Fulfilled money.Amount `json:"fulfilled"`
	Measures  []Measure    `json:"measures"`
	UpdatedAt time.Time    `json:"updated_at"`
	UpdatedBy string       `json:"updated_by"`
}

// Milestone is a plan's step with its promise, once the plan was agreed.
type Milestone struct {
	Due          civil.Date   `json:"due"`
	Amount       money.Amount `json:"amount"`
	CommitmentID *int64       `json:"commitment_id"` // null before the plan is agreed
	Status       *string      `json:"status"`        // the promise's; null without one
	Fulfilled    money.Amount `json:"fulfilled"`
	DecidedOn    *civil.Date  `json:"decided_on"`
}

// PlanView is a stored plan as the API (and the CLI's --format json)
// writes it, with its measures' effects.
func PlanView(p store.Plan, effects map[int64]plan.Effect) Plan {
	v := Plan{ID: p.ID, Month: plan.MonthKey(p.Month), Customer: p.Customer, Name: p.CustomerName, Rep: p.Rep, Suggested: p.Suggested, Basis: p.Basis,
		Asked: p.Asked, Committed: p.Committed, Gap: p.Gap, Status: string(p.Status), Difficulties: p.Difficulties, Advantages: p.Advantages,
		DifficultyTags: nonNil(p.DifficultyTags), AdvantageTags: nonNil(p.AdvantageTags), Contact: p.Contact, AgreedOn: optDate(p.AgreedOn),
		Milestones: make([]Milestone, 0, len(p.Milestones)), Fulfilled: p.Fulfilled, Measures: make([]Measure, 0, len(p.Measures)),
		UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy}
	for _, m := range p.Milestones {
		mv := Milestone{Due: m.Due, Amount: m.Amount, CommitmentID: m.CommitmentID, Fulfilled: m.Fulfilled, DecidedOn: optDate(m.DecidedOn)}
		if m.Status != "" {
			st := string(m.Status)
			mv.Status = &st
		}
		v.Milestones = append(v.Milestones, mv)
	}
	for _, m := range p.Measures {
		v.Measures = append(v.Measures, measureView(m, effects))
	}
	return v
}

// optDate is d, or nil for the zero date.
func optDate(d civil.Date) *civil.Date {
	if d == 0 {
		return nil
	}
	return &d
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MeasureInput is the body of POST /plans/{month}/{customer}/measures. start
// defaults to the first day of the plan's month; cost to 0 (not known).
type MeasureInput struct {
	Kind     string       `json:"kind"`
	Expected money.Amount `json:"expected"`
	Owner    string       `json:"owner"`
	Start    string       `json:"start"`
	Due      string       `json:"due"`
	Cost     money.Amount `json:"cost"`
	Note     string       `json:"note"`
}

// MeasurePatch is the body of PATCH /measures/{id}: the fields given
// change, the others stay.
type MeasurePatch struct {
	Status   *string       `json:"status"`
	Expected *money.Amount `json:"expected"`
	Owner    *string       `json:"owner"`
	Due      *string       `json:"due"`
	Cost     *money.Amount `json:"cost"`
	Note     *string       `json:"note"`
}

// Measure is a gap measure (差距措施) of a customer's plan.
type Measure struct {
	ID        int64        `json:"id"`
	Month     string       `json:"month"` // the plan's, YYYY-MM
	Customer  string       `json:"customer"`
	Rep       string       `json:"rep"`
	Kind      string       `json:"kind"`
	Expected  money.Amount `json:"expected"`
	Owner     string       `json:"owner"`
	Start     civil.Date   `json:"start"`
	Due       civil.Date   `json:"due"`
	Cost      money.Amount `json:"cost"`
	Status    string       `json:"status"`
	Note      string       `json:"note"`
	Effect    Effect       `json:"effect"`
	UpdatedAt time.Time    `json:"updated_at"`
	UpdatedBy string       `json:"updated_by"`
}

// Effect is a measure's actual effect so far (plan.MeasureEffect): what
// the customer paid in its window above what its capacity said it would.
type Effect struct {
	From     civil.Date   `json:"from"`
	To       civil.Date   `json:"to"` // before from while the window has not begun
	Paid     money.Amount `json:"paid"`
	Baseline money.Amount `json:"baseline"`
	Actual   money.Amount `json:"actual"`
}

func measureView(m store.MeasureRow, effects map[int64]plan.Effect) Measure {
	e := effects[m.ID]
	return Measure{ID: m.ID, Month: plan.MonthKey(m.Month), Customer: m.Customer, Rep: m.Rep, Kind: string(m.Kind), Expected: m.Expected,
		Owner: m.Owner, Start: m.Start, Due: m.Due, Cost: m.Cost, Status: string(m.Status), Note: m.Note,
		Effect:    Effect{From: e.From, To: e.To, Paid: e.Paid, Baseline: e.Baseline, Actual: e.Actual},
		UpdatedAt: m.UpdatedAt, UpdatedBy: m.UpdatedBy}
}
