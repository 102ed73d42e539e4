package importer

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

func TestReadInvoices(t *testing.T) {
	in := "\xef\xbb\xbfnumber,customer,issue_date,due_date,amount,extra\n" +
		"INV-1,C001,2026-03-05,2026-04-04,\"120,000.50\",x\n" +
		"\n" +
		" CN-1 , C001 ,2026-03-06,2026-03-06,-500,\n"
	rows, err := ReadInvoices(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []ledger.Invoice{
		{Number: "INV-1", Customer: "C001", Issue: civil.MustParse("2026-03-05"), Due: civil.MustParse("2026-04-04"), Amount: 12000050},
		{Number: "CN-1", Customer: "C001", Issue: civil.MustParse("2026-03-06"), Due: civil.MustParse("2026-03-06"), Amount: -50000},
	}
	if diff := cmp.Diff(want, rows.Records); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{2, 4}, rows.Lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestReadPayments(t *testing.T) {
	in := "number,customer,date,amount,invoices\nP1,C001,2026-04-02,100,INV-1; INV-2\nP2,C001,2026-04-03,0.01,\n"
	rows, err := ReadPayments(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := rows.Records[0].Invoices; !cmp.Equal(got, []string{"INV-1", "INV-2"}) {
		t.Errorf("invoices = %q", got)
	}
	if rows.Records[1].Amount != money.Amount(1) || rows.Records[1].Invoices != nil {
		t.Errorf("second payment = %+v", rows.Records[1])
	}
}

func TestReadCustomers(t *testing.T) {
	in := "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone\n" +
		"C001,杭州鑫盛建材有限公司,华东,R01,a,500000,30,王建国,13800571234\n"
	rows, err := ReadCustomers(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := ledger.Customer{Code: "C001", Name: "杭州鑫盛建材有限公司", Region: "华东", Rep: "R01", Tier: ledger.TierA, CreditLimit: money.Yuan(500000), TermsDays: 30, Contact: "王建国", Phone: "13800571234"}
	if diff := cmp.Diff([]ledger.Customer{want}, rows.Records); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestErrors covers every kind of row error: each names the line and the
// column, and a file with any error yields no records to write.
// TestReadElectronic: the optional electronic column takes the ways a
// yes or a no is written, a blank cell or a missing column being no.
func TestReadElectronic(t *testing.T) {
	in := "number,customer,issue_date,due_date,amount,电子发票\n"
	want := []bool{}
	for i, v := range []string{"yes", "no", "", "是", "否", "TRUE", "0", "Electronic", "Paper", "电子", "纸质"} {
		in += fmt.Sprintf("INV-%d,C001,2026-03-05,2026-04-04,100,%s\n", i, v)
		want = append(want, i == 0 || i == 3 || i == 5 || i == 7 || i == 9)
	}
	rows, err := ReadInvoicesFrom(strings.NewReader(in), Options{Format: FormatCSV, Profile: kingdeeProfile})
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	for _, inv := range rows.Records {
		got = append(got, inv.Electronic)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("electronic (-want +got):\n%s", diff)
	}
}

func TestErrors(t *testing.T) {
	const invHead = "number,customer,issue_date,due_date,amount\n"
	const payHead = "number,customer,date,amount,invoices\n"
	const custHead = "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone\n"
	tests := []struct {
		name string
		read func(string) error
		in   string
		want []errs.FieldError
	}{
		{"empty file", invoices, "", []errs.FieldError{{Row: 1, Message: "the file is empty: a header row is needed"}}},
		{"missing column", invoices, "number,customer,issue_date,amount\n", []errs.FieldError{{Row: 1, Field: "due_date", Message: `missing column "due_date" in the header for profile huikuan; the header has: number, customer, issue_date, amount`}}},
		{"malformed CSV", invoices, invHead + "A,C1,\"2026-01-01,2026-01-31,5\n", []errs.FieldError{{Row: 2, Message: "malformed CSV: extraneous or missing \" in quoted-field"}}},
		{"empty number", invoices, invHead + ",C1,2026-01-01,2026-01-31,5\n", []errs.FieldError{{Row: 2, Field: "number", Message: "number is empty"}}},
		{"bad date", invoices, invHead + "A,C1,2026-02-30,2026-03-31,5\n", []errs.FieldError{{Row: 2, Field: "issue_date", Message: `"2026-02-30" is not a date: want YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, YYYYMMDD or a spreadsheet date`}}},
		{"due before issue", invoices, invHead + "A,C1,2026-03-01,2026-02-01,5\n", []errs.FieldError{{Row: 2, Field: "due_date", Message: "due date 2026-02-01 is before the issue date 2026-03-01"}}},
		{"three decimals", invoices, invHead + "A,C1,2026-03-01,2026-03-31,5.001\n", []errs.FieldError{{Row: 2, Field: "amount", Message: `"5.001": not an amount: expected yuan with at most two decimals, like 1234.50`}}},
		{"bad electronic", invoices, "number,customer,issue_date,due_date,amount,electronic\nA,C1,2026-03-01,2026-03-31,5,maybe\n", []errs.FieldError{{Row: 2, Field: "electronic", Message: `"maybe" is not yes or no: want yes/no, true/false, 1/0, 是/否 or electronic/paper`}}},
		{"zero amount", invoices, invHead + "A,C1,2026-03-01,2026-03-31,0\n", []errs.FieldError{{Row: 2, Field: "amount", Message: "an invoice amount cannot be zero"}}},
		{"huge amount", invoices, invHead + "A,C1,2026-03-01,2026-03-31,99999999999999999\n", []errs.FieldError{{Row: 2, Field: "amount", Message: `"99999999999999999": amount out of range: at most ¥10,000,000,000`, Code: errs.CodeRange}}},
		{"negative payment", payments, payHead + "P,C1,2026-03-01,-5,\n", []errs.FieldError{{Row: 2, Field: "amount", Message: "a payment amount must be positive, not -5.00"}}},
		{"empty payment date", payments, payHead + "P,C1,,5,\n", []errs.FieldError{{Row: 2, Field: "date", Message: "date is empty"}}},
		{"bad tier", customers, custHead + "C1,甲,华东,R1,E,100,30,,\n", []errs.FieldError{{Row: 2, Field: "credit_tier", Message: `credit tier must be A, B, C or D, not "E"`}}},
		{"negative limit", customers, custHead + "C1,甲,华东,R1,A,-100,30,,\n", []errs.FieldError{{Row: 2, Field: "credit_limit", Message: "a credit limit cannot be negative"}}},
		{"bad email", customers, "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,email\nC1,甲,华东,R1,A,100,30,王总 <wang@x.cn>\n", []errs.FieldError{{Row: 2, Field: "email", Message: `"王总 <wang@x.cn>" is not an e-mail address (want name@example.com)`}}},
		{"email without a domain", customers, "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,email\nC1,甲,华东,R1,A,100,30,wang@localhost\n", []errs.FieldError{{Row: 2, Field: "email", Message: `"wang@localhost" is not an e-mail address (want name@example.com)`}}},
		{"bad terms", customers, custHead + "C1,甲,华东,R1,A,100,thirty,,\n", []errs.FieldError{{Row: 2, Field: "payment_terms_days", Message: `"thirty" is not a number of days between 0 and 3650`}}},
		{"several rows", invoices, invHead + "A,C1,2026-03-01,2026-03-31,5\nB,,2026-03-01,2026-03-31,x\n", []errs.FieldError{
			{Row: 3, Field: "amount", Message: `"x": not an amount: expected yuan with at most two decimals, like 1234.50`},
			{Row: 3, Field: "customer", Message: "customer is empty"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.read(tt.in)
			var inv *errs.Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("err = %v, want *errs.Invalid", err)
			}
			if diff := cmp.Diff(tt.want, inv.Fields); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func invoices(s string) error  { _, err := ReadInvoices(strings.NewReader(s)); return err }
func payments(s string) error  { _, err := ReadPayments(strings.NewReader(s)); return err }
func customers(s string) error { _, err := ReadCustomers(strings.NewReader(s)); return err }

func TestTooManyErrorsStops(t *testing.T) {
	var b strings.Builder
	b.WriteString("number,customer,issue_date,due_date,amount\n")
	for range 200 {
		b.WriteString("A,C1,bad,2026-01-01,1\n")
	}
	err := invoices(b.String())
	var inv *errs.Invalid
	if !errors.As(err, &inv) || len(inv.Fields) != maxErrors+1 {
		t.Fatalf("got %v", err)
	}
	if last := inv.Fields[maxErrors].Message; last != "stopped after 50 errors" {
		t.Errorf("last message = %q", last)
	}
}
