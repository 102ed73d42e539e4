package civil

import "time"

// Calendar says which dates are working days: Monday to Friday, except the
// listed holidays, plus the listed make-up working days (调休) that fall on a
// weekend.
type Calendar struct {
	Holidays map[Date]bool
	Workdays map[Date]bool // weekend days worked in exchange for a holiday
}

// IsWorkday reports whether d is a working day.
func (c Calendar) IsWorkday(d Date) bool {
	if c.Workdays[d] {
		return true
	}
	if c.Holidays[d] {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the n-th working day after d (n > 0) or before d
// (n < 0); n == 0 returns d itself.
func (c Calendar) AddWorkdays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}
