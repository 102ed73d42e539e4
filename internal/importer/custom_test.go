package importer

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// TestCustomExact: a profile made by Custom, matched against the header it
// was made on, gives back exactly the columns assigned — repeated headers,
// a header that is another column's canonical name or synonym, a column
// assigned twice and ignored choices included — and Peek shows the same.
func TestCustomExact(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		header string
		assign map[int]string
		want   map[string]int
	}{
		{"kingdee invoices as peeked", KindInvoices, "*(单据头)单据编号,*(单据头)业务日期,*(单据头)到期日,(单据头)客户.编码,价税合计",
			map[int]string{0: "number", 1: "issue_date", 2: "due_date", 3: "customer", 4: "amount"},
			map[string]int{"number": 0, "issue_date": 1, "due_date": 2, "customer": 3, "amount": 4}},
		{"a repeated header against the canonical order", KindInvoices, "单号,日期,日期,客户,金额",
			map[int]string{0: "number", 1: "due_date", 2: "issue_date", 3: "customer", 4: "amount"},
			map[string]int{"number": 0, "due_date": 1, "issue_date": 2, "customer": 3, "amount": 4}},
		{"the second of a repeated header, the first ignored", KindInvoices, "单号,金额,金额,客户",
			map[int]string{0: "number", 2: "amount", 3: "customer"},
			map[string]int{"number": 0, "amount": 2, "customer": 3}},
		{"repeats that fold to one name", KindPayments, "单号, 金额 ,金额,＊金额＊",
			map[int]string{3: "amount", 1: "invoices"},
			map[string]int{"amount": 3, "invoices": 1}},
		{"a column assigned twice: the later wins", KindInvoices, "单号,开票日期,业务日期,客户",
			map[int]string{0: "number", 1: "issue_date", 2: "issue_date"},
			map[string]int{"number": 0, "issue_date": 2}},
		{"canonical names mean only what was assigned", KindCustomers, "code,region,rep,amount,name",
			map[int]string{0: "code", 1: "rep", 2: "region", 3: "", 4: "nmae"},
			map[string]int{"code": 0, "rep": 1, "region": 2}},
		{"one header, synonym of two kingdee columns", KindPayments, "单据编号,客户编码,往来单位编码,业务日期,收款金额",
			map[int]string{0: "number", 2: "customer", 3: "date", 4: "amount"},
			map[string]int{"number": 0, "customer": 2, "date": 3, "amount": 4}},
		{"a header ending in #digits", KindInvoices, "单号#1,单号1,客户",
			map[int]string{1: "number", 0: "customer"},
			map[string]int{"customer": 0, "number": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := strings.Split(tt.header, ",")
			p, err := Custom("自定义", tt.kind, head, tt.assign, nil, kingdeeProfile)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Exact || !p.SkipTotals || p.MonthFirst {
				t.Errorf("profile flags = exact %v, skip totals %v, month first %v", p.Exact, p.SkipTotals, p.MonthFirst)
			}
			if got := p.match(tt.kind, head, kindColumns[tt.kind]).index; !cmp.Equal(got, tt.want) {
				t.Errorf("match = %v, want %v", got, tt.want)
			}
			s, err := Peek(strings.NewReader(tt.header+"\n"), Options{Profile: p}, tt.kind, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !cmp.Equal(s.Mapping, tt.want) || s.Profile != "自定义" {
				t.Errorf("Peek mapping = %v under %s, want %v", s.Mapping, s.Profile, tt.want)
			}
		})
	}
}

// TestCustomRoundTripPeek: Peek's Mapping, given back to Custom, makes a
// profile under which Peek maps the file the same and the file reads.
func TestCustomRoundTripPeek(t *testing.T) {
	file := encode(t, simplifiedchinese.GB18030, kingdeeInvoicesCSV)
	first, err := Peek(bytes.NewReader(file), Options{}, "", 5)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Custom("我的金蝶", first.Kind, first.Header, invert(first.Mapping), nil, kingdeeProfile)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Peek(bytes.NewReader(file), Options{Profile: p}, "", 5)
	if err != nil {
		t.Fatal(err)
	}
	first.Profile = "我的金蝶"
	if diff := cmp.Diff(first, again, cmp.AllowUnexported(Sample{}, dateOpts{})); diff != "" {
		t.Errorf("sample under the custom profile (-first +again):\n%s", diff)
	}
	rows, err := ReadInvoicesFrom(bytes.NewReader(file), Options{Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows.Records) != 2 || rows.Records[1].Amount != -100000 || !cmp.Equal(rows.Lines, []int{3, 6}) {
		t.Errorf("records %+v, lines %v", rows.Records, rows.Lines)
	}
}

func TestCustomRefused(t *testing.T) {
	head := []string{"单号", "", "客户"}
	tests := []struct {
		name, profile, kind string
		assign              map[int]string
		want                string
	}{
		{"no name", " ", KindInvoices, nil, "name"},
		{"a built-in name", "Kingdee", KindInvoices, nil, "built-in"},
		{"unknown kind", "x", "orders", nil, `"orders"`},
		{"index past the header", "x", KindInvoices, map[int]string{3: "number"}, "column 4 for number"},
		{"negative index", "x", KindInvoices, map[int]string{-1: "number"}, "column 0 for number"},
		{"no header text", "x", KindInvoices, map[int]string{1: "amount"}, "column 2 for amount has no header"},
	}
	for _, tt := range tests {
		if _, err := Custom(tt.profile, tt.kind, head, tt.assign, nil, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one saying %s", tt.name, err, tt.want)
		}
	}
}

// kingdeeCustomersCSV lacks 地区, 信用等级 and 信用期限; C002 has no rep.
const kingdeeCustomersCSV = "客户编码,客户名称,销售员,信用额度,联系人,联系电话\n" +
	"C001,杭州鑫盛建材有限公司,R01,\"300,000.00\",王建国,13800571234\n" +
	"C002,宁波甬兴五金有限公司,,50000.50,李卫东,0574-88881234\n"

// TestDefaultsLoadKingdeeCustomers: a Kingdee customer list without
// 地区/信用等级/信用期限 is refused under the built-in profile and loads
// under a profile with defaults, as CSV and as XLSX, built by Custom or
// read from a mapping file; a blank cell takes the default too.
func TestDefaultsLoadKingdeeCustomers(t *testing.T) {
	defs := map[string]string{"region": "华东", "credit_tier": " b ", "payment_terms_days": "30", "rep": "R09", "contact": ""}
	want := []ledger.Customer{
		{Code: "C001", Name: "杭州鑫盛建材有限公司", Region: "华东", Rep: "R01", Tier: ledger.TierB, CreditLimit: money.Yuan(300000), TermsDays: 30, Contact: "王建国", Phone: "13800571234"},
		{Code: "C002", Name: "宁波甬兴五金有限公司", Region: "华东", Rep: "R09", Tier: ledger.TierB, CreditLimit: 5000050, TermsDays: 30, Contact: "李卫东", Phone: "0574-88881234"},
	}
	fromMapping, err := ReadMapping(strings.NewReader(`{"name": "金蝶客户", "kind": "customers",
		"columns": {"code": ["客户编码", "编码"], "name": ["客户名称", "名称#中文(简体)"], "rep": ["销售员"], "credit_limit": ["信用额度"], "contact": ["联系人"], "phone": ["联系电话"]},
		"defaults": {"region": "华东", "credit_tier": "B", "payment_terms_days": "30", "rep": "R09"}, "skip_totals": true}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		file []byte
	}{
		{"csv", []byte(kingdeeCustomersCSV)},
		{"xlsx", kingdeeCustomersBook(t)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ReadCustomersFrom(bytes.NewReader(tt.file), Options{}); err == nil || !strings.Contains(err.Error(), `missing columns "region"`) {
				t.Fatalf("without defaults: err = %v", err)
			}
			s, err := Peek(bytes.NewReader(tt.file), Options{}, KindCustomers, 0)
			if err != nil {
				t.Fatal(err)
			}
			custom, err := Custom("金蝶客户", KindCustomers, s.Header, invert(s.Mapping), defs, kingdeeProfile)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []*Profile{custom, fromMapping} {
				rows, err := ReadCustomersFrom(bytes.NewReader(tt.file), Options{Profile: p})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, rows.Records); diff != "" {
					t.Errorf("records (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestBadDefault: a default a cell could not hold is refused by Custom and
// ReadMapping naming the column and saying it is the default, and by the
// readers for a profile made in code; unknown and key columns are refused.
func TestBadDefault(t *testing.T) {
	head := strings.Split("客户编码,客户名称", ",")
	tests := []struct {
		kind, col, value string
		want             string
	}{
		{KindCustomers, "payment_terms_days", "abc", `column payment_terms_days: "abc" is not a number of days between 0 and 3650 (the default)`},
		{KindCustomers, "credit_tier", "E", `column credit_tier: credit tier must be A, B, C or D, not "E" (the default)`},
		{KindCustomers, "credit_limit", "12.345", `column credit_limit: "12.345": `},
		{KindCustomers, "region", "华东/华南", "column region: "},
		{KindInvoices, "due_date", "2026-02-30", `column due_date: "2026-02-30" is not a date`},
		{KindPayments, "amount", "-5", "column amount: a payment amount must be positive"},
	}
	for _, tt := range tests {
		defs := map[string]string{tt.col: tt.value}
		_, err := Custom("x", tt.kind, head, nil, defs, nil)
		var inv *errs.Invalid
		if !errors.As(err, &inv) || len(inv.Fields) != 1 || inv.Fields[0].Field != tt.col ||
			!strings.Contains(err.Error(), tt.want) || !strings.HasSuffix(err.Error(), "(the default)") {
			t.Errorf("Custom %s %s=%q: err = %v, want %s", tt.kind, tt.col, tt.value, err, tt.want)
		}
		var buf bytes.Buffer
		if werr := WriteMapping(&buf, &Profile{Name: "x", Columns: map[string]map[string][]string{tt.kind: {}}}, tt.kind); werr != nil {
			t.Fatal(werr)
		}
		js := strings.Replace(buf.String(), `"columns": {},`, `"columns": {}, "defaults": {"`+tt.col+`": "`+tt.value+`"},`, 1)
		if _, err := ReadMapping(strings.NewReader(js)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadMapping %s: err = %v, want %s", js, err, tt.want)
		}
	}
	inCode := &Profile{Name: "手写", Columns: map[string]map[string][]string{KindCustomers: {}},
		Defaults: map[string]map[string]string{KindCustomers: {"payment_terms_days": "abc"}}}
	_, err := ReadCustomersFrom(strings.NewReader(custFile), Options{Profile: inCode})
	wantFields(t, err, [][2]any{{1, "payment_terms_days"}})
	if !strings.Contains(err.Error(), "(the default of profile 手写)") {
		t.Errorf("read: err = %v", err)
	}
	if _, err := Peek(strings.NewReader(custFile), Options{Profile: inCode}, KindCustomers, 1); err == nil {
		t.Error("Peek accepted a bad default")
	}
	for col, want := range map[string]string{"regoin": `no column "regoin"`, "code": "code cannot have a default"} {
		if _, err := Custom("x", KindCustomers, head, nil, map[string]string{col: "x"}, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("default for %s: err = %v, want %s", col, err, want)
		}
	}
}

// TestWriteMappingRoundTrip: ReadMapping(WriteMapping(p)) equals p for
// profiles made by Custom and by ReadMapping, and equals a built-in
// profile's part for the kind written.
func TestWriteMappingRoundTrip(t *testing.T) {
	custom, err := Custom("好业财 <应收>", KindInvoices, strings.Split("单号,日期,日期,往来单位编码,应收金额", ","),
		map[int]string{0: "number", 1: "issue_date", 2: "due_date", 3: "customer", 4: "amount"}, map[string]string{"due_date": "2026-12-31"}, &Profile{MonthFirst: true})
	if err != nil {
		t.Fatal(err)
	}
	read, err := ReadMapping(strings.NewReader(`{"name": "t+", "kind": "payments", "columns": {"amount": ["收款金额", "实收金额"]}, "defaults": {"invoices": "AR1;AR2"}, "skip_totals": true}`))
	if err != nil {
		t.Fatal(err)
	}
	kingdeeCustomers := &Profile{Name: "kingdee", SkipTotals: true, Columns: map[string]map[string][]string{KindCustomers: kingdeeProfile.Columns[KindCustomers]}}
	for _, tt := range []struct {
		p, want *Profile
		kind    string
	}{
		{custom, custom, KindInvoices},
		{read, read, KindPayments},
		{kingdeeProfile, kingdeeCustomers, KindCustomers},
	} {
		var buf bytes.Buffer
		if err := WriteMapping(&buf, tt.p, tt.kind); err != nil {
			t.Fatal(err)
		}
		got, err := ReadMapping(&buf)
		if err != nil {
			t.Fatalf("%s: %v", tt.p.Name, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s round trip (-want +got):\n%s", tt.p.Name, diff)
		}
	}
	for _, tt := range []struct {
		p    *Profile
		kind string
	}{
		{ibmProfile, KindInvoices}, // columns only ReadIBM reads
		{custom, KindCustomers},
		{custom, "orders"},
		{nil, KindInvoices},
	} {
		if err := WriteMapping(&bytes.Buffer{}, tt.p, tt.kind); err == nil {
			t.Errorf("WriteMapping(%v, %s) accepted", tt.p, tt.kind)
		}
	}
}

// TestNoSharedCell: two columns listing one header take its cells in
// turn, and a synonym "金额#2" means the second such cell.
func TestNoSharedCell(t *testing.T) {
	p, err := ReadMapping(strings.NewReader(`{"name": "x", "kind": "invoices", "columns": {"number": ["单号"], "customer": ["客户"],
		"issue_date": ["日期"], "due_date": ["日期"], "amount": ["金额#2", "金额"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Split("单号,日期,客户,日期,金额,金额", ",")
	want := map[string]int{"number": 0, "issue_date": 1, "customer": 2, "due_date": 3, "amount": 5}
	if got := p.match(KindInvoices, head, invoiceColumns).index; !cmp.Equal(got, want) {
		t.Errorf("match = %v, want %v", got, want)
	}
	if got := p.match(KindInvoices, head[:5], invoiceColumns).index["amount"]; got != 4 {
		t.Errorf("amount without a second 金额 = %d, want 4", got)
	}
}

func TestSplitNth(t *testing.T) {
	for in, want := range map[string]struct {
		text string
		nth  int
	}{
		"日期#2": {"日期", 2}, "日期": {"日期", 0}, "FCustomerID#Name": {"FCustomerID#Name", 0},
		"名称#中文(简体)": {"名称#中文(简体)", 0}, "#2": {"#2", 0}, "a#0": {"a#0", 0}, "a#+2": {"a#+2", 0},
		"a#12": {"a", 12}, "a#1234": {"a#1234", 0}, "a#": {"a#", 0},
	} {
		if text, nth := splitNth(in); text != want.text || nth != want.nth {
			t.Errorf("splitNth(%q) = %q, %d; want %q, %d", in, text, nth, want.text, want.nth)
		}
	}
}
