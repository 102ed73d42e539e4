package importer

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
)

func TestNormHeader(t *testing.T) {
	for in, want := range map[string]string{
		" 单据编号 ":      "单据编号",
		"*业务日期":       "业务日期",
		"价税合计*":       "价税合计",
		"客户.编码":       "客户编码",
		"ＩｎｖｏｉｃｅＤａｔｅ": "invoicedate",
		"*(单据头)单据编号":  "单据编号",
		"（单据头）到期日":    "到期日",
	} {
		if got := normHeader(in); got != want {
			t.Errorf("normHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestKingdeeTemplate reads a Kingdee import template as XLSX: field keys
// on row 1, captions with * on row 2, a 合计 line and a (小计) line that
// are skipped, rows numbered as the sheet shows them.
func TestKingdeeTemplate(t *testing.T) {
	book := workbook(t, false, map[string][][]any{"应收单": {
		{"FBillNo", "FDATE", "FENDDATE_H", "FCustomerID#Number", "*Split*1", "FALLAMOUNTFOR"},
		{"*(单据头)单据编号", "*(单据头)业务日期", "*(单据头)到期日", "(单据头)客户.编码", "间隔列", "价税合计"},
		{"AR2026060001", "2026-06-01", "2026-07-01", "C001", "", "¥12,800.00"},
		{"杭州鑫盛(小计)", "", "", "", "", "12,800.00"},
		{"AR2026060002", "2026/6/2", "2026年7月2日", "C002", "", "(1,000.00)"},
		{"合计", "", "", "", "", "11,800.00"},
	}}, "应收单")
	rows, err := ReadInvoicesFrom(bytes.NewReader(book), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows.Profile != "kingdee" {
		t.Errorf("profile = %q, want kingdee", rows.Profile)
	}
	want := []ledger.Invoice{
		{Number: "AR2026060001", Customer: "C001", Issue: civil.MustParse("2026-06-01"), Due: civil.MustParse("2026-07-01"), Amount: 1280000},
		{Number: "AR2026060002", Customer: "C002", Issue: civil.MustParse("2026-06-02"), Due: civil.MustParse("2026-07-02"), Amount: -100000},
	}
	if diff := cmp.Diff(want, rows.Records); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{3, 5}, rows.Lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

// TestU8GB18030 reads a U8 customer archive saved by Excel as GBK CSV.
func TestU8GB18030(t *testing.T) {
	in := "客户编码,客户名称,地区,专管业务员,信用等级,信用额度,信用期限,联系人,电话\r\n" +
		"0101,宁波甬兴五金有限公司,华东,R02,B,\"300,000.00\",45,李卫东,0574-88881234\r\n" +
		"合计,,,,,\"300,000.00\",,,\r\n"
	rows, err := ReadCustomersFrom(bytes.NewReader(encode(t, simplifiedchinese.GB18030, in)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows.Profile != "u8" || rows.Read.Encoding != "gb18030" {
		t.Errorf("profile %q, read %v; want u8, gb18030", rows.Profile, rows.Read)
	}
	if len(rows.Records) != 1 {
		t.Fatalf("records = %+v", rows.Records)
	}
	c := rows.Records[0]
	if c.Code != "0101" || c.Name != "宁波甬兴五金有限公司" || c.Tier != ledger.TierB || c.CreditLimit != 30000000 || c.TermsDays != 45 || c.Rep != "R02" {
		t.Errorf("customer = %+v", c)
	}
}

func TestU8Invoices(t *testing.T) {
	in := "单据编号,单据日期,客户编码,客户名称,本币金额,到期日期,结算方式\n" +
		"0000000123,2026-05-10,0101,宁波甬兴五金有限公司,\"8,800.00\",2026-06-09,电汇\n"
	rows, err := ReadInvoicesFrom(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := ledger.Invoice{Number: "0000000123", Customer: "0101", Issue: civil.MustParse("2026-05-10"), Due: civil.MustParse("2026-06-09"), Amount: 880000}
	if rows.Profile != "u8" || len(rows.Records) != 1 || rows.Records[0] != want {
		t.Errorf("profile %q, records %+v", rows.Profile, rows.Records)
	}
}

func TestKingdeePayments(t *testing.T) {
	in := "单据编号,业务日期,往来单位编码,往来单位,收款金额,结算方式,收款用途,备注\n" +
		"SKD000001,2026-06-15,C001,杭州鑫盛建材有限公司,\"5,000.00\",电汇,销售收款,六月货款\n"
	rows, err := ReadPaymentsFrom(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows.Profile != "kingdee" || len(rows.Records) != 1 || rows.Records[0].Amount != 500000 || rows.Records[0].Customer != "C001" {
		t.Errorf("profile %q, records %+v", rows.Profile, rows.Records)
	}
}

// TestIBMProfile reads the IBM sample's columns by the profile's M/D/YYYY
// dates, found without being named.
func TestIBMProfile(t *testing.T) {
	in := "countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\n" +
		"391,0379-NEVHP,4/6/2013,0000611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0\n"
	rows, err := ReadInvoicesFrom(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := ledger.Invoice{Number: "0000611365", Customer: "0379-NEVHP", Issue: civil.MustParse("2013-01-02"), Due: civil.MustParse("2013-02-01"), Amount: 5594}
	if rows.Profile != "ibm-ar" || len(rows.Records) != 1 || rows.Records[0] != want {
		t.Errorf("profile %q, records %+v", rows.Profile, rows.Records)
	}
}

// TestMissingColumnNamesHeaders: a forced profile that finds no amount
// gives one error naming what it looked for and what the header has.
func TestMissingColumnNamesHeaders(t *testing.T) {
	in := "单据编号,业务日期,到期日,客户编码,金额\nA1,2026-06-01,2026-07-01,C1,5\n"
	_, err := ReadInvoicesFrom(strings.NewReader(in), Options{Profile: kingdeeProfile})
	var inv *errs.Invalid
	if !errors.As(err, &inv) || len(inv.Fields) != 1 {
		t.Fatalf("err = %v, want one error", err)
	}
	want := errs.FieldError{Row: 1, Field: "amount", Message: `missing column "amount" (价税合计 / 价税合计本位币 / FALLAMOUNTFOR) in the header for profile kingdee; the header has: 单据编号, 业务日期, 到期日, 客户编码, 金额`}
	if diff := cmp.Diff(want, inv.Fields[0]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCustomMapping(t *testing.T) {
	p, err := ReadMapping(strings.NewReader(`{"name": "好业财", "kind": "invoices", "columns": {"amount": ["应收金额"], "customer": ["往来单位编码"], "issue_date": ["日期"], "due_date": ["收款日期"], "number": ["单号"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	in := "单号,日期,往来单位编码,应收金额,收款日期\nX-1,2026-06-01,C1,100,2026-06-30\n"
	rows, err := ReadInvoicesFrom(strings.NewReader(in), Options{Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	if rows.Profile != "好业财" || len(rows.Records) != 1 || rows.Records[0].Amount != 10000 {
		t.Errorf("profile %q, records %+v", rows.Profile, rows.Records)
	}
	for _, bad := range []string{
		`{"name": "x", "kind": "orders", "columns": {}}`,
		`{"name": "x", "kind": "invoices", "columns": {"amonut": ["金额"]}}`,
		`{"kind": "invoices", "columns": {}}`,
		`{"name": "x", "kind": "invoices", "colums": {}}`,
	} {
		if _, err := ReadMapping(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadMapping(%s) accepted", bad)
		}
	}
}

func TestProfileNamed(t *testing.T) {
	if p, err := ProfileNamed("Kingdee"); err != nil || p != kingdeeProfile {
		t.Errorf("ProfileNamed(Kingdee) = %v, %v", p, err)
	}
	if _, err := ProfileNamed("sap"); err == nil || !strings.Contains(err.Error(), "ibm-ar") {
		t.Errorf("ProfileNamed(sap) err = %v", err)
	}
}

func TestDetectKind(t *testing.T) {
	tests := []struct{ head, kind, profile string }{
		{"number,customer,issue_date,due_date,amount", KindInvoices, "huikuan"},
		{"number,customer,date,amount,invoices", KindPayments, "huikuan"},
		{"code,name,region,rep,credit_tier,credit_limit,payment_terms_days", KindCustomers, "huikuan"},
		{"单据编号,业务日期,到期日,客户.编码,客户名称,价税合计,备注", KindInvoices, "kingdee"},
		{"单据编号,业务日期,往来单位编码,往来单位,收款金额,结算方式,收款用途", KindPayments, "kingdee"},
		{"单据编号,单据日期,客户编码,客户名称,原币金额,到期日期", KindInvoices, "u8"},
		{"countryCode,customerID,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,SettledDate", KindInvoices, "ibm-ar"},
	}
	for _, tt := range tests {
		kind, profile, err := DetectKind(strings.NewReader(tt.head+"\n"), Options{})
		if err != nil || kind != tt.kind || profile != tt.profile {
			t.Errorf("%s: %s, %s, %v; want %s, %s", tt.head, kind, profile, err, tt.kind, tt.profile)
		}
	}
	_, _, err := DetectKind(strings.NewReader("日期,摘要,金额\n"), Options{})
	var inv *errs.Invalid
	if !errors.As(err, &inv) || !strings.Contains(err.Error(), "the header has: 日期, 摘要, 金额") {
		t.Errorf("unknown header: err = %v", err)
	}
}

// TestKingdeeBadDate: a bad date under a profile is named by the sheet's
// row and the canonical column.
func TestKingdeeBadDate(t *testing.T) {
	in := "单据编号,业务日期,到期日,客户编码,价税合计\nAR1,2026-06-01,2026-07-01,C1,5\nAR2,2026年2月30日,2026-07-01,C1,5\n"
	_, err := ReadInvoicesFrom(strings.NewReader(in), Options{})
	wantFields(t, err, [][2]any{{3, "issue_date"}})
}
