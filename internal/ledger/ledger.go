// Package ledger is the receivables ledger of huikuan as pure functions:
// the documents of one customer (invoices, credit notes, payments,
// disputes), how payments are allocated to invoices, aging and the
// statement. Nothing here touches a database; the store loads documents,
// calls these functions and saves what they return.
package ledger

import (
	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Tier is a customer's credit tier, A (best) to D (worst).
type Tier string

// The credit tiers.
const (
	TierA Tier = "A"
	TierB Tier = "B"
	TierC Tier = "C"
	TierD Tier = "D"
)

// Valid reports whether t is one of the four tiers.
func (t Tier) Valid() bool { return t == TierA || t == TierB || t == TierC || t == TierD }

// Region is a sales region (华东, 华南, …).
type Region struct {
	ID   int64
	Name string
}

// Rep is a sales rep (业务员) who owns customers. Logins and roles belong to
// users, which point at a rep.
type Rep struct {
	ID     int64
	Code   string
	Name   string
	Region string
	Team   string // the sales team a manager leads; empty for none
}

// Customer is a dealer that buys on credit.
type Customer struct {
	ID          int64
	Code        string
	Name        string
	Region      string
	Rep         string // the owner rep's code
	Tier        Tier
	CreditLimit money.Amount
	TermsDays   int
	Contact     string
	Phone       string
	Email       string // where its monthly statement goes; "" for none
}

// Invoice is an amount the customer owes from its issue date, due on its
// due date. A negative amount is a credit note (红字), which gives credit
// like a payment dated on its issue date.
type Invoice struct {
	ID       int64
	Number   string
	Customer string
	Issue    civil.Date
	Due      civil.Date
	Amount   money.Amount
	// Electronic says the invoice was sent as an e-invoice (电子发票), not
	// on paper: where an ERP records it, customers often pay those sooner.
	Electronic bool
}

// IsCreditNote reports whether the invoice is a credit note.
func (inv Invoice) IsCreditNote() bool { return inv.Amount < 0 }

// Payment is money received from a customer. Invoices lists the invoice
// numbers the customer said it pays, which are settled first.
type Payment struct {
	ID       int64
	Number   string
	Customer string
	Date     civil.Date
	Amount   money.Amount
	Invoices []string
}

// Dispute sets part of an invoice aside: the amount is held out of
// allocation and aging from Opened until Resolved (civil.Never while open).
type Dispute struct {
	ID       int64
	Invoice  string // invoice number
	Amount   money.Amount
	Opened   civil.Date
	Resolved civil.Date
	Note     string
}

// Book is all the documents of one customer.
type Book struct {
	Invoices []Invoice
	Payments []Payment
	Disputes []Dispute
}
