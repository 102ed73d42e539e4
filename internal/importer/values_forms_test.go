package importer

import (
	"errors"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// TestParseAmount: every way an ERP export or a spreadsheet writes an
// amount, and the forms refused rather than rounded or guessed.
func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want money.Amount
		err  error // nil when the amount is read
	}{
		{"1234.50", 123450, nil},
		{"1,234.50", 123450, nil},
		{"¥1,234.50", 123450, nil},
		{"￥1,234.50", 123450, nil},
		{"1,234.50元", 123450, nil},
		{"1234 元", 123400, nil},
		{"１，２３４．５０", 123450, nil},
		{"￥１２３４", 123400, nil},
		{"(1,000.00)", -100000, nil},
		{"（1,000.00）", -100000, nil},
		{"(¥1,000.00)", -100000, nil},
		{"-1,000.00", -100000, nil},
		{"－1,000.00", -100000, nil},
		{"1.2万", 1_200_000, nil},
		{"１.２万", 1_200_000, nil},
		{" 0 ", 0, nil},
		{"1.234", 0, money.ErrSyntax},
		{"(1.234)", 0, money.ErrSyntax},
		{"(-5)", 0, money.ErrSyntax},
		{"(5", 0, money.ErrSyntax},
		{"1.23457E+17", 0, money.ErrSyntax},
		{"abc", 0, money.ErrSyntax},
		{"", 0, money.ErrSyntax},
		{"20,000,000,000", 0, money.ErrRange},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in)
		if !errors.Is(err, tt.err) || (tt.err == nil && got != tt.want) {
			t.Errorf("parseAmount(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestParseDate: every date form, the two serial systems (with Excel's
// fictitious 1900-02-29), M/D/YYYY only when asked, and the refusals.
func TestParseDate(t *testing.T) {
	us, mac := dateOpts{monthFirst: true}, dateOpts{date1904: true}
	tests := []struct {
		in   string
		o    dateOpts
		want string // "" when refused
	}{
		{"2026-06-30", dateOpts{}, "2026-06-30"},
		{"2026-6-3", dateOpts{}, "2026-06-03"},
		{"2026/6/30", dateOpts{}, "2026-06-30"},
		{"2026/06/30", us, "2026-06-30"},
		{"2026.6.30", dateOpts{}, "2026-06-30"},
		{"20260630", dateOpts{}, "2026-06-30"},
		{"2026年6月30日", dateOpts{}, "2026-06-30"},
		{"２０２６年６月３０日", dateOpts{}, "2026-06-30"},
		{"2026-06-30 00:00:00", dateOpts{}, "2026-06-30"},
		{"2026-06-30T08:00:00", dateOpts{}, "2026-06-30"},
		{"6/30/2026", us, "2026-06-30"},
		{"6/30/2026", dateOpts{}, ""},
		{"30/6/2026", us, ""},
		{"1", dateOpts{}, "1900-01-01"},
		{"59", dateOpts{}, "1900-02-28"},
		{"60", dateOpts{}, ""}, // Excel's 1900-02-29, which never was
		{"61", dateOpts{}, "1900-03-01"},
		{"45000", dateOpts{}, "2023-03-15"},
		{"46203", dateOpts{}, "2026-06-30"},
		{"46203.75", dateOpts{}, "2026-06-30"},
		{"0", dateOpts{}, ""},
		{"0", mac, "1904-01-01"},
		{"44741", mac, "2026-06-30"},
		{"2026-02-30", dateOpts{}, ""},
		{"2026/13/1", dateOpts{}, ""},
		{"2026年6月", dateOpts{}, ""},
		{"26-6-30", dateOpts{}, ""},
		{"2026-006-30", dateOpts{}, ""},
		{"-45000", dateOpts{}, ""},
		{"2958465", dateOpts{}, "9999-12-31"},
		{"2958466", dateOpts{}, ""},
		{"", dateOpts{}, ""},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.o)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("parseDate(%q, %+v) = %s, want an error", tt.in, tt.o, got)
		case tt.want != "" && (err != nil || got != civil.MustParse(tt.want)):
			t.Errorf("parseDate(%q, %+v) = %s, %v; want %s", tt.in, tt.o, got, err, tt.want)
		}
	}
}

// TestLostDigits: document numbers a spreadsheet rounded are refused; the
// ones it could not have touched pass.
func TestLostDigits(t *testing.T) {
	tests := []struct {
		in       string
		workbook bool
		refused  bool
	}{
		{"1.23457E+17", false, true},
		{"1.23457e17", false, true},
		{"1.23457E+17", true, true},
		{"123456789012345678", true, true},
		{"123456789012345678", false, false}, // CSV text keeps every digit
		{"123456789012345", true, false},     // 15 digits: exact in a double
		{"000000000000000012", true, false},
		{"AR-2026-000123", true, false},
		{"E2026", false, false},
		{"INV1E5", false, false},
	}
	for _, tt := range tests {
		if got := lostDigits(tt.in, tt.workbook) != ""; got != tt.refused {
			t.Errorf("lostDigits(%q, %v) refused = %v, want %v", tt.in, tt.workbook, got, tt.refused)
		}
	}
}
