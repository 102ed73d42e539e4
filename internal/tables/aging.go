package tables

import (
	"fmt"

	"huikuan/internal/export"
	"huikuan/internal/ledger"
)

// Aging is the aging report as two sheets: every customer's line (code,
// name, rep, one column per bucket, total, prepaid, disputed, credit limit,
// over limit), then the buckets' totals.
func Aging(r *ledger.AgingReport, lang string) []export.Table {
	cs := []col{{"客户编码", "Code", export.Text}, {"客户名称", "Name", export.Text}, {"业务员", "Rep", export.Text}}
	for _, b := range r.Buckets {
		cs = append(cs, col{BucketLabel(b, "zh"), BucketLabel(b, "en"), export.Money})
	}
	cs = append(cs, col{"合计", "Total", export.Money}, col{"预收", "Prepaid", export.Money},
		col{"争议", "Disputed", export.Money}, col{"信用额度", "Credit limit", export.Money}, col{"超额度", "Over limit", export.Text})
	lines := export.Table{Name: word(lang, "账龄 ", "Aging ") + r.AsOf.String(), Columns: columns(lang, cs...), Rows: make([][]any, 0, len(r.Customers))}
	for _, c := range r.Customers {
		row := make([]any, 0, len(cs))
		row = append(row, c.Code, c.Name, c.Rep)
		for _, a := range c.Buckets {
			row = append(row, a)
		}
		lines.Rows = append(lines.Rows, append(row, c.Total, c.Prepaid, c.Disputed, c.CreditLimit, yesNo(lang, c.OverLimit)))
	}
	sums := export.Table{Name: word(lang, "账龄汇总", "Aging totals"),
		Columns: columns(lang, col{"账龄段", "Bucket", export.Text}, col{"金额", "Amount", export.Money})}
	for _, b := range r.Buckets {
		sums.Rows = append(sums.Rows, []any{BucketLabel(b, lang), b.Amount})
	}
	sums.Rows = append(sums.Rows, []any{word(lang, "合计", "Total"), r.Total}, []any{word(lang, "预收", "Prepaid"), r.Prepaid},
		[]any{word(lang, "争议", "Disputed"), r.Disputed})
	return []export.Table{lines, sums}
}

// BucketLabel names an aging bucket in lang: 未到期 / not yet due, 1-30天 /
// 1-30 days, 180天以上 / over 180 days.
func BucketLabel(b ledger.BucketInfo, lang string) string {
	switch {
	case b.From == nil:
		return word(lang, "未到期", "Not yet due")
	case b.To == nil:
		return word(lang, fmt.Sprintf("%d天以上", *b.From-1), fmt.Sprintf("over %d days", *b.From-1))
	}
	return word(lang, fmt.Sprintf("%d-%d天", *b.From, *b.To), fmt.Sprintf("%d-%d days", *b.From, *b.To))
}
