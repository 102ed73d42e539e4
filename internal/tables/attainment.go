package tables

import (
	"huikuan/internal/export"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
)

// Attainment is the month's attainment report as one sheet: a line per
// rep, then the sum over them. A target not set is blank, not 0.
func Attainment(r planning.Report, lang string) []export.Table {
	t := export.Table{Name: word(lang, "回款达成 ", "Attainment ") + r.Month, Columns: columns(lang,
		col{"业务员", "Rep", export.Text}, col{"姓名", "Name", export.Text}, col{"团队", "Team", export.Text},
		col{"回款任务", "Target", export.Money}, col{"已回款", "Collected", export.Money}, col{"达成率", "Rate", export.Percent},
		col{"承诺(加权)", "Promised (weighted)", export.Money}, col{"措施预期", "Measures expected", export.Money},
		col{"缺口", "Gap", export.Money}, col{"未覆盖", "Uncovered", export.Money},
		col{"计划承诺", "Committed", export.Money}, col{"计划要求", "Planned", export.Money})}
	for _, a := range r.Reps {
		t.Rows = append(t.Rows, attainmentRow(a.Rep, a.Name, a.Team, a))
	}
	t.Rows = append(t.Rows, attainmentRow(word(lang, "合计", "Total"), "", "", r.Attainment))
	return []export.Table{t}
}

func attainmentRow(rep, name, team string, a plan.Attainment) []any {
	var target any
	if a.TargetSet {
		target = a.Target
	}
	return []any{rep, name, team, target, a.Collected, a.Rate, a.PromisedWeighted, a.MeasuresExpected, a.Gap, a.Uncovered, a.Committed, a.Planned}
}
