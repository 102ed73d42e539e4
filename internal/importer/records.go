package importer

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"huikuan/internal/errs"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// Rows are the records read from one file and the line each came from.
type Rows[T any] struct {
	Records []T
	Lines   []int
	Read    Detected // how the file was read; set once it is opened, errors or not
	Profile string   // the header mapping profile used; set once the header is read
}

// readRows reads a file with the given columns, turning each non-blank row
// into a record with parse, and checking it with check; a column that could
// not be parsed is not checked again.
func readRows[T any](r io.Reader, opts Options, kind string, cols []column, parse func(t *table) T, check func(T, int, *errs.Invalid)) (Rows[T], error) {
	var out Rows[T]
	src, err := openSource(r, opts)
	if err != nil {
		return out, err
	}
	out.Read = src.detected // also when the file is refused, to explain why
	t, err := newTable(src, opts, kind, cols)
	if err != nil {
		return out, err
	}
	out.Profile = t.profile.Name
	defer src.Close()
	for {
		ok, err := t.next()
		if err != nil {
			return out, err
		}
		if !ok {
			return out, t.done()
		}
		if t.blank() || t.skipTotals && totalLine(t.rec) {
			continue
		}
		var row errs.Invalid // this row's problems
		t.row = &row
		rec := parse(t)
		row.Also(func(more *errs.Invalid) { check(rec, t.line, more) })
		t.bad.Fields = append(t.bad.Fields, row.Fields...)
		out.Records = append(out.Records, rec)
		out.Lines = append(out.Lines, t.line)
	}
}

var customerColumns = []column{
	{"code", true}, {"name", true}, {"region", true}, {"rep", true}, {"credit_tier", true},
	{"credit_limit", true}, {"payment_terms_days", true}, {"contact", false}, {"phone", false},
	{"email", false},
}

// ReadCustomers reads a customers CSV file in the canonical format, its
// encoding and separator detected. Problems come back as *errs.Invalid
// with the line and column of each.
func ReadCustomers(r io.Reader) (Rows[ledger.Customer], error) {
	return ReadCustomersFrom(r, Options{Format: FormatCSV})
}

// ReadCustomersFrom is ReadCustomers for a file of any format and encoding
// (see Options); XLSX is held in memory while it is read.
func ReadCustomersFrom(r io.Reader, opts Options) (Rows[ledger.Customer], error) {
	return readRows(r, opts, KindCustomers, customerColumns, parseCustomer, ledger.CheckCustomer)
}

func parseCustomer(t *table) ledger.Customer {
	c := ledger.Customer{
		Code: t.get("code"), Name: t.get("name"), Region: t.get("region"), Rep: t.get("rep"),
		Contact: t.get("contact"), Phone: t.get("phone"), Email: t.get("email"), Tier: ledger.Tier(strings.ToUpper(t.get("credit_tier"))),
	}
	c.CreditLimit, _ = t.amount("credit_limit")
	c.TermsDays = t.days("payment_terms_days")
	return c
}

var invoiceColumns = []column{{"number", true}, {"customer", true}, {"issue_date", true}, {"due_date", true}, {"amount", true}, {"electronic", false}}

// ReadInvoices reads an invoices file in the canonical format; a negative
// amount is a credit note.
func ReadInvoices(r io.Reader) (Rows[ledger.Invoice], error) {
	return ReadInvoicesFrom(r, Options{Format: FormatCSV})
}

// ReadInvoicesFrom is ReadInvoices for a file of any format and encoding.
func ReadInvoicesFrom(r io.Reader, opts Options) (Rows[ledger.Invoice], error) {
	return readRows(r, opts, KindInvoices, invoiceColumns, parseInvoice, ledger.CheckInvoice)
}

func parseInvoice(t *table) ledger.Invoice {
	inv := ledger.Invoice{Number: t.docNumber("number"), Customer: t.get("customer"), Issue: t.date("issue_date"), Due: t.date("due_date"),
		Electronic: t.flag("electronic")}
	inv.Amount, _ = t.amount("amount")
	return inv
}

var paymentColumns = []column{{"number", true}, {"customer", true}, {"date", true}, {"amount", true}, {"invoices", false}}

// ReadPayments reads a payments file in the canonical format; the
// invoices column lists invoice numbers separated by ";".
func ReadPayments(r io.Reader) (Rows[ledger.Payment], error) {
	return ReadPaymentsFrom(r, Options{Format: FormatCSV})
}

// ReadPaymentsFrom is ReadPayments for a file of any format and encoding.
func ReadPaymentsFrom(r io.Reader, opts Options) (Rows[ledger.Payment], error) {
	return readRows(r, opts, KindPayments, paymentColumns, parsePayment, ledger.CheckPayment)
}

func parsePayment(t *table) ledger.Payment {
	p := ledger.Payment{Number: t.docNumber("number"), Customer: t.get("customer"), Date: t.date("date")}
	p.Amount, _ = t.amount("amount")
	if list := t.get("invoices"); list != "" {
		for _, n := range strings.Split(list, ";") {
			if n = strings.TrimSpace(n); n != "" {
				p.Invoices = append(p.Invoices, n)
			}
		}
	}
	return p
}

// amount returns a column's amount and whether it was one.
func (t *table) amount(col string) (money.Amount, bool) {
	v := t.get(col)
	if v == "" {
		return 0, false // the record's check reports it
	}
	if t.src.numeric {
		v = cellNumber(v)
	}
	a, err := parseAmount(v)
	if errors.Is(err, money.ErrRange) {
		t.row.AddCode(t.line, col, errs.CodeRange, "%q: %v", v, err)
		return 0, false
	} else if err != nil {
		t.fail(col, "%q: %v", v, err)
		return 0, false
	}
	return a, true
}

func (t *table) date(col string) civil.Date {
	v := t.get(col)
	if v == "" {
		return 0 // the record's check reports it
	}
	d, err := parseDate(v, t.dates)
	if err != nil {
		t.fail(col, "%q is not a date: want YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, YYYYMMDD or a spreadsheet date", v)
	}
	return d
}

// docNumber returns an invoice or payment number, refusing one that a
// spreadsheet turned into a number and rounded.
func (t *table) docNumber(col string) string {
	v := t.get(col)
	if why := lostDigits(v, t.src.numeric); why != "" {
		t.fail(col, "%s", why)
	}
	return v
}

// flags are the yes-or-no cells a flag column takes, folded to lower
// case; a blank cell is no.
var flags = map[string]bool{
	"": false, "no": false, "n": false, "false": false, "0": false, "否": false, "paper": false, "纸质": false, "纸质发票": false,
	"yes": true, "y": true, "true": true, "1": true, "是": true, "electronic": true, "电子": true, "电子发票": true,
}

// flag reads a yes-or-no column: an invoice's electronic, say.
func (t *table) flag(col string) bool {
	v := t.get(col)
	b, ok := flags[strings.ToLower(v)]
	if !ok {
		t.fail(col, "%q is not yes or no: want yes/no, true/false, 1/0, 是/否 or electronic/paper", v)
	}
	return b
}

func (t *table) days(col string) int {
	v := t.get(col)
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 3650 {
		t.fail(col, "%q is not a number of days between 0 and 3650", v)
	}
	return n
}

var targetColumns = []column{{"month", true}, {"rep", true}, {"target", true}}

// Target is a row of a targets file: a rep's collection target for a
// month (its first day).
type Target struct {
	Month  civil.Date
	Rep    string
	Amount money.Amount
}

// ReadTargets reads a targets file: month (YYYY-MM), rep (code), target
// (yuan).
func ReadTargets(r io.Reader) (Rows[Target], error) {
	return readRows(r, Options{}, "targets", targetColumns, func(t *table) Target {
		tg := Target{Month: t.month("month"), Rep: t.get("rep")}
		if t.get("target") == "" {
			t.fail("target", "the target is required: an amount in yuan, 0 for none")
		}
		tg.Amount, _ = t.amount("target")
		return tg
	}, func(tg Target, row int, bad *errs.Invalid) {
		ledger.CheckCode(bad, row, "rep", tg.Rep)
	})
}

// month reads a YYYY-MM column as the month's first day.
func (t *table) month(col string) civil.Date {
	v := t.get(col)
	if v == "" {
		t.fail(col, "the month is required: want YYYY-MM")
		return 0
	}
	d, err := civil.Parse(v + "-01")
	if err != nil || len(v) != 7 {
		t.fail(col, "%q is not a month: want YYYY-MM", v)
		return 0
	}
	return d
}
