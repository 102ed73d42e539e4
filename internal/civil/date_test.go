package civil

import (
	"testing"
	"time"
)

func TestDateRoundTrip(t *testing.T) {
	for _, s := range []string{"1970-01-01", "2026-02-28", "2024-02-29", "1999-12-31", "2100-03-01"} {
		d := MustParse(s)
		if got := d.String(); got != s {
			t.Errorf("String(Parse(%q)) = %q", s, got)
		}
		if got := d.Weekday(); got != d.Time().Weekday() {
			t.Errorf("%s: Weekday() = %v, time says %v", s, got, d.Time().Weekday())
		}
	}
	if _, err := Parse("2026-13-01"); err == nil {
		t.Error("Parse accepted month 13")
	}
}

func TestMonthArithmetic(t *testing.T) {
	tests := []struct{ d, plus1, start, end string }{
		{"2026-01-31", "2026-02-28", "2026-01-01", "2026-01-31"},
		{"2024-01-31", "2024-02-29", "2024-01-01", "2024-01-31"},
		{"2026-11-27", "2026-12-27", "2026-11-01", "2026-11-30"},
		{"2026-12-15", "2027-01-15", "2026-12-01", "2026-12-31"},
	}
	for _, tt := range tests {
		d := MustParse(tt.d)
		if got := d.AddMonths(1).String(); got != tt.plus1 {
			t.Errorf("%s + 1 month = %s, want %s", tt.d, got, tt.plus1)
		}
		if got := d.MonthStart().String(); got != tt.start {
			t.Errorf("%s month start = %s, want %s", tt.d, got, tt.start)
		}
		if got := d.MonthEnd().String(); got != tt.end {
			t.Errorf("%s month end = %s, want %s", tt.d, got, tt.end)
		}
	}
}

func TestScan(t *testing.T) {
	var d Date
	for _, src := range []any{"2026-06-30", []byte("2026-06-30"), time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), "2026-06-30T00:00:00Z"} {
		if err := d.Scan(src); err != nil || d.String() != "2026-06-30" {
			t.Errorf("Scan(%#v) = %s, %v", src, d, err)
		}
	}
}

func TestCalendar(t *testing.T) {
	// Around China's 2026 National Day: Oct 1–7 off, Sat Oct 10 worked.
	c := Calendar{
		Holidays: map[Date]bool{},
		Workdays: map[Date]bool{MustParse("2026-10-10"): true},
	}
	for d := MustParse("2026-10-01"); d <= MustParse("2026-10-07"); d++ {
		c.Holidays[d] = true
	}
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 1, "2026-10-08"},  // Wed → Thu after the holiday
		{"2026-10-09", 1, "2026-10-10"},  // Fri → make-up Saturday
		{"2026-10-10", 1, "2026-10-12"},  // make-up Saturday → Monday
		{"2026-10-08", -1, "2026-09-30"}, // back over the holiday
		{"2026-11-27", 1, "2026-11-30"},  // ordinary Friday → Monday
		{"2026-11-27", 0, "2026-11-27"},
	}
	for _, tt := range tests {
		if got := c.AddWorkdays(MustParse(tt.from), tt.n).String(); got != tt.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

// TestAgainstTime holds the integer date arithmetic to the time package,
// day by day over four centuries.
func TestAgainstTime(t *testing.T) {
	for d := Of(1900, 1, 1); d <= Of(2300, 12, 31); d++ {
		tm := time.Unix(int64(d)*86400, 0).UTC()
		y, m, dd := d.YMD()
		if ty, tmon, td := tm.Date(); y != ty || m != tmon || dd != td {
			t.Fatalf("day %d: YMD %d-%d-%d, time says %s", d, y, m, dd, tm)
		}
		if back := Of(y, m, dd); back != d {
			t.Fatalf("Of(%d, %d, %d) = %d, want %d", y, m, dd, back, d)
		}
		if p, err := Parse(tm.Format(time.DateOnly)); err != nil || p != d {
			t.Fatalf("Parse(%s) = %d, %v", tm.Format(time.DateOnly), p, err)
		}
	}
	for _, c := range []struct {
		y, m, d int
		want    string
	}{{2026, 2, 30, "2026-03-02"}, {2026, 13, 1, "2027-01-01"}, {2026, 0, 1, "2025-12-01"}, {2026, 3, 0, "2026-02-28"}, {2024, -11, 31, "2023-01-31"}} {
		if got := Of(c.y, time.Month(c.m), c.d).String(); got != c.want {
			t.Errorf("Of(%d, %d, %d) = %s, want %s", c.y, c.m, c.d, got, c.want)
		}
	}
	for _, bad := range []string{"2026-02-29", "2026-04-31", "2026-1-01", "2026/01/01", "20260101", "2026-01-01x", "abcd-ef-gh"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestInRange(t *testing.T) {
	for s, want := range map[string]bool{"2000-01-01": true, "2099-12-31": true, "2026-06-30": true,
		"1999-12-31": false, "2100-01-01": false, "0001-01-01": false, "9999-12-31": false, "1970-01-01": false} {
		if got := MustParse(s).InRange(); got != want {
			t.Errorf("%s.InRange() = %v, want %v", s, got, want)
		}
	}
	if Never.InRange() {
		t.Error("Never is a business date")
	}
}
