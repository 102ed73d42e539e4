package api

import (
	"huikuan/internal/civil"
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
