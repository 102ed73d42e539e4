package notify

import (
	"fmt"
	"html/template"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// Statement is a dealer's monthly statement (对账单) as mailed: the month's
// documents with the running balance, the invoices still open, and the
// signed link where the dealer confirms the balance, reports a mismatch
// or proposes a payment. It is in Chinese, as the dealer page is by
// default; the dealer page has English.
type Statement struct {
	ledger.Statement
	Open    []OpenInvoice
	LinkURL string
	Expires civil.Date
}

// OpenInvoice is an invoice with something still to pay.
type OpenInvoice struct {
	Number string
	Due    civil.Date
	Open   money.Amount
}

var entryWords = map[string]string{ledger.EntryInvoice: "发票", ledger.EntryCreditNote: "红字发票", ledger.EntryPayment: "回款"}

// StatementSubject is the statement's subject line.
func (s Statement) Subject() string {
	y, m, _ := s.To.YMD()
	return fmt.Sprintf("%s %d年%d月对账单", s.Name, y, int(m))
}

// Message is the statement as text (the mail's plain part).
func (s Statement) Message() Message {
	var b text
	line := b.line
	line("%s：", s.Name)
	line("")
	line("贵司 %s 至 %s 的对账单如下，明细见附件。", s.From, s.To)
	line("期初余额 %s，期末余额 %s。", s.Opening.Format(), s.Closing.Format())
	for _, e := range s.Entries {
		line("- %s %s %s %s", e.Date, entryWords[e.Kind], e.Number, e.Amount.Format())
	}
	if len(s.Open) > 0 {
		line("")
		line("未结清发票 %d 张：", len(s.Open))
		for _, o := range s.Open {
			line("- %s，%s 到期，未付 %s", o.Number, o.Due, o.Open.Format())
		}
	}
	line("")
	line("请在 %s 前打开下面的链接确认余额，如有不符可直接标明，也可提交付款计划：", s.Expires)
	line("%s", s.LinkURL)
	return b.message(s.Subject())
}

var statementHTML = template.Must(template.New("statement").Funcs(template.FuncMap{
	"yuan": func(a money.Amount) string { return a.Format() },
	"kind": func(k string) string { return entryWords[k] },
}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; color: #222; max-width: 640px">
<p>{{.Name}}：</p>
<p>贵司 {{.From}} 至 {{.To}} 的对账单如下，明细亦见附件（Excel）。</p>
<table style="border-collapse: collapse" cellpadding="4">
<tr><td>期初余额</td><td style="text-align: right">{{yuan .Opening}}</td></tr>
<tr><td><strong>期末余额</strong></td><td style="text-align: right"><strong>{{yuan .Closing}}</strong></td></tr>
</table>
<table style="border-collapse: collapse; margin-top: 12px" cellpadding="4" border="1">
<tr><th>日期</th><th>类型</th><th>单号</th><th>金额</th><th>余额</th></tr>
{{range .Entries}}<tr><td>{{.Date}}</td><td>{{kind .Kind}}</td><td>{{.Number}}</td><td style="text-align: right">{{yuan .Amount}}</td><td style="text-align: right">{{yuan .Balance}}</td></tr>
{{else}}<tr><td colspan="5">本期无往来</td></tr>
{{end}}</table>
{{if .Open}}<p>未结清发票 {{len .Open}} 张：</p>
<table style="border-collapse: collapse" cellpadding="4" border="1">
<tr><th>发票号</th><th>到期日</th><th>未付</th></tr>
{{range .Open}}<tr><td>{{.Number}}</td><td>{{.Due}}</td><td style="text-align: right">{{yuan .Open}}</td></tr>
{{end}}</table>{{end}}
<p><a href="{{.LinkURL}}" style="display: inline-block; padding: 10px 16px; background: #0b5cad; color: #fff; text-decoration: none">在线对账：确认余额、标明不符或提交付款计划</a></p>
<p style="color: #666">链接 {{.Expires}} 前有效，仅用于贵司的对账单。</p>
</body></html>
`))

// HTML is the statement as the mail's HTML part.
func (s Statement) HTML() (string, error) {
	var b strings.Builder
	err := statementHTML.Execute(&b, s)
	return b.String(), err
}
