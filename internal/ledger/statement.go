package ledger

import (
	"cmp"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Entry kinds on a statement.
const (
	EntryInvoice    = "invoice"
	EntryCreditNote = "credit_note"
	EntryPayment    = "payment"
)

// StatementEntry is one document on a statement. Amount is what the
// document adds to the balance: positive for an invoice, negative for a
// credit note or a payment.
type StatementEntry struct {
	Date    civil.Date   `json:"date"`
	Kind    string       `json:"kind"`
	Number  string       `json:"number"`
	Due     *civil.Date  `json:"due_date,omitempty"`
	Amount  money.Amount `json:"amount"`
	Balance money.Amount `json:"balance"`
}

// Statement is a customer's account between two dates: the balance before
// From, every document dated From..To with the running balance, and the
// balance at the end of To. A negative balance is prepayment.
type Statement struct {
	Customer string           `json:"customer"`
	Name     string           `json:"name"`
	From     civil.Date       `json:"from"`
	To       civil.Date       `json:"to"`
	Currency string           `json:"currency"`
	Opening  money.Amount     `json:"opening_balance"`
	Entries  []StatementEntry `json:"entries"`
	Closing  money.Amount     `json:"closing_balance"`
}

// MakeStatement builds the statement of one customer's book between from
// and to, both inclusive; a zero from means since the first document.
// Entries of one day are ordered invoices first, then credit notes, then
// payments, each by number, as Allocate orders them.
func MakeStatement(c Customer, b Book, from, to civil.Date) Statement {
	return StatementWithOpening(c, 0, b, from, to)
}

// StatementWithOpening is MakeStatement for a book that holds only some
// of the documents dated before from, opening being the balance of the
// others: the store reads the opening balance as two sums and the
// period's documents alone.
func StatementWithOpening(c Customer, opening money.Amount, b Book, from, to civil.Date) Statement {
	s := Statement{Customer: c.Code, Name: c.Name, From: from, To: to, Currency: "CNY", Entries: []StatementEntry{}, Opening: opening}
	var all []StatementEntry
	for _, inv := range b.Invoices {
		e := StatementEntry{Date: inv.Issue, Kind: EntryInvoice, Number: inv.Number, Amount: inv.Amount}
		if inv.IsCreditNote() {
			e.Kind = EntryCreditNote
		} else {
			due := inv.Due
			e.Due = &due
		}
		all = append(all, e)
	}
	for _, p := range b.Payments {
		all = append(all, StatementEntry{Date: p.Date, Kind: EntryPayment, Number: p.Number, Amount: -p.Amount})
	}
	order := map[string]int{EntryInvoice: 0, EntryCreditNote: 1, EntryPayment: 2}
	slices.SortFunc(all, func(x, y StatementEntry) int {
		return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(order[x.Kind], order[y.Kind]), cmp.Compare(x.Number, y.Number))
	})
	if from == 0 && len(all) > 0 {
		s.From = min(all[0].Date, to)
	}
	bal := opening
	for _, e := range all {
		if e.Date > to {
			break
		}
		bal += e.Amount
		if e.Date < from {
			s.Opening = bal
			continue
		}
		e.Balance = bal
		s.Entries = append(s.Entries, e)
	}
	s.Closing = bal
	return s
}
