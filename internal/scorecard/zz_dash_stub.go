package scorecard

// DASH STUB of the lead's KPIs.Tables (notes/contract.md), so the
// dashboard's KPI download works before it lands; delete this file when
// kpis.go has its own.

import "huikuan/internal/export"

// Tables is the KPIs as one sheet: one row, a column per figure.
func (k KPIs) Tables(lang string) []export.Table {
	cols := []export.Column{
		{Name: "from", Kind: export.Date}, {Name: "to", Kind: export.Date}, {Name: "days", Kind: export.Int},
		{Name: "credit_sales", Kind: export.Money}, {Name: "ar_begin", Kind: export.Money}, {Name: "ar_end", Kind: export.Money},
		{Name: "current_ar_end", Kind: export.Money}, {Name: "overdue_ar_end", Kind: export.Money}, {Name: "collected", Kind: export.Money},
		{Name: "target", Kind: export.Money}, {Name: "collection_rate", Kind: export.Percent},
		{Name: "dso", Kind: export.Number}, {Name: "dso_countback", Kind: export.Number}, {Name: "bpdso", Kind: export.Number},
		{Name: "add", Kind: export.Number}, {Name: "cei", Kind: export.Number}, {Name: "overdue_ratio", Kind: export.Percent},
		{Name: "days_late_weighted", Kind: export.Number}, {Name: "kept_rate_count", Kind: export.Percent},
		{Name: "kept_rate_amount", Kind: export.Percent}, {Name: "reached_rate", Kind: export.Percent}, {Name: "promise_rate", Kind: export.Percent},
	}
	row := []any{k.From, k.To, k.Days, k.CreditSales, k.ARBegin, k.AREnd, k.CurrentAREnd, k.OverdueAREnd, k.Collected,
		k.Target, k.CollectionRate, k.DSO, k.DSOCountback, k.BPDSO, k.ADD, k.CEI, k.OverdueRatio, k.DaysLateWeighted,
		k.KeptRateCount, k.KeptRateAmount, k.ReachedRate, k.PromiseRate}
	return []export.Table{{Name: "KPIs", Columns: cols, Rows: [][]any{row}}}
}
