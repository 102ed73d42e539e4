package importer

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/simplifiedchinese"

	"huikuan/internal/errs"
)

// kingdeeInvoicesCSV is a Kingdee template saved as GBK CSV: field keys,
// captions, a 合计 line and an empty line between the rows.
const kingdeeInvoicesCSV = "FBillNo,FDATE,FENDDATE_H,FCustomerID#Number,FALLAMOUNTFOR\r\n" +
	"*(单据头)单据编号,*(单据头)业务日期,*(单据头)到期日,(单据头)客户.编码,价税合计\r\n" +
	"AR2026060001,2026-06-01,2026-07-01,C001,\"12,800.00\"\r\n" +
	"合计,,,,\"12,800.00\"\r\n" +
	"\r\n" +
	"AR2026060002,2026/6/2,2026年7月2日,C002,(1000.00)\r\n"

// kingdeeCustomersBook is a Kingdee 客户 template as XLSX without 地区,
// 信用等级 and 信用期限: field keys on row 1, captions on row 2.
func kingdeeCustomersBook(t *testing.T) []byte {
	return workbook(t, false, map[string][][]any{"客户": {
		{"FNumber", "FName", "FSELLER", "FCreditLimit", "FContact", "FTel"},
		{"(单据头)编码", "*(单据头)名称#中文(简体)", "销售员", "信用额度", "联系人", "联系电话"},
		{"C001", "杭州鑫盛建材有限公司", "R01", 300000, "王建国", "13800571234"},
		{"C002", "宁波甬兴五金有限公司", "", 50000.5, "李卫东", "0574-88881234"},
	}}, "客户")
}

func TestPeek(t *testing.T) {
	tests := []struct {
		name string
		file []byte
		kind string // given
		n    int
		want Sample
	}{
		{
			name: "kingdee csv gb18030, kind detected", file: encode(t, simplifiedchinese.GB18030, kingdeeInvoicesCSV), n: 5,
			want: Sample{
				Read: Detected{Format: FormatCSV, Encoding: "gb18030"}, Kind: KindInvoices, Profile: "kingdee",
				Header:    []string{"*(单据头)单据编号", "*(单据头)业务日期", "*(单据头)到期日", "(单据头)客户.编码", "价税合计"},
				HeaderRow: 2,
				Mapping:   map[string]int{"number": 0, "issue_date": 1, "due_date": 2, "customer": 3, "amount": 4},
				Rows: [][]string{
					{"AR2026060001", "2026-06-01", "2026-07-01", "C001", "12,800.00"},
					{"AR2026060002", "2026/6/2", "2026年7月2日", "C002", "(1000.00)"},
				},
				RowNumbers: []int{3, 6},
			},
		},
		{
			name: "kingdee xlsx customers, three columns missing", file: kingdeeCustomersBook(t), kind: KindCustomers, n: 1,
			want: Sample{
				Read: Detected{Format: FormatXLSX, Sheet: "客户"}, Kind: KindCustomers, Profile: "kingdee",
				Header:     []string{"(单据头)编码", "*(单据头)名称#中文(简体)", "销售员", "信用额度", "联系人", "联系电话"},
				HeaderRow:  2,
				Mapping:    map[string]int{"code": 0, "name": 1, "rep": 2, "credit_limit": 3, "contact": 4, "phone": 5},
				Rows:       [][]string{{"C001", "杭州鑫盛建材有限公司", "R01", "300000", "王建国", "13800571234"}},
				RowNumbers: []int{3},
				Missing:    []string{"region", "credit_tier", "payment_terms_days"},
			},
		},
		{
			name: "short rows padded to the header", file: []byte("code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone\nC1,甲,华东,R1,A,0,30\n"),
			kind: KindCustomers, n: 10,
			want: Sample{
				Read: Detected{Format: FormatCSV, Encoding: "utf-8"}, Kind: KindCustomers, Profile: "huikuan",
				Header:     strings.Split("code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone", ","),
				HeaderRow:  1,
				Mapping:    map[string]int{"code": 0, "name": 1, "region": 2, "rep": 3, "credit_tier": 4, "credit_limit": 5, "payment_terms_days": 6, "contact": 7, "phone": 8},
				Rows:       [][]string{{"C1", "甲", "华东", "R1", "A", "0", "30", "", ""}},
				RowNumbers: []int{2},
			},
		},
		{
			name: "payments missing their amount, kind given", file: []byte("单据编号,业务日期,往来单位编码,金额\nSK1,2026-06-15,C001,5000\n"),
			kind: KindPayments, n: 0,
			want: Sample{
				Read: Detected{Format: FormatCSV, Encoding: "utf-8"}, Kind: KindPayments, Profile: "kingdee",
				Header:    []string{"单据编号", "业务日期", "往来单位编码", "金额"},
				HeaderRow: 1,
				Mapping:   map[string]int{"number": 0, "date": 1, "customer": 2},
				Missing:   []string{"amount"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Peek(bytes.NewReader(tt.file), Options{}, tt.kind, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(Sample{})); diff != "" {
				t.Errorf("sample (-want +got):\n%s", diff)
			}
		})
	}
}

// TestShown: a preview shows dates as they will be read, whatever their
// form (a workbook's serial numbers in the 1900 and 1904 systems, slashes,
// 年月日), and everything else as it is.
func TestShown(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		serial := 46203.0 // 2026-06-30 in the 1900 system
		if date1904 {
			serial -= 1462
		}
		file := workbook(t, date1904, map[string][][]any{"应收单": {
			{"单据编号", "业务日期", "到期日", "客户编码", "价税合计"},
			{"AR1", serial, "2026年7月30日", "C001", 12800.5},
			{"AR2", "2026/6/2", "不是日期", "C002", 100},
		}}, "应收单")
		s, err := Peek(bytes.NewReader(file), Options{}, KindInvoices, 5)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for k := range s.Rows {
			for i := range s.Header {
				got = append(got, s.Shown(k, i))
			}
		}
		want := []string{"AR1", "2026-06-30", "2026-07-30", "C001", "12800.5", "AR2", "2026-06-02", "不是日期", "C002", "100"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("1904 system %v (-want +got):\n%s", date1904, diff)
		}
	}
}

// TestPeekRefused: a header of no kind is DetectKind's *errs.Invalid; an
// unknown kind and an empty file are errors.
func TestPeekRefused(t *testing.T) {
	_, err := Peek(strings.NewReader("日期,摘要,金额\n2026-06-01,x,5\n"), Options{}, "", 5)
	var inv *errs.Invalid
	if !errors.As(err, &inv) || inv.Fields[0].Row != 1 || !strings.Contains(err.Error(), "the header has: 日期, 摘要, 金额") {
		t.Errorf("no kind: err = %v", err)
	}
	if _, err := Peek(strings.NewReader("a\n"), Options{}, "orders", 5); err == nil || !strings.Contains(err.Error(), "orders") {
		t.Errorf("unknown kind: err = %v", err)
	}
	if _, err := Peek(strings.NewReader(""), Options{}, KindInvoices, 5); !errors.As(err, &inv) {
		t.Errorf("empty file: err = %v", err)
	}
}

// TestPeekDetectsWithDefaults: under a custom profile whose defaults cover
// the columns the file lacks, the kind is detected and nothing is missing.
func TestPeekDetectsWithDefaults(t *testing.T) {
	book := kingdeeCustomersBook(t)
	first, err := Peek(bytes.NewReader(book), Options{}, KindCustomers, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Custom("金蝶客户", KindCustomers, first.Header, invert(first.Mapping),
		map[string]string{"region": "华东", "credit_tier": "B", "payment_terms_days": "30"}, kingdeeProfile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Peek(bytes.NewReader(book), Options{Profile: p}, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != KindCustomers || got.Profile != "金蝶客户" || got.Missing != nil || !cmp.Equal(got.RowNumbers, []int{3, 4}) {
		t.Errorf("sample = %+v", got)
	}
}

func TestColumns(t *testing.T) {
	var names []string
	for _, c := range Columns(KindCustomers) {
		if c.Required {
			names = append(names, c.Name)
		} else {
			names = append(names, c.Name+"?")
		}
	}
	want := []string{"code", "name", "region", "rep", "credit_tier", "credit_limit", "payment_terms_days", "contact?", "phone?", "email?"}
	if !cmp.Equal(names, want) {
		t.Errorf("customers = %v, want %v", names, want)
	}
	if got := Columns(KindPayments); len(got) != 5 || got[4] != (Column{Name: "invoices"}) {
		t.Errorf("payments = %v", got)
	}
	if got := Columns("targets"); got != nil {
		t.Errorf("targets = %v, want nil", got)
	}
}

// invert turns a Sample's Mapping into Custom's assign.
func invert(m map[string]int) map[int]string {
	out := make(map[int]string, len(m))
	for col, i := range m {
		out[i] = col
	}
	return out
}

// TestCustomerSynonyms: the customer columns of U8's 客户档案 (field names)
// and of Kingdee's 客户 template and list captions map under their
// profiles.
func TestCustomerSynonyms(t *testing.T) {
	tests := []struct {
		header, profile string
		want            map[string]int
	}{
		{"cCusCode,cCusName,cCusAbbName,cDCCode,cCusPPerson,cCusCreGrade,iCusCreLine,iCusCreDate,cCusPerson,cCusHand", "u8",
			map[string]int{"code": 0, "name": 1, "region": 3, "rep": 4, "credit_tier": 5, "credit_limit": 6, "payment_terms_days": 7, "contact": 8, "phone": 9}},
		{"客户代码,客户名称,地区,销售员,信用等级,信用额度,信用期限,联系人,联系电话", "u8",
			map[string]int{"code": 0, "name": 1, "region": 2, "rep": 3, "credit_tier": 4, "credit_limit": 5, "payment_terms_days": 6, "contact": 7, "phone": 8}},
		{"(单据头)编码,*(单据头)名称#中文(简体),销售员,联系人,联系电话", "kingdee",
			map[string]int{"code": 0, "name": 1, "rep": 2, "contact": 3, "phone": 4}},
	}
	for _, tt := range tests {
		p, _ := ProfileNamed(tt.profile)
		s, err := Peek(strings.NewReader(tt.header+"\n"), Options{Profile: p}, KindCustomers, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(s.Mapping, tt.want) {
			t.Errorf("%s under %s: %v, want %v", tt.header, tt.profile, s.Mapping, tt.want)
		}
	}
}
