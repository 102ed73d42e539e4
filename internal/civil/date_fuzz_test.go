package civil

import (
	"testing"
	"time"
)

// FuzzParse: Parse never panics, accepts only the canonical form (what it
// accepts is written back byte for byte by String), and a date it accepts
// is a real day: its year, month and day are what was written.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-06-30", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2026-13-01", "2026-00-10", "2026-6-30", "2026/06/30", "２０２６-06-30", "2026-06-30T00:00:00Z", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("Parse(%q) = %d, written back as %q", s, d, got)
		}
		y, m, dd := d.YMD()
		if Of(y, m, dd) != d || dd < 1 || dd > 31 || d.MonthStart() > d || d.MonthEnd() < d {
			t.Fatalf("Parse(%q) = %d: YMD %d-%d-%d, month %s..%s", s, d, y, m, dd, d.MonthStart(), d.MonthEnd())
		}
	})
}

// FuzzDateArithmetic: for every day of years 0000..9999, String and Parse
// are inverse, AddDays and Sub agree, and AddMonths lands in the right
// month on a day no later than the one it started from.
func FuzzDateArithmetic(f *testing.F) {
	f.Add(int32(0), int32(1), int16(1))
	f.Add(int32(20633), int32(-365), int16(-13)) // 2026-06-30
	f.Add(int32(-719528), int32(59), int16(1))   // 0000-01-01
	f.Add(int32(2932896), int32(-1), int16(-1))  // 9999-12-31
	f.Fuzz(func(t *testing.T, n, k int32, months int16) {
		first, last := MustParse("0000-01-01"), MustParse("9999-12-31")
		d := first + Date(uint32(n)%uint32(last-first+1))
		if back, err := Parse(d.String()); err != nil || back != d {
			t.Fatalf("%d written %q, read back %d, %v", d, d.String(), back, err)
		}
		e := d.AddDays(int(k % 100_000))
		if e.Sub(d) != int(k%100_000) {
			t.Fatalf("%s + %d days = %s, Sub says %d", d, k%100_000, e, e.Sub(d))
		}
		m := int(months % 1200)
		g := d.AddMonths(m)
		y, mo, _ := d.YMD()
		gy, gmo, gd := g.YMD()
		if want := Of(y, mo+time.Month(m), 1); Of(gy, gmo, 1) != want || gd > d.Day() {
			t.Fatalf("%s + %d months = %s, want a day of %s no later than the %d", d, m, g, want.String()[:7], d.Day())
		}
	})
}
