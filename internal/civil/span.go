package civil

import "fmt"

// MaxReportYears is the longest period one report covers, from its first
// day to its last: a report walks its period month by month or day by day,
// and three years bounds the slowest (the credibility evaluation, one model
// fitted a month) to 37 fits, however the dates are chosen.
const MaxReportYears = 3

// CheckReportDate returns an error saying what is allowed when d, a date a
// report or a list is asked about (from, to, as of, a month), is outside
// the business dates FirstDay..LastDay: a date outside them is refused
// before any work is done, so no request can make a report walk the
// centuries.
func CheckReportDate(d Date) error {
	if !d.InRange() {
		return fmt.Errorf("%s is outside the dates a report covers, %s to %s", d, FirstDay, LastDay)
	}
	return nil
}

// CheckReportSpan returns an error when from is after to or when to is more
// than MaxReportYears after from.
func CheckReportSpan(from, to Date) error {
	switch {
	case from > to:
		return fmt.Errorf("from %s is after to %s", from, to)
	case to > from.AddMonths(12*MaxReportYears):
		return fmt.Errorf("from %s to %s is longer than %d years, the most one report covers", from, to, MaxReportYears)
	}
	return nil
}

// ReportStart is the first day of a report ending on to whose start was
// not given: first (the earliest data), but no earlier than MaxReportYears
// before to.
func ReportStart(first, to Date) Date {
	return max(first, to.AddMonths(-12*MaxReportYears))
}
