package civil

import "testing"

func TestReportBounds(t *testing.T) {
	for _, tt := range []struct {
		d  string
		ok bool
	}{
		{"0001-01-01", false}, {"1999-12-31", false}, {"2000-01-01", true}, {"2026-06-30", true}, {"2099-12-31", true}, {"2100-01-01", false}, {"9999-12-31", false},
	} {
		if err := CheckReportDate(MustParse(tt.d)); (err == nil) != tt.ok {
			t.Errorf("CheckReportDate(%s) = %v, want ok %v", tt.d, err, tt.ok)
		}
	}
	for _, tt := range []struct {
		from, to string
		ok       bool
	}{
		{"2023-06-30", "2026-06-30", true},
		{"2023-06-29", "2026-06-30", false},
		{"2026-06-30", "2026-06-30", true},
		{"2026-07-01", "2026-06-30", false},
		{"2000-01-01", "2099-12-31", false},
	} {
		if err := CheckReportSpan(MustParse(tt.from), MustParse(tt.to)); (err == nil) != tt.ok {
			t.Errorf("CheckReportSpan(%s, %s) = %v, want ok %v", tt.from, tt.to, err, tt.ok)
		}
	}
	for _, tt := range []struct{ first, to, want string }{
		{"2010-03-05", "2011-06-30", "2010-03-05"},
		{"2010-03-05", "2026-06-30", "2023-06-30"},
	} {
		if got := ReportStart(MustParse(tt.first), MustParse(tt.to)); got != MustParse(tt.want) {
			t.Errorf("ReportStart(%s, %s) = %s, want %s", tt.first, tt.to, got, tt.want)
		}
	}
}
