package scorecard

import (
	"huikuan/internal/export"
	"huikuan/internal/habit"
)

// cardHeaders name the columns of the scorecard's tables, zh and en.
var cardHeaders = map[string][2]string{
	"month": {"月份", "month"}, "rep": {"业务员", "rep"}, "name": {"姓名", "name"}, "team": {"团队", "team"},
	"order": {"排序", "rank"}, "habit": {"习惯", "habit"}, "code": {"代码", "code"}, "habit_name": {"习惯名称", "habit name"},
	"value": {"指标", "value"}, "team_median": {"团队中位数", "team median"}, "score": {"得分", "score"},
	"finding": {"发现", "finding"}, "tip": {"辅导建议", "tip"}, "measure": {"附加指标", "measure"}, "label": {"名称", "label"}, "unit": {"单位", "unit"},
	"definition": {"定义", "definition"},
}

func header(key, lang string) string {
	if lang == "en" {
		return cardHeaders[key][1]
	}
	return cardHeaders[key][0]
}

// Tables are the scorecard as tables for XLSX and CSV, the same for the
// CLI, the pages and the API: "habits", one row per rep and habit in each
// rep's order (weakest first, rank 1), the value and the team median as
// percentages; "measures", the secondary figures; "definitions", each
// habit's definition. Headers in lang ("en", else Chinese).
func (c Card) Tables(lang string) []export.Table {
	col := func(key string, k export.Kind, width float64) export.Column {
		return export.Column{Name: header(key, lang), Kind: k, Width: width}
	}
	hs := export.Table{Name: habitWord(lang, "习惯", "habits"), Columns: []export.Column{
		col("month", export.Text, 0), col("rep", export.Text, 0), col("name", export.Text, 0), col("team", export.Text, 0),
		col("order", export.Int, 0), col("habit", export.Int, 0), col("code", export.Text, 0), col("habit_name", export.Text, 0),
		col("value", export.Percent, 0), col("team_median", export.Percent, 0), col("score", export.Int, 0),
		col("finding", export.Text, 60), col("tip", export.Text, 60)}}
	ms := export.Table{Name: habitWord(lang, "附加指标", "measures"), Columns: []export.Column{
		col("month", export.Text, 0), col("rep", export.Text, 0), col("habit", export.Int, 0), col("code", export.Text, 0),
		col("measure", export.Text, 0), col("label", export.Text, 0), col("value", export.Number, 0), col("unit", export.Text, 0)}}
	hs.Rows, ms.Rows = [][]any{}, [][]any{}
	for _, r := range c.Reps {
		for i, h := range r.Habits {
			hs.Rows = append(hs.Rows, []any{c.Month, r.Rep, r.Name, r.Team, i + 1, h.Habit, h.Code, habit.Code(h.Code).Name(lang),
				h.Value, h.TeamMedian, h.Score, h.Finding, h.Tip})
			for _, m := range h.Measures {
				ms.Rows = append(ms.Rows, []any{c.Month, r.Rep, h.Habit, h.Code, m.Code, m.Label, m.Value, m.Unit})
			}
		}
	}
	defs := export.Table{Name: habitWord(lang, "定义", "definitions"), Columns: []export.Column{
		col("habit", export.Int, 0), col("code", export.Text, 0), col("habit_name", export.Text, 0), col("definition", export.Text, 80)}}
	defs.Rows = [][]any{}
	for i, code := range habit.Codes {
		defs.Rows = append(defs.Rows, []any{i + 1, string(code), code.Name(lang), code.Definition(lang)})
	}
	return []export.Table{hs, ms, defs}
}

func habitWord(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}
