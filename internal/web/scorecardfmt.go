package web

import (
	"fmt"
	"strconv"

	"huikuan/internal/habit"
	"huikuan/internal/plan"
	"huikuan/internal/scorecard"
)

// The scorecard pages write each figure twice: its raw value in the cell's
// data-v, which charts.js draws and tests compare with the API (an amount
// as money.Amount's own decimal, "1234.50"), and its text for people.
// These methods make both.

// Nv is a ratio's data-v: the number as JSON writes it, or "" for none.
func (b Base) Nv(r *float64) string {
	if r == nil {
		return ""
	}
	return strconv.FormatFloat(*r, 'g', -1, 64)
}

// Iv is a score's data-v, or "" for none.
func (b Base) Iv(i *int) string {
	if i == nil {
		return ""
	}
	return strconv.Itoa(*i)
}

// Days shows a KPI in days, or one already in percent such as CEI, with
// one decimal, or a dash.
func (b Base) Days(r *float64) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f", *r)
}

// Pct shows a ratio in percent with one decimal (0.523 → 52.3%), or a dash.
func (b Base) Pct(r *float64) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100**r)
}

// Score shows a habit's score, or "no data".
func (b Base) Score(i *int) string {
	if i == nil {
		return b.T("sc.no-data")
	}
	return strconv.Itoa(*i)
}

// HabitName names a habit by its code, in the words of package habit, so
// the page, the findings and the downloaded scorecard say the same.
func (b Base) HabitName(code string) string { return habit.Code(code).Name(string(b.Lang)) }

// MonthKey is the month a KPIs covers, YYYY-MM.
func (b Base) MonthKey(k scorecard.KPIs) string { return plan.MonthKey(k.From) }

// RepLabel names a rep by name, or by code without one.
func (b Base) RepLabel(code, name string) string {
	if name == "" {
		return code
	}
	return name
}
