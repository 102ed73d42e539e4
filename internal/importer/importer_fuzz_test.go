package importer

import (
	"bytes"
	"errors"
	"testing"

	"huikuan/internal/errs"
	"huikuan/internal/ledger"
)

// FuzzReadCSV: the readers never panic, whatever the bytes; every problem
// they report is an *errs.Invalid whose errors each name a line of the
// file; the records read come with their lines, in file order after the
// header; and a file read without error holds only records that pass
// their ledger checks.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []struct {
		kind uint8
		file string
	}{
		{0, "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone\nC1,客户一,华东,R1,B,\"12,000.00\",30,张三,13800000001\n"},
		{1, "number,customer,issue_date,due_date,amount\nI1,C1,2026-01-01,2026-01-31,1.5万\nCN1,C1,2026-02-01,2026-02-01,-100\n"},
		{2, "number,customer,date,amount,invoices\nP1,C1,2026-02-10,\"1,000\",I1; I2\n\n,,,,\n"},
		{1, "\xef\xbb\xbfNumber , Customer,issue_date,due_date,amount\n\"unterminated,C1\n"},
		{2, "number,customer,date,amount\nP1,C1,2026-02-30,1.234\n"},
		{0, ""},
		{1, "a\"b,c\n"},
	} {
		f.Add(s.kind, []byte(s.file))
	}
	f.Fuzz(func(t *testing.T, kind uint8, file []byte) {
		var lines []int
		var err error
		var ok func(i int) bool // whether record i passes its ledger check
		pass := func(check func(*errs.Invalid)) bool {
			var bad errs.Invalid
			check(&bad)
			return bad.Err() == nil
		}
		switch kind % 3 {
		case 0:
			var rows Rows[ledger.Customer]
			rows, err = ReadCustomers(bytes.NewReader(file))
			lines = rows.Lines
			if len(rows.Records) != len(lines) {
				t.Fatalf("%d records, %d lines", len(rows.Records), len(lines))
			}
			ok = func(i int) bool {
				return pass(func(b *errs.Invalid) { ledger.CheckCustomer(rows.Records[i], lines[i], b) })
			}
		case 1:
			var rows Rows[ledger.Invoice]
			rows, err = ReadInvoices(bytes.NewReader(file))
			lines = rows.Lines
			if len(rows.Records) != len(lines) {
				t.Fatalf("%d records, %d lines", len(rows.Records), len(lines))
			}
			ok = func(i int) bool {
				return pass(func(b *errs.Invalid) { ledger.CheckInvoice(rows.Records[i], lines[i], b) })
			}
		default:
			var rows Rows[ledger.Payment]
			rows, err = ReadPayments(bytes.NewReader(file))
			lines = rows.Lines
			if len(rows.Records) != len(lines) {
				t.Fatalf("%d records, %d lines", len(rows.Records), len(lines))
			}
			ok = func(i int) bool {
				return pass(func(b *errs.Invalid) { ledger.CheckPayment(rows.Records[i], lines[i], b) })
			}
		}
		for i, l := range lines {
			if l < 2 || (i > 0 && l <= lines[i-1]) {
				t.Fatalf("record lines %v: want increasing lines after the header", lines)
			}
		}
		if err == nil {
			for i := range lines {
				if !ok(i) {
					t.Fatalf("read without error, but the record of line %d fails its check", lines[i])
				}
			}
			return
		}
		var inv *errs.Invalid
		if !errors.As(err, &inv) || len(inv.Fields) == 0 {
			t.Fatalf("error %v (%T), want *errs.Invalid with field errors", err, err)
		}
		for _, fe := range inv.Fields {
			if fe.Row < 1 {
				t.Fatalf("error %q names no line", fe.Error())
			}
		}
	})
}
