package tables

import (
	"huikuan/internal/export"
	"huikuan/internal/ledger"
	"huikuan/internal/notify"
)

// Statement is a dealer's statement as two sheets: the period's documents
// between the opening and closing balances, and the invoices still open.
func Statement(st notify.Statement, lang string) []export.Table {
	kinds := map[string][2]string{ledger.EntryInvoice: {"发票", "invoice"}, ledger.EntryCreditNote: {"红字发票", "credit note"}, ledger.EntryPayment: {"回款", "payment"}}
	t := export.Table{Name: word(lang, "对账单", "Statement"), Columns: columns(lang,
		col{"日期", "Date", export.Date}, col{"类型", "Kind", export.Text}, col{"单号", "Number", export.Text},
		col{"到期日", "Due", export.Date}, col{"金额", "Amount", export.Money}, col{"余额", "Balance", export.Money})}
	t.Rows = append(t.Rows, []any{st.From, word(lang, "期初余额", "opening balance"), nil, nil, nil, st.Opening})
	for _, e := range st.Entries {
		k := kinds[e.Kind]
		t.Rows = append(t.Rows, []any{e.Date, word(lang, k[0], k[1]), e.Number, datePtr(e.Due), e.Amount, e.Balance})
	}
	t.Rows = append(t.Rows, []any{st.To, word(lang, "期末余额", "closing balance"), nil, nil, nil, st.Closing})
	open := export.Table{Name: word(lang, "未结清发票", "Open invoices"), Columns: columns(lang,
		col{"发票号", "Number", export.Text}, col{"到期日", "Due", export.Date}, col{"未付", "Open", export.Money})}
	for _, o := range st.Open {
		open.Rows = append(open.Rows, []any{o.Number, o.Due, o.Open})
	}
	return []export.Table{t, open}
}
