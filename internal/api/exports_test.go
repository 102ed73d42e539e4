package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/export"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/xlsxcheck"
)

// xlsxReader is the exports' second reader (xlsxcheck.Reader); these
// tests are about what it reads, so without one (and xlsxcheck.EnvRequire
// unset, as scripts/test sets it) they have nothing to check.
func xlsxReader(t *testing.T) string {
	t.Helper()
	py := xlsxcheck.Reader(t)
	if py == "" {
		t.Skip("the second XLSX reader is not here: python3 with openpyxl (Debian: apt-get install python3-openpyxl); scripts/test installs it")
	}
	return py
}

type (
	dumpedCell  = xlsxcheck.Cell
	dumpedSheet = xlsxcheck.Sheet
)

// dumpXLSX reads a workbook with openpyxl.
func dumpXLSX(t *testing.T, py string, xlsx []byte) []dumpedSheet { return xlsxcheck.Dump(t, py, xlsx) }

// The cells a test expects, made from the API's JSON.
type (
	moneyCell struct{ minor int64 }   // ¥ #,##0.00, minor units / 100
	dateCell  struct{ day string }    // yyyy-mm-dd
	numCell   struct{ n json.Number } // a plain number (Int, Number)
	pctCell   struct{ r json.Number } // 0.0%
)

// exportWorld is the API tests' world with a ledger that has what exports
// must get right: amounts with fen, a credit note, Chinese text, text that
// looks like a formula, and a call, a promise, a dispute and a target.
func exportWorld(t *testing.T, dbURL string) *world {
	t.Helper()
	w := newWorld(t, dbURL)
	d := civil.MustParse
	_, err := w.store.Apply(context.Background(), store.Batch{
		Customers: []ledger.Customer{
			{Code: "C6", Name: "=1+1", Region: "华东", Rep: "R1", Tier: "A", CreditLimit: 1_000_001, TermsDays: 45, Contact: "-", Phone: "+86 138 0000 0006"},
			{Code: "C7", Name: "@x 上海宏达贸易有限公司", Region: "华东", Rep: "R2", Tier: "C", TermsDays: 30, Contact: "张三", Phone: "13800000007"},
		},
		Invoices: []ledger.Invoice{
			{Number: "I2", Customer: "C2", Issue: d("2026-05-01"), Due: d("2026-06-15"), Amount: 1_234_567},
			{Number: "I3", Customer: "C6", Issue: d("2026-06-01"), Due: d("2026-07-31"), Amount: 99},
			{Number: "I4", Customer: "C7", Issue: d("2026-03-01"), Due: d("2026-03-31"), Amount: -3_001},
			{Number: "I5", Customer: "C7", Issue: d("2025-10-01"), Due: d("2025-11-30"), Amount: 500_050},
			{Number: "I6", Customer: "C5", Issue: d("2026-06-01"), Due: d("2026-06-01"), Amount: -3_001},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ as, method, path, body string }{
		{"admin", "PUT", "/api/v1/targets/2026-06/R1", `{"amount":2000033}`},
		{"admin", "POST", "/api/v1/payments", `{"number":"P1","customer":"C1","date":"2026-06-10","amount":70001}`},
		{"rep1", "POST", "/api/v1/calls", `{"customer":"C2","at":"2026-06-29T08:30:00Z","disposition":"reached-promised","amount_asked":500000,"amount_agreed":300050,"notes":"=HYPERLINK(\"x\")","commitment":{"amount":300050,"date":"2026-07-10"}}`},
		{"rep1", "POST", "/api/v1/commitments", `{"customer":"C1","amount":12345,"date":"2026-06-20","made_on":"2026-06-01","contact":"+86 王"}`},
		{"rep1", "POST", "/api/v1/disputes", `{"parts":[{"invoice":"I2","amount":10001}],"reason":"quality","note":"@质量问题","opened_on":"2026-06-20"}`},
	} {
		if res := w.do(t, c.as, c.method, c.path, c.body); res.status >= 300 {
			t.Fatalf("%s %s: %d %s", c.method, c.path, res.status, res.body)
		}
	}
	return w
}

// getJSON decodes an API answer keeping numbers exact.
func getJSON(t *testing.T, w *world, path string) map[string]any {
	t.Helper()
	res := w.do(t, "admin", "GET", path, "")
	if res.status != 200 {
		t.Fatalf("GET %s: %d %s", path, res.status, res.body)
	}
	dec := json.NewDecoder(bytes.NewReader(res.body))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func getFile(t *testing.T, w *world, path, wantType string) []byte {
	t.Helper()
	res := w.do(t, "admin", "GET", path, "")
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), wantType) {
		t.Fatalf("GET %s: %d %s %.300s", path, res.status, res.header.Get("Content-Type"), res.body)
	}
	if cd := res.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("GET %s: Content-Disposition %q", path, cd)
	}
	return res.body
}

// Helpers reading the generic JSON.
func field(v any, key string) any { return v.(map[string]any)[key] }
func items(v any, key string) []any {
	l, _ := field(v, key).([]any)
	return l
}
func str(v any, key string) string { s, _ := field(v, key).(string); return s }
func amount(v any, key string) moneyCell {
	n, err := field(v, key).(json.Number).Int64()
	if err != nil {
		panic(fmt.Sprintf("%s: %v", key, err))
	}
	return moneyCell{n}
}
func num(v any, key string) numCell { return numCell{field(v, key).(json.Number)} }
func day(v any, key string) any {
	if s, ok := field(v, key).(string); ok {
		return dateCell{s}
	}
	return nil
}
func yesNo(v any, key string) string {
	if field(v, key).(bool) {
		return "是"
	}
	return "否"
}

// TestXLSXExportsReadBack fetches each report and list as XLSX through the
// API, reads the file with openpyxl, and holds every cell to the API's
// JSON of the same report: amounts are minor units / 100 with the ¥
// format, dates real dates, the header bold and frozen.
func TestXLSXExportsReadBack(t *testing.T) {
	py := xlsxReader(t)
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := exportWorld(t, dbURL)
		for _, c := range []struct {
			path string
			want func(j map[string]any) [][][]any // per sheet, per row below the header
		}{
			{"/api/v1/reports/aging?as_of=2026-06-30", agingCells},
			{"/api/v1/reports/attainment?month=2026-06", attainmentCells},
			{"/api/v1/reports/kpis?from=2026-01-01&to=2026-06-30", kpiCells},
			{"/api/v1/customers?q=", func(j map[string]any) [][][]any {
				return [][][]any{rowsOf(items(j, "items"), func(c any) []any {
					return []any{str(c, "code"), str(c, "name"), str(c, "region"), str(c, "rep"), str(c, "credit_tier"), amount(c, "credit_limit"),
						num(c, "payment_terms_days"), str(c, "contact"), str(c, "phone"), amount(c, "balance"), amount(c, "prepaid"),
						amount(c, "disputed"), amount(c, "overdue"), num(c, "oldest_overdue_days"), yesNo(c, "over_limit")}
				})}
			}},
			{"/api/v1/calls", func(j map[string]any) [][][]any {
				return [][][]any{rowsOf(items(j, "items"), func(c any) []any {
					return []any{num(c, "id"), day(c, "date"), str(c, "at")[11:16], str(c, "customer"), str(c, "customer_name"), str(c, "rep"),
						str(c, "logged_by"), str(c, "channel"), str(c, "direction"), str(c, "disposition"), amount(c, "amount_asked"),
						amount(c, "amount_agreed"), str(c, "excuse"), amount(c, "excuse_amount"), day(c, "next_followup"), num(c, "duration_s"), str(c, "notes")}
				})}
			}},
			{"/api/v1/commitments", func(j map[string]any) [][][]any {
				return [][][]any{rowsOf(items(j, "items"), func(c any) []any {
					var p any
					if cr := field(c, "credibility"); cr != nil {
						p = pctCell{field(cr, "p").(json.Number)}
					}
					return []any{num(c, "id"), str(c, "customer"), amount(c, "amount"), day(c, "date"), day(c, "made_on"), str(c, "status"),
						amount(c, "fulfilled"), day(c, "decided_on"), p, str(c, "contact"), str(c, "support_kind"), str(c, "support"), str(c, "created_by")}
				})}
			}},
			{"/api/v1/disputes?status=all", func(j map[string]any) [][][]any {
				return [][][]any{rowsOf(items(j, "items"), func(d any) []any {
					return []any{num(d, "id"), str(d, "customer"), str(d, "customer_name"), str(d, "rep"), str(d, "invoice"), amount(d, "amount"),
						num(d, "age_days"), str(d, "reason"), str(d, "owner"), day(d, "opened_on"), day(d, "resolved_on"), str(d, "resolution"),
						str(d, "opened_by"), str(d, "note")}
				})}
			}},
		} {
			t.Run(strings.TrimPrefix(c.path, "/api/v1/"), func(t *testing.T) {
				want := c.want(getJSON(t, w, c.path))
				sep := "?"
				if strings.Contains(c.path, "?") {
					sep = "&"
				}
				sheets := dumpXLSX(t, py, getFile(t, w, c.path+sep+"format=xlsx", export.XLSXType))
				if len(sheets) != len(want) {
					t.Fatalf("%d sheets; want %d", len(sheets), len(want))
				}
				for i, sh := range sheets {
					checkSheet(t, sh, want[i])
				}
			})
		}
	})
}

func rowsOf(list []any, row func(any) []any) [][]any {
	out := [][]any{}
	for _, x := range list {
		out = append(out, row(x))
	}
	return out
}

func agingCells(j map[string]any) [][][]any {
	lines := rowsOf(items(j, "customers"), func(c any) []any {
		row := []any{str(c, "code"), str(c, "name"), str(c, "rep")}
		for _, b := range items(c, "buckets") {
			n, _ := b.(json.Number).Int64()
			row = append(row, moneyCell{n})
		}
		return append(row, amount(c, "total"), amount(c, "prepaid"), amount(c, "disputed"), amount(c, "credit_limit"), yesNo(c, "over_limit"))
	})
	sums := rowsOf(items(j, "buckets"), func(b any) []any {
		label := "未到期"
		if from, ok := field(b, "from_days").(json.Number); ok {
			if to, ok := field(b, "to_days").(json.Number); ok {
				label = from.String() + "-" + to.String() + "天"
			} else {
				n, _ := from.Int64()
				label = fmt.Sprintf("%d天以上", n-1)
			}
		}
		return []any{label, amount(b, "amount")}
	})
	sums = append(sums, []any{"合计", amount(j, "total")}, []any{"预收", amount(j, "prepaid")}, []any{"争议", amount(j, "disputed")})
	return [][][]any{lines, sums}
}

func attainmentCells(j map[string]any) [][][]any {
	row := func(a any, rep, name, team string) []any {
		var target, rate any
		if field(a, "target_set").(bool) {
			target = amount(a, "target")
		}
		if r, ok := field(a, "rate").(json.Number); ok {
			rate = pctCell{r}
		}
		return []any{rep, name, team, target, amount(a, "collected"), rate, amount(a, "promised_weighted"), amount(a, "measures_expected"),
			amount(a, "gap"), amount(a, "uncovered"), amount(a, "committed"), amount(a, "planned")}
	}
	reps := rowsOf(items(j, "reps"), func(a any) []any { return row(a, str(a, "rep"), str(a, "name"), str(a, "team")) })
	return [][][]any{append(reps, row(j, "合计", "", ""))}
}

func kpiCells(j map[string]any) [][][]any {
	ratio := func(key string, pct bool) any {
		n, ok := field(j, key).(json.Number)
		switch {
		case !ok:
			return nil
		case pct:
			return pctCell{n}
		}
		return numCell{n}
	}
	var target any
	if field(j, "target") != nil {
		target = amount(j, "target")
	}
	row := []any{day(j, "from"), day(j, "to"), num(j, "days"), amount(j, "credit_sales"), amount(j, "ar_begin"), amount(j, "ar_end"),
		amount(j, "current_ar_end"), amount(j, "overdue_ar_end"), amount(j, "collected"), target, ratio("collection_rate", true),
		ratio("dso", false), ratio("dso_countback", false), ratio("bpdso", false), ratio("add", false), ratio("cei", false),
		ratio("overdue_ratio", true), ratio("days_late_weighted", false), ratio("kept_rate_count", true), ratio("kept_rate_amount", true),
		ratio("reached_rate", true), ratio("promise_rate", true)}
	for _, b := range items(j, "aging") {
		row = append(row, amount(b, "amount"))
	}
	return [][][]any{{row}}
}

// checkSheet holds a dumped sheet to the rows wanted: a bold header of
// text, frozen; then each cell's value and number format.
func checkSheet(t *testing.T, sh dumpedSheet, want [][]any) {
	t.Helper()
	if sh.Freeze == nil || *sh.Freeze != "A2" {
		t.Errorf("sheet %s: frozen at %v; want the header row (A2)", sh.Name, sh.Freeze)
	}
	if len(sh.Rows) != len(want)+1 {
		t.Fatalf("sheet %s: %d rows; want a header and %d", sh.Name, len(sh.Rows), len(want))
	}
	for i, h := range sh.Rows[0] {
		if s, _ := h.V.(string); s == "" || !h.B {
			t.Errorf("sheet %s: header cell %d = %+v; want bold text", sh.Name, i+1, h)
		}
	}
	for r, row := range want {
		got := sh.Rows[r+1]
		if len(got) < len(row) {
			t.Errorf("sheet %s row %d: %d cells; want %d", sh.Name, r+2, len(got), len(row))
			continue
		}
		for c, w := range row {
			if msg := cellMismatch(got[c], w); msg != "" {
				t.Errorf("sheet %s %s%d (%v): %s", sh.Name, string(rune('A'+c)), r+2, sh.Rows[0][c].V, msg)
			}
		}
	}
}

func cellMismatch(got dumpedCell, want any) string {
	f := func(v any) (float64, bool) {
		n, ok := v.(json.Number)
		if !ok {
			return 0, false
		}
		x, err := n.Float64()
		return x, err == nil
	}
	switch w := want.(type) {
	case nil:
		if got.V != nil {
			return fmt.Sprintf("%v; want blank", got.V)
		}
	case string:
		if w == "" && got.V == nil {
			return ""
		}
		if got.V != w {
			return fmt.Sprintf("%#v; want the text %q", got.V, w)
		}
	case moneyCell:
		v, ok := f(got.V)
		if !ok || v != float64(w.minor)/100 || got.F != "¥ #,##0.00" {
			return fmt.Sprintf("%v (%q); want %v yuan (%s) as ¥ #,##0.00", got.V, got.F, float64(w.minor)/100, money.Amount(w.minor))
		}
	case dateCell:
		if got.V != w.day || got.F != "yyyy-mm-dd" {
			return fmt.Sprintf("%v (%q); want the date %s as yyyy-mm-dd", got.V, got.F, w.day)
		}
	case numCell:
		// Like a ratio, a number that is not whole (days of DSO) keeps
		// Excel's 15 significant digits.
		v, ok := f(got.V)
		x, _ := w.n.Float64()
		if !ok || strconv.FormatFloat(v, 'g', 15, 64) != strconv.FormatFloat(x, 'g', 15, 64) {
			return fmt.Sprintf("%v; want the number %s", got.V, w.n)
		}
	case pctCell:
		// A ratio keeps Excel's 15 significant digits (an amount, at most
		// 13 digits, keeps all of its own).
		v, ok := f(got.V)
		x, _ := w.r.Float64()
		if !ok || strconv.FormatFloat(v, 'g', 15, 64) != strconv.FormatFloat(x, 'g', 15, 64) || got.F != "0.0%" {
			return fmt.Sprintf("%v (%q); want the ratio %s as 0.0%%", got.V, got.F, w.r)
		}
	default:
		return fmt.Sprintf("test bug: want %T", want)
	}
	return ""
}

// TestCSVExport fetches the customer list as CSV: a byte order mark,
// Chinese intact, and text that a spreadsheet would run escaped while
// negative amounts stay numbers.
func TestCSVExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := exportWorld(t, dbURL)
		body := getFile(t, w, "/api/v1/customers?format=csv", "text/csv; charset=utf-8")
		if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
			t.Fatalf("no byte order mark: %q", body[:min(20, len(body))])
		}
		rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "客户编码" || rows[0][1] != "客户名称" {
			t.Errorf("header %q; want Chinese headers", rows[0])
		}
		byCode := map[string][]string{}
		for _, r := range rows[1:] {
			byCode[r[0]] = r
		}
		for _, c := range []struct {
			code       string
			col        int
			want, what string
		}{
			{"C6", 1, "'=1+1", "a formula name"},
			{"C6", 7, "'-", "a contact of just -"},
			{"C6", 8, "'+86 138 0000 0006", "a phone with +"},
			{"C6", 5, "10000.01", "a credit limit with fen"},
			{"C7", 1, "'@x 上海宏达贸易有限公司", "a name with @ and Chinese"},
			{"C7", 7, "张三", "a Chinese contact"},
			{"C7", 9, "4970.49", "a balance net of a credit note"},
			{"C5", 10, "30.01", "prepaid from a credit note"},
			{"C5", 9, "-30.01", "a negative balance, a number"},
			{"C4", 9, "0.00", "a zero balance"},
		} {
			if got := byCode[c.code]; len(got) <= c.col || got[c.col] != c.want {
				t.Errorf("%s column %d (%s) = %q; want %q", c.code, c.col+1, c.what, got, c.want)
			}
		}
		if bytes.Contains(body, []byte("'-3")) {
			t.Errorf("the CSV escapes a negative number:\n%s", body)
		}
	})
}

// TestExportFormatNegotiation: ?format= picks the format, an unknown one
// is a 400 problem; Accept works without it; lang=en gives English headers.
func TestExportFormatNegotiation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		for _, c := range []struct {
			path, accept string
			status       int
			ctype        string
		}{
			{"/api/v1/reports/aging", "", 200, "application/json"},
			{"/api/v1/reports/aging?format=json", export.XLSXType, 200, "application/json"},
			{"/api/v1/reports/aging?format=pdf", "", 400, "application/problem+json"},
			{"/api/v1/customers?format=xls", "", 400, "application/problem+json"},
			{"/api/v1/calls?format=", export.XLSXType, 200, export.XLSXType},
			{"/api/v1/disputes", "text/csv", 200, "text/csv; charset=utf-8"},
			{"/api/v1/commitments?format=csv", "", 200, "text/csv; charset=utf-8"},
			{"/api/v1/reports/attainment?format=xlsx", "", 200, export.XLSXType},
		} {
			res := w.do(t, "admin", "GET", c.path, "", "Accept", c.accept)
			if res.status != c.status || res.header.Get("Content-Type") != c.ctype {
				t.Errorf("GET %s (Accept %q): %d %s; want %d %s", c.path, c.accept, res.status, res.header.Get("Content-Type"), c.status, c.ctype)
			}
		}
		res := w.do(t, "rep1", "GET", "/api/v1/customers?format=csv&lang=en", "")
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.body, []byte("\xEF\xBB\xBF")))).ReadAll()
		if err != nil || rows[0][0] != "Code" {
			t.Fatalf("English CSV: %v %q", err, res.body)
		}
		for _, r := range rows[1:] {
			if r[3] != "R1" {
				t.Errorf("rep1's export has another rep's customer: %q", r)
			}
		}
		if len(rows) != 5 { // C1, C2, C4, C5
			t.Errorf("rep1's export: %d rows; want a header and R1's 4 customers", len(rows))
		}
	})
}
