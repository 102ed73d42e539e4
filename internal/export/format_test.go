package export

import "testing"

func TestNegotiate(t *testing.T) {
	for _, c := range []struct {
		format, accept string
		want           Format
		err            bool
	}{
		{"", "", "", false},
		{"xlsx", "application/json", XLSX, false},
		{"csv", "", CSV, false},
		{"json", XLSXType, "", false},
		{"pdf", "", "", true},
		{"XLSX", "", "", true},
		{"", XLSXType, XLSX, false},
		{"", "text/csv; charset=utf-8", CSV, false},
		{"", "text/html, " + XLSXType + ";q=0.9", XLSX, false},
		{"", "application/json, text/csv", "", false},
		{"", "text/csv;q=0, */*", "", false},
		{"", "*/*", "", false},
	} {
		got, err := Negotiate(c.format, c.accept)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("Negotiate(%q, %q) = %q, %v; want %q, error %v", c.format, c.accept, got, err, c.want, c.err)
		}
	}
}

func TestAttachment(t *testing.T) {
	for name, want := range map[string]string{
		"aging-2026-03-31": `attachment; filename="aging-2026-03-31.xlsx"; filename*=UTF-8''aging-2026-03-31.xlsx`,
		"账龄 2026-03-31":    `attachment; filename="2026-03-31.xlsx"; filename*=UTF-8''%E8%B4%A6%E9%BE%84%202026-03-31.xlsx`,
		"客户":               `attachment; filename="export.xlsx"; filename*=UTF-8''%E5%AE%A2%E6%88%B7.xlsx`,
		`a"b\c;d`:          `attachment; filename="a_b_c_d.xlsx"; filename*=UTF-8''a%22b%5Cc%3Bd.xlsx`,
	} {
		if got := XLSX.Attachment(name); got != want {
			t.Errorf("Attachment(%q) =\n %s; want\n %s", name, got, want)
		}
	}
	if got := CSV.ContentType(); got != "text/csv; charset=utf-8" {
		t.Errorf("CSV content type %q", got)
	}
}
