package plan

import (
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// CheckTarget adds the problems of a rep's collection target (回款任务)
// for a month: month the first day of a month within the business dates,
// amount at least 0 (0 is "no target") and within money.MaxAmount. The
// fields are named "month" and "target", as the columns of a target
// import; row is the input line, or 0.
func CheckTarget(bad *errs.Invalid, row int, month civil.Date, amount money.Amount) {
	CheckMonth(bad, row, "month", month)
	switch {
	case amount < 0:
		bad.AddCode(row, "target", errs.CodeNegative, "a target cannot be below 0")
	default:
		ledger.CheckAmount(bad, row, "target", amount)
	}
}

// CheckMonth adds a problem when month is not the first day of a month
// within the business dates (civil.FirstDay to civil.LastDay).
func CheckMonth(bad *errs.Invalid, row int, field string, month civil.Date) {
	switch {
	case month == 0 || !month.InRange():
		bad.AddCode(row, field, errs.CodeDate, "%s: a month from %s to %s is required", field, MonthKey(civil.FirstDay), MonthKey(civil.LastDay))
	case month.Day() != 1:
		bad.AddCode(row, field, errs.CodeDate, "%s %s is not the first day of a month", field, month)
	}
}

// ParseMonth reads a month written as YYYY-MM (or YYYY-MM-01) and returns
// its first day.
func ParseMonth(s string) (civil.Date, error) {
	if len(s) == 7 {
		s += "-01"
	}
	d, err := civil.Parse(s)
	if err != nil || d.Day() != 1 {
		return 0, fmt.Errorf("not a month: %q (want YYYY-MM)", s)
	}
	return d, nil
}

// MonthKey formats a month as YYYY-MM.
func MonthKey(month civil.Date) string { return month.String()[:7] }

// MaySetTargets reports whether u may set the target of a rep of team
// repTeam: an admin for any rep, a manager for the reps of their own team
// only, a rep never (not even their own).
func MaySetTargets(u user.User, repTeam string) bool {
	switch u.Role {
	case user.Admin:
		return true
	case user.Manager:
		return u.Team != "" && u.Team == repTeam
	}
	return false
}

// ScopeMaySetTargets is MaySetTargets for what a scope sees, for the
// store, which is given scopes rather than users: a scope of every
// customer (an admin's) sets any rep's target, a team's (a manager's) its
// reps' targets, a rep's none.
func ScopeMaySetTargets(sc user.Scope, repTeam string) bool {
	switch {
	case sc.All:
		return true
	case sc.Team != "":
		return sc.Team == repTeam
	}
	return false
}
