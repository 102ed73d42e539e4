package importer

import (
	"errors"
	"testing"

	"huikuan/internal/errs"
)

// TestOddValuesRefused reads rows whose values would be stored as odd
// data — dates far outside any ledger, control characters and broken
// UTF-8 in text, codes that break the calendar feed — and wants each
// refused, naming its row and field.
func TestOddValuesRefused(t *testing.T) {
	const invHead = "number,customer,issue_date,due_date,amount\n"
	const payHead = "number,customer,date,amount,invoices\n"
	const custHead = "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone\n"
	tests := []struct {
		name  string
		read  func(string) error
		in    string
		row   int
		field string
	}{
		{"issue date 0001-01-01", invoices, invHead + "A,C1,2026-01-01,2026-01-31,5\nB,C1,0001-01-01,2026-01-31,5\n", 3, "issue_date"},
		{"due date 9999-12-31", invoices, invHead + "B,C1,2026-01-01,9999-12-31,5\n", 2, "due_date"},
		{"payment date 0001-01-01", payments, payHead + "P,C1,0001-01-01,5,\n", 2, "date"},
		{"payment date 9999-12-31", payments, payHead + "P,C1,9999-12-31,5,\n", 2, "date"},
		{"name with NUL", customers, custHead + "C1,甲\x00乙,华东,R1,A,100,30,,\n", 2, "name"},
		{"name not UTF-8", customers, custHead + "C1,\xff\xfe,华东,R1,A,100,30,,\n", 2, "name"},
		{"contact with a newline", customers, custHead + "C1,甲,华东,R1,A,100,30,\"张\n三\",\n", 2, "contact"},
		{"code with CR LF", customers, custHead + "\"C1\r\nBEGIN:VEVENT\",甲,华东,R1,A,100,30,,\n", 2, "code"},
		{"code with a slash", customers, custHead + "C1/../x,甲,华东,R1,A,100,30,,\n", 2, "code"},
		{"rep with a question mark", customers, custHead + "C1,甲,华东,R1?x=1,A,100,30,,\n", 2, "rep"},
		{"region with a tab", customers, custHead + "C1,甲,\"华\t东\",R1,A,100,30,,\n", 2, "region"},
		{"invoice number with #", invoices, invHead + "A#1,C1,2026-01-01,2026-01-31,5\n", 2, "number"},
		{"payment number with a backslash", payments, payHead + "P\\1,C1,2026-01-01,5,\n", 2, "number"},
		{"payment naming an invoice with CR", payments, payHead + "P,C1,2026-01-01,5,\"A\rB\"\n", 2, "invoices"},
		{"credit limit above the bound", customers, custHead + "C1,甲,华东,R1,A,10000000000.01,30,,\n", 2, "credit_limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.read(tt.in)
			var inv *errs.Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("err = %v, want *errs.Invalid", err)
			}
			for _, f := range inv.Fields {
				if f.Row == tt.row && f.Field == tt.field {
					return
				}
			}
			t.Errorf("no error at row %d, field %s: %v", tt.row, tt.field, inv.Fields)
		})
	}
}
