package web

// All the HTML the web app writes from Go rather than through html/template
// is in this file, written through htmlWriter. Each fragment exists for
// speed (docs/BENCHMARKS.md: html/template took four fifths of the
// worklist's time on its fifty cards) and has its template twin in
// templates/fragments/go.html; gohtml_test.go renders both for fixtures in
// Chinese and English, whole pages and htmx parts, and compares the bytes.

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/store"
)

// markup is HTML that is a constant of the code. Raw takes only markup, and
// a string variable does not convert to it implicitly: data cannot reach
// the page unescaped by mistake.
type markup string

// htmlWriter builds HTML with html/template's escaping rules, so a fragment
// written in Go is byte for byte what its template writes: Text for text
// content, Attr for the inside of a double-quoted attribute value, URL for
// a whole URL attribute value.
type htmlWriter struct{ b strings.Builder }

// Raw writes markup written in the code.
func (w *htmlWriter) Raw(m markup) { w.b.WriteString(string(m)) }

// Text writes s as text content.
func (w *htmlWriter) Text(s string) { escapeHTML(&w.b, s) }

// Attr writes s inside a double-quoted attribute value. (html/template
// escapes quoted attribute values as it does text.)
func (w *htmlWriter) Attr(s string) { escapeHTML(&w.b, s) }

// URL writes s as a URL attribute value: a URL whose scheme is not http,
// https, mailto or tel (javascript:, data:, …) is written as
// "#ZgotmplZ", as html/template does; the rest is normalized (bytes a URL
// may not hold percent-encoded) and escaped as an attribute.
func (w *htmlWriter) URL(s string) {
	if !safeURL(s) {
		w.b.WriteString("#ZgotmplZ")
		return
	}
	var n strings.Builder
	normalizeURL(&n, s)
	escapeHTML(&w.b, n.String())
}

// Safe writes HTML that is already safe (written by this file, or by a
// template).
func (w *htmlWriter) Safe(h template.HTML) { w.b.WriteString(string(h)) }

// Int writes a number as text.
func (w *htmlWriter) Int(n int64) { w.b.WriteString(strconv.FormatInt(n, 10)) }

// HTML returns what was written.
func (w *htmlWriter) HTML() template.HTML { return template.HTML(w.b.String()) }

// escapeHTML is html/template's htmlEscaper.
func escapeHTML(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// safeURL reports whether s is relative or has a scheme that only
// navigates.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	for _, safe := range []string{"http", "https", "mailto", "tel"} {
		if strings.EqualFold(scheme, safe) {
			return true
		}
	}
	return false
}

// normalizeURL is html/template's URL normalizer: it percent-encodes the
// bytes that may not appear in a URL and keeps valid escapes.
func normalizeURL(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		b.WriteString(s[last:i])
		fmt.Fprintf(b, "%%%02x", c)
		last = i + 1
	}
	b.WriteString(s[last:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// Cards writes the cards of today's items, or of the rest (template twin:
// "cards"). The list is the rep's home page; each card:
//
//	<article class="work[ must]" id="w-CODE">
//	  <header>rank, the name linking to the customer, the amount at stake</header>
//	  <ul class="reasons">the reasons</ul> <p class="advice">the action</p>
//	  a tel: link, the form logging the call (LogControls), a place for its problem
//	</article>
func (p WorklistPage) Cards(today bool) template.HTML {
	var w htmlWriter
	w.b.Grow(len(p.Items) * (len(p.LogControls) + 1200)) // a card's size, without growing on the way
	for _, it := range p.Items {
		if it.Today != today {
			continue
		}
		w.Raw("\n<article class=\"work")
		if it.MustCall {
			w.Raw(" must")
		}
		w.Raw("\" id=\"w-")
		w.Attr(it.Customer)
		w.Raw("\">\n  <header>\n    <span class=\"rank\">")
		w.Int(int64(it.Rank))
		w.Raw("</span>\n    <a class=\"name\" href=\"")
		w.URL("/customers/" + url.PathEscape(it.Customer))
		w.Raw("\">")
		w.Text(it.Name)
		w.Raw("</a>\n    <strong class=\"stake\">")
		w.Text(it.AmountAtStake.FormatWan())
		w.Raw("</strong>\n  </header>\n  <ul class=\"reasons\">")
		for _, words := range it.Words {
			w.Raw("<li>")
			w.Text(words)
			w.Raw("</li>")
		}
		w.Raw("</ul>\n  <p class=\"advice\">")
		w.Text(p.T("suggested"))
		w.Raw(": ")
		w.Text(it.Advice)
		w.Raw("</p>\n  ")
		if it.Phone != "" {
			w.Raw("<a class=\"call\" href=\"")
			w.URL("tel:" + it.Phone)
			w.Raw("\">")
			w.Text(p.T("call"))
			w.Raw(" ")
			w.Text(it.Phone)
			w.Raw("</a>")
		}
		w.Raw(" <a class=\"sheet-link\" href=\"")
		w.URL("/customers/" + url.PathEscape(it.Customer) + "/sheet")
		w.Raw("\">")
		w.Text(p.T("sheet.open"))
		w.Raw("</a>")
		w.Raw("\n  <form method=\"post\" action=\"/worklist/calls\" hx-post=\"/worklist/calls\" hx-target=\"#worklist\" class=\"log\">\n    ")
		w.Raw("<input type=\"hidden\" name=\"csrf\" value=\"")
		w.Attr(p.CSRF)
		w.Raw("\"><input type=\"hidden\" name=\"customer\" value=\"")
		w.Attr(it.Customer)
		w.Raw("\"><input type=\"hidden\" name=\"rep\" value=\"")
		w.Attr(p.Rep)
		w.Raw("\"><input type=\"hidden\" name=\"ref\" value=\"web:")
		w.Attr(p.Once)
		w.Raw(":")
		w.Attr(it.Customer)
		w.Raw("\">\n    ")
		w.Safe(p.LogControls)
		w.Raw("\n  </form>\n  <div class=\"card-problem\" data-problem=\"")
		w.Attr(it.Customer)
		w.Raw("\" aria-live=\"polite\"></div>\n</article>\n")
	}
	return w.HTML()
}

// logControls writes the outcome buttons (one tap logs the call), the
// excuse's (a tap on 找理由 opens the categories, a tap on one logs the
// call: the form sends only excuse, which the handler takes for the
// disposition reached-excuse; the amount and notes may be typed first)
// and the promise fields (a tap, the amount and date, a tap) of a worklist
// item (template twin: "logcontrols"). It is a form's own: no script.
func logControls(b Base) template.HTML {
	var w htmlWriter
	w.Raw(`<div class="dispositions">`)
	for _, d := range followup.Dispositions {
		if d == followup.ReachedPromised || d == followup.ReachedExcuse {
			continue
		}
		w.Raw(`<button type="submit" name="disposition" value="`)
		w.Attr(d)
		w.Raw(`" class="d-`)
		w.Attr(d)
		w.Raw(`">`)
		w.Text(b.T("disp." + d))
		w.Raw(`</button>`)
	}
	w.Raw(`</div><details class="excuse-in-call"><summary class="d-reached-excuse">`)
	w.Text(b.T("disp.reached-excuse"))
	w.Raw(`…</summary><label>`)
	w.Text(b.T("excuse.amount") + " (¥)")
	w.Raw(`<input name="excuse_amount" inputmode="decimal"></label><label>`)
	w.Text(b.T("notes"))
	w.Raw(`<input name="notes"></label><label>`)
	w.Text(b.T("excuse.soon-date"))
	w.Raw(`<input name="excuse_date" type="date"></label><p class="excuse-pick">`)
	w.Text(b.T("excuse.pick"))
	w.Raw(`</p><div class="excuses">`)
	for _, c := range excuse.Categories {
		w.Raw(`<button type="submit" name="excuse" value="`)
		w.Attr(string(c))
		w.Raw(`" class="x-`)
		w.Attr(string(c))
		w.Raw(`">`)
		w.Text(b.T("excuse." + string(c)))
		w.Raw(`</button>`)
	}
	w.Raw(`</div></details><details class="promise-in-call"><summary>`)
	w.Text(b.T("disp.reached-promised"))
	w.Raw(`…</summary>`)
	for _, f := range []struct {
		label string
		input markup
	}{
		{b.T("amount") + " (¥)", `<input name="amount" inputmode="decimal" placeholder="50000">`},
		{b.T("pay.by"), `<input name="date" type="date">`},
		{b.T("notes"), `<input name="notes">`},
		{b.T("next.followup"), `<input name="next" type="date">`},
	} {
		w.Raw(`<label>`)
		w.Text(f.label)
		w.Raw(f.input)
		w.Raw(`</label>`)
	}
	w.Raw(`<button type="submit" name="disposition" value="reached-promised" class="d-reached-promised">`)
	w.Text(b.T("save.promise"))
	w.Raw(`</button></details>`)
	return w.HTML()
}

// callRows writes the calls table's rows: when, the outcome, the amounts
// asked and agreed, the notes (template twin: "callrows").
func callRows(b Base, calls []store.CallRow, loc *time.Location) template.HTML {
	var w htmlWriter
	for _, c := range calls {
		outcome := b.T("pending")
		if c.Disposition != "" {
			outcome = b.T("disp." + c.Disposition)
		}
		if c.Excuse != "" {
			outcome += " · " + b.T("excuse."+string(c.Excuse))
		}
		w.Raw(`<tr><td>`)
		w.Text(c.At.In(loc).Format("2006-01-02 15:04:05"))
		w.Raw(`</td><td>`)
		w.Text(outcome)
		w.Raw(`</td><td class="num opt">`)
		w.Text(yuanOrBlank(c.AmountAsked))
		w.Raw(`</td><td class="num opt">`)
		w.Text(yuanOrBlank(c.AmountAgreed))
		w.Raw(`</td><td class="opt">`)
		w.Text(c.Notes)
		w.Raw(`</td></tr>`)
	}
	return w.HTML()
}

// promiseRows writes the promises table's rows: the date, amount,
// credibility, status, what was paid, the support plan, when it was made,
// and for an open one a button to withdraw it (template twin:
// "promiserows").
func promiseRows(b Base, ps []store.CommitmentRow) template.HTML {
	var w htmlWriter
	for _, c := range ps {
		w.Raw(`<tr class="st-`)
		w.Attr(string(c.Status))
		w.Raw(`"><td>`)
		w.Text(dateOrBlank(c.Due))
		w.Raw(`</td><td class="num">`)
		w.Text(c.Commitment.Amount.Format())
		w.Raw(`</td><td class="num">`)
		if c.P != nil {
			w.Text(fmt.Sprintf("%.0f%%", 100**c.P))
		}
		w.Raw(`</td><td>`)
		w.Text(b.T("st." + string(c.Status)))
		if c.ProposedByCustomer {
			w.Raw(` <span class="badge proposed">`)
			w.Text(b.T("proposed.by.customer"))
			w.Raw(`</span>`)
		}
		w.Raw(`</td><td class="num">`)
		w.Text(c.Fulfilled.Format())
		w.Raw(`</td><td class="opt">`)
		w.Text(b.T("sk." + c.SupportKind))
		w.Raw(`</td><td class="opt">`)
		w.Text(dateOrBlank(c.Made))
		w.Raw("</td>\n<td>")
		if c.Status == commitment.Open {
			w.Raw(`<form method="post" action="/commitments/`)
			w.Int(c.ID)
			w.Raw(`/cancel" class="inline"><input type="hidden" name="csrf" value="`)
			w.Attr(b.CSRF)
			w.Raw(`"><button type="submit" class="link">`)
			w.Text(b.T("cancel"))
			w.Raw(`</button></form>`)
		}
		w.Raw("</td></tr>")
	}
	return w.HTML()
}

// repOptions writes the <option>s of the customers page's rep filter, for
// managers and admins: an admin has hundreds of reps (template twin:
// "repoptions").
func repOptions(reps []string, selected string) template.HTML {
	var w htmlWriter
	for _, code := range reps {
		if code == selected {
			w.Raw("<option selected>")
		} else {
			w.Raw("<option>")
		}
		w.Text(code)
		w.Raw("</option>")
	}
	return w.HTML()
}

// HTML writes one table of the scorecard pages and the data charts.js
// draws its chart from: the dashboard has a few hundred figures, each an
// attribute and a text (template twin: "charttable").
func (t ChartTable) HTML() template.HTML {
	var w htmlWriter
	w.Raw("\n<h2>")
	w.Text(t.Title)
	w.Raw("</h2>\n<div class=\"scroll\"><table class=\"")
	if t.Chart != "" {
		w.Raw("chart-data ")
	}
	w.Attr(t.Class)
	w.Raw("\"")
	dataAttr(&w, " data-chart=\"", t.Chart)
	dataAttr(&w, " data-unit=\"", t.Unit)
	dataAttr(&w, " data-max=\"", t.Max)
	w.Raw(">\n<thead><tr>")
	for _, h := range t.Head {
		w.Raw("<th")
		if h.Num {
			w.Raw(" class=\"num\"")
		}
		if h.Series {
			w.Raw(" data-series")
		}
		dataAttr(&w, " data-scale=\"", h.Scale)
		dataAttr(&w, " data-habit=\"", h.Habit)
		w.Raw(">")
		w.Text(h.Text)
		w.Raw("</th>")
	}
	w.Raw("</tr></thead>\n<tbody>")
	for _, r := range t.Rows {
		chartRow(&w, r)
	}
	if len(t.Rows) == 0 {
		w.Raw("<tr><td colspan=\"")
		w.Attr(t.Cols())
		w.Raw("\">")
		w.Text(t.Empty)
		w.Raw("</td></tr>")
	}
	w.Raw("</tbody>\n")
	if len(t.Foot) > 0 {
		w.Raw("<tfoot><tr><th>")
		w.Text(t.Foot[0])
		w.Raw("</th>")
		for _, f := range t.Foot[1:] {
			w.Raw("<td class=\"num\">")
			w.Text(f)
			w.Raw("</td>")
		}
		w.Raw("</tr></tfoot>")
	}
	w.Raw("\n</table></div>\n")
	if t.Note != "" {
		w.Raw("<p class=\"note\">")
		w.Text(t.Note)
		w.Raw("</p>")
	}
	w.Raw("\n")
	return w.HTML()
}

// chartRow writes one line of a ChartTable.
func chartRow(w *htmlWriter, r Row) {
	w.Raw("<tr")
	dataAttr(w, " data-rep=\"", r.Rep)
	dataAttr(w, " data-habit=\"", r.Habit)
	dataAttr(w, " data-month=\"", r.Month)
	dataAttr(w, " data-from=\"", r.From)
	dataAttr(w, " data-to=\"", r.To)
	w.Raw("><td")
	dataAttr(w, " title=\"", r.Title)
	w.Raw(">")
	if r.Link != "" {
		w.Raw("<a href=\"")
		w.URL(r.Link)
		w.Raw("\">")
		w.Text(r.Label)
		w.Raw("</a>")
	} else {
		w.Text(r.Label)
	}
	w.Raw("</td>")
	for _, c := range r.Cells {
		if c.Words {
			w.Raw("<td class=\"words\"")
		} else {
			w.Raw("<td class=\"num\"")
		}
		dataAttr(w, " data-k=\"", c.K)
		if c.HasV {
			w.Raw(" data-v=\"")
			w.Attr(c.V)
			w.Raw("\"")
		}
		w.Raw(">")
		w.Text(c.Text)
		w.Raw("</td>")
	}
	w.Raw("</tr>\n")
}

// dataAttr writes an attribute (open is its name and opening quote) when
// its value is not empty.
func dataAttr(w *htmlWriter, open markup, v string) {
	if v == "" {
		return
	}
	w.Raw(open)
	w.Attr(v)
	w.Raw("\"")
}

// yuanOrBlank formats an amount, or nothing for none (text, unescaped).
func yuanOrBlank(a money.Amount) string {
	if a == 0 {
		return ""
	}
	return a.Format()
}

func dateOrBlank(d civil.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}
