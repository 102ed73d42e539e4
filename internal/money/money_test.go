package money

import (
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
		err  error
	}{
		{"0", 0, nil},
		{"12345.5", 1234550, nil},
		{"12,345.50", 1234550, nil},
		{"¥-30", -3000, nil},
		{"-¥30", -3000, nil},
		{" 7.05 ", 705, nil},
		{"1.5万", 1_500_000, nil},
		{"1.2345万", 1_234_500, nil},
		{"1.234", 0, ErrSyntax},
		{"1.", 0, ErrSyntax},
		{"", 0, ErrSyntax},
		{"abc", 0, ErrSyntax},
		{"1e5", 0, ErrSyntax},
		{"12.3.4", 0, ErrSyntax},
		{"99999999999999999999", 0, ErrRange},
		{"10000000000", MaxAmount, nil},
		{"-10000000000.00", -MaxAmount, nil},
		{"1000000万", MaxAmount, nil},
		{"10000000000.01", 0, ErrRange},
		{"-10000000000.01", 0, ErrRange},
		{"1000000.0001万", 0, ErrRange},
		{"92233720368547758.07", 0, ErrRange},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != tt.err || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		a                Amount
		str, format, wan string
	}{
		{0, "0.00", "¥0.00", "¥0.00"},
		{5, "0.05", "¥0.05", "¥0.05"},
		{1234550, "12345.50", "¥12,345.50", "¥1.2万"},
		{-3000, "-30.00", "-¥30.00", "-¥30.00"},
		{123456789012, "1234567890.12", "¥1,234,567,890.12", "¥123,456.8万"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.str {
			t.Errorf("%d.String() = %q, want %q", tt.a, got, tt.str)
		}
		if got := tt.a.Format(); got != tt.format {
			t.Errorf("%d.Format() = %q, want %q", tt.a, got, tt.format)
		}
		if got := tt.a.FormatWan(); got != tt.wan {
			t.Errorf("%d.FormatWan() = %q, want %q", tt.a, got, tt.wan)
		}
	}
}

func TestParseRoundTrip(t *testing.T) {
	for _, a := range []Amount{0, 1, 99, 100, -1, 1234567, -987654321} {
		got, err := Parse(a.String())
		if err != nil || got != a {
			t.Errorf("Parse(%q) = %d, %v; want %d", a.String(), got, err, a)
		}
	}
}

func TestInRange(t *testing.T) {
	for a, want := range map[Amount]bool{0: true, MaxAmount: true, -MaxAmount: true, MaxAmount + 1: false, -MaxAmount - 1: false,
		math.MaxInt64: false, math.MinInt64: false} {
		if got := a.InRange(); got != want {
			t.Errorf("%d.InRange() = %v, want %v", a, got, want)
		}
	}
}

// TestSumsFit holds the figures of MaxAmount's doc comment: the large demo
// world's volume a thousand times over, and every record of it at the
// bound, sum without overflow.
func TestSumsFit(t *testing.T) {
	const (
		smallVolume   = 607_000_000 * 100 // 分: every document of the small world by absolute value
		largeFactor   = 50                // 10,000 customers against 200
		largeDocs     = 2_100_000         // 900,000 invoices and 1.1 million payments, rounded up
		overflowAfter = math.MaxInt64 / int64(MaxAmount)
	)
	if v := int64(smallVolume) * largeFactor * 1000; v > math.MaxInt64/1000 {
		t.Errorf("the large world ×1000 (%d 分) leaves less than 1000× room in int64", v)
	}
	if overflowAfter < 4*largeDocs {
		t.Errorf("a sum overflows after %d records at the bound, under 4× the large world's %d", overflowAfter, largeDocs)
	}
}
