package scorecard

import (
	"strings"

	"huikuan/internal/export"
)

// kpiColumns are the KPI table's columns after the aging buckets' part:
// header in Chinese and English, kind, and the cell of a KPIs.
var kpiColumns = []struct {
	zh, en string
	kind   export.Kind
	cell   func(k KPIs) any
}{
	{"开始日期", "from", export.Date, func(k KPIs) any { return k.From }},
	{"结束日期", "to", export.Date, func(k KPIs) any { return k.To }},
	{"天数", "days", export.Int, func(k KPIs) any { return k.Days }},
	{"赊销额", "credit sales", export.Money, func(k KPIs) any { return k.CreditSales }},
	{"期初应收", "AR at the beginning", export.Money, func(k KPIs) any { return k.ARBegin }},
	{"期末应收", "AR at the end", export.Money, func(k KPIs) any { return k.AREnd }},
	{"其中未到期", "of which not yet due", export.Money, func(k KPIs) any { return k.CurrentAREnd }},
	{"其中逾期", "of which overdue", export.Money, func(k KPIs) any { return k.OverdueAREnd }},
	{"回款", "collected", export.Money, func(k KPIs) any { return k.Collected }},
	{"目标", "target", export.Money, func(k KPIs) any { return k.Target }},
	{"回款达成率", "collection rate", export.Percent, func(k KPIs) any { return k.CollectionRate }},
	{"DSO（天）", "DSO (days)", export.Number, func(k KPIs) any { return k.DSO }},
	{"倒推法 DSO（天）", "countback DSO (days)", export.Number, func(k KPIs) any { return k.DSOCountback }},
	{"最佳 DSO（天）", "best possible DSO (days)", export.Number, func(k KPIs) any { return k.BPDSO }},
	{"平均拖欠天数", "average days delinquent", export.Number, func(k KPIs) any { return k.ADD }},
	{"CEI（整期，%）", "CEI (whole period, %)", export.Number, func(k KPIs) any { return k.CEI }},
	{"逾期占比", "overdue ratio", export.Percent, func(k KPIs) any { return k.OverdueRatio }},
	{"逾期加权天数", "days late, amount-weighted", export.Number, func(k KPIs) any { return k.DaysLateWeighted }},
	{"承诺兑现率（笔数）", "promises kept, by count", export.Percent, func(k KPIs) any { return k.KeptRateCount }},
	{"承诺兑现率（金额）", "promises kept, by amount", export.Percent, func(k KPIs) any { return k.KeptRateAmount }},
	{"接通率", "calls reaching the customer", export.Percent, func(k KPIs) any { return k.ReachedRate }},
	{"承诺率", "reached calls with a promise", export.Percent, func(k KPIs) any { return k.PromiseRate }},
}

// KPITable is the KPIs of one or more periods as one table, a row per
// period, with column headers in lang (zh or en): what every export of
// the KPIs writes.
func KPITable(lang string, ks ...KPIs) export.Table {
	t := export.Table{Name: map[bool]string{true: "KPIs", false: "回款指标"}[lang == "en"]}
	for _, c := range kpiColumns {
		t.Columns = append(t.Columns, export.Column{Name: pick(lang, c.zh, c.en), Kind: c.kind})
	}
	if len(ks) > 0 {
		for _, b := range ks[0].Aging {
			t.Columns = append(t.Columns, export.Column{Name: pick(lang, "账龄 ", "aging ") + agingLabel(lang, b.Label), Kind: export.Money})
		}
	}
	for _, k := range ks {
		row := make([]any, 0, len(t.Columns))
		for _, c := range kpiColumns {
			row = append(row, c.cell(k))
		}
		for _, b := range k.Aging {
			row = append(row, b.Amount)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// agingLabel names a bucket: the ledger's labels are "not yet due",
// "1-30" … "over 180".
func agingLabel(lang, label string) string {
	if label == "not yet due" {
		return pick(lang, "未到期", label)
	}
	if n, ok := strings.CutPrefix(label, "over "); ok {
		return pick(lang, n+"天以上", "over "+n+" days")
	}
	return label + pick(lang, "天", " days")
}
