package importer

import (
	"io"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// Rows are the records read from one file and the line each came from.
type Rows[T any] struct {
	Records []T
	Lines   []int
}

// readRows reads a file with the given columns, turning each non-blank row
// into a record with parse.
func readRows[T any](r io.Reader, cols []column, parse func(t *table) T) (Rows[T], error) {
	var out Rows[T]
	t, err := newTable(r, cols)
	if err != nil {
		return out, err
	}
	for {
		ok, err := t.next()
		if err != nil {
			return out, err
		}
		if !ok {
			return out, t.done()
		}
		if !t.blank() {
			out.Records = append(out.Records, parse(t))
			out.Lines = append(out.Lines, t.line)
		}
	}
}

var customerColumns = []column{
	{"code", true}, {"name", true}, {"region", true}, {"rep", true}, {"credit_tier", true},
	{"credit_limit", true}, {"payment_terms_days", true}, {"contact", false}, {"phone", false},
}

// ReadCustomers reads a customers file in the canonical format. Problems
// come back as *errs.Invalid with the line and column of each.
func ReadCustomers(r io.Reader) (Rows[ledger.Customer], error) {
	return readRows(r, customerColumns, func(t *table) ledger.Customer {
		c := ledger.Customer{
			Code: t.text("code", 64, true), Name: t.text("name", 200, true), Region: t.text("region", 64, true),
			Rep: t.text("rep", 64, true), Contact: t.text("contact", 100, false), Phone: t.text("phone", 40, false),
		}
		c.Tier = ledger.Tier(strings.ToUpper(t.get("credit_tier")))
		if !c.Tier.Valid() {
			t.fail("credit_tier", "credit tier must be A, B, C or D, not %q", t.get("credit_tier"))
		}
		var valid bool
		if c.CreditLimit, valid = t.amount("credit_limit"); valid && c.CreditLimit < 0 {
			t.fail("credit_limit", "a credit limit cannot be negative")
		}
		c.TermsDays = t.days("payment_terms_days")
		return c
	})
}

var invoiceColumns = []column{{"number", true}, {"customer", true}, {"issue_date", true}, {"due_date", true}, {"amount", true}}

// ReadInvoices reads an invoices file in the canonical format; a negative
// amount is a credit note.
func ReadInvoices(r io.Reader) (Rows[ledger.Invoice], error) {
	return readRows(r, invoiceColumns, func(t *table) ledger.Invoice {
		inv := ledger.Invoice{Number: t.text("number", 64, true), Customer: t.text("customer", 64, true)}
		inv.Issue, inv.Due = t.date("issue_date"), t.date("due_date")
		if inv.Issue != 0 && inv.Due != 0 && inv.Due < inv.Issue {
			t.fail("due_date", "due date %s is before the issue date %s", inv.Due, inv.Issue)
		}
		var valid bool
		if inv.Amount, valid = t.amount("amount"); valid && inv.Amount == 0 {
			t.fail("amount", "an invoice amount cannot be zero")
		}
		return inv
	})
}

var paymentColumns = []column{{"number", true}, {"customer", true}, {"date", true}, {"amount", true}, {"invoices", false}}

// ReadPayments reads a payments file in the canonical format; the
// invoices column lists invoice numbers separated by ";".
func ReadPayments(r io.Reader) (Rows[ledger.Payment], error) {
	return readRows(r, paymentColumns, func(t *table) ledger.Payment {
		p := ledger.Payment{Number: t.text("number", 64, true), Customer: t.text("customer", 64, true), Date: t.date("date")}
		var valid bool
		if p.Amount, valid = t.amount("amount"); valid && p.Amount <= 0 {
			t.fail("amount", "a payment amount must be positive, not %s", t.get("amount"))
		}
		if list := t.get("invoices"); list != "" {
			for _, n := range strings.Split(list, ";") {
				if n = strings.TrimSpace(n); n != "" {
					p.Invoices = append(p.Invoices, n)
				}
			}
		}
		return p
	})
}

// text returns a column's value, checking presence and length.
func (t *table) text(col string, maxLen int, required bool) string {
	v := t.get(col)
	if v == "" && required {
		t.fail(col, "%s is empty", col)
	} else if len([]rune(v)) > maxLen {
		t.fail(col, "%s is longer than %d characters", col, maxLen)
	}
	return v
}

// amount returns a column's amount and whether it was one.
func (t *table) amount(col string) (money.Amount, bool) {
	v := t.get(col)
	if v == "" {
		t.fail(col, "%s is empty", col)
		return 0, false
	}
	a, err := money.Parse(v)
	if err != nil {
		t.fail(col, "%q: %v", v, err)
		return 0, false
	}
	return a, true
}

func (t *table) date(col string) civil.Date {
	v := t.get(col)
	if v == "" {
		t.fail(col, "%s is empty", col)
		return 0
	}
	d, err := civil.Parse(v)
	if err != nil {
		t.fail(col, "%q is not a date: want YYYY-MM-DD", v)
	}
	return d
}

func (t *table) days(col string) int {
	v := t.get(col)
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 3650 {
		t.fail(col, "%q is not a number of days between 0 and 3650", v)
	}
	return n
}
