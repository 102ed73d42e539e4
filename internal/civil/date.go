// Package civil holds Date, a calendar date without a time or a zone, used
// for every business date (issue, due, payment, commitment dates), and the
// working-day calendar.
package civil

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a civil date stored as days since 1970-01-01. The zero Date is
// 1970-01-01 and stands for "no date" where a date is optional: no business
// event of huikuan happens that day.
type Date int32

// Of returns the date with the given year, month and day; out-of-range
// values are normalised like time.Date does (Of(2026, 2, 30) is March 2).
func Of(year int, month time.Month, day int) Date {
	m := int(month) - 1
	year += floorDiv(m, 12)
	m -= floorDiv(m, 12) * 12
	return Date(daysFromCivil(year, m+1, 1) + day - 1)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// daysFromCivil and civilFromDays convert between dates of the proleptic
// Gregorian calendar and days since 1970-01-01 with integer arithmetic
// (H. Hinnant's algorithms), much faster than going through time.Time.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// FromTime returns the date of t in t's location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Of(y, m, d)
}

// Today returns the current date in loc.
func Today(loc *time.Location) Date { return FromTime(time.Now().In(loc)) }

// Parse reads a date written as YYYY-MM-DD.
func Parse(s string) (Date, error) {
	y, okY := digits(s, 0, 4)
	m, okM := digits(s, 5, 7)
	d, okD := digits(s, 8, 10)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !okY || !okM || !okD || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, fmt.Errorf("not a date: %q (want YYYY-MM-DD)", s)
	}
	return Date(daysFromCivil(y, m, d)), nil
}

func digits(s string, from, to int) (int, bool) {
	if len(s) < to {
		return 0, false
	}
	n := 0
	for i := from; i < to; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// MustParse is Parse for constants in code and tests; it panics on bad input.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// YMD returns the year, month and day of d.
func (d Date) YMD() (int, time.Month, int) {
	y, m, dd := civilFromDays(int(d))
	return y, time.Month(m), dd
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	y, m, dd := d.YMD()
	b := make([]byte, 0, 10)
	b = appendInt(b, y, 4)
	b = append(b, '-')
	b = appendInt(b, int(m), 2)
	b = append(b, '-')
	return string(appendInt(b, dd, 2))
}

func appendInt(b []byte, n, width int) []byte {
	var tmp [8]byte
	i := len(tmp)
	for n > 0 || width > 0 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	return append(b, tmp[i:]...)
}

// AddDays returns the date n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day n months later, clamped to the month's
// last day (Jan 31 + 1 month = Feb 28).
func (d Date) AddMonths(n int) Date {
	y, m, dd := d.YMD()
	first := Of(y, m+time.Month(n), 1)
	if last := first.MonthEnd(); dd > last.Day() {
		return last
	}
	return first.AddDays(dd - 1)
}

// Sub returns the number of days from e to d (d − e).
func (d Date) Sub(e Date) int { return int(d - e) }

// Day returns the day of the month.
func (d Date) Day() int { _, _, dd := d.YMD(); return dd }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return time.Weekday((int(d)%7 + 7 + 4) % 7) }

// MonthStart returns the first day of d's month.
func (d Date) MonthStart() Date { return d - Date(d.Day()-1) }

// MonthEnd returns the last day of d's month.
func (d Date) MonthEnd() Date {
	y, m, _ := d.YMD()
	return Of(y, m+1, 0)
}

// Value stores the date as YYYY-MM-DD text, which both SQLite (TEXT) and
// PostgreSQL (DATE) columns accept and which sorts in date order.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a date from a TEXT or DATE column.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = Of(v.Date())
		return nil
	case string:
		return d.parseInto(v)
	case []byte:
		return d.parseInto(string(v))
	}
	return fmt.Errorf("civil.Date: cannot scan %T", src)
}

func (d *Date) parseInto(s string) error {
	if len(s) > 10 { // tolerate a time part some drivers add
		s = s[:10]
	}
	v, err := Parse(s)
	*d = v
	return err
}

// MarshalText formats the date for JSON as "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	*d = v
	return err
}

// Never is the date used for "not yet": an invoice still open has not been
// settled until Never. It sorts after every real date, so "closed after D"
// is a plain comparison in SQL.
var Never = Of(9999, 12, 31)
