package cli_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSheet is a rep's call on a 390×844 phone in Chinese: from the
// worklist the rep opens the first customer's call sheet, reads the
// opening ask with its reasons and its two options, logs the call as an
// excuse by its category (产品质量), and lands back on the sheet, which now
// shows the excuse with its counter in the customer's own figures and
// opens the carve-out form; a part of one invoice is set aside, the sheet
// says the rest is due as usual, and the customer stays on the worklist.
func TestBrowserSheet(t *testing.T) {
	base := startServer(t)
	phone := browser(t, 390, 844)
	login(t, phone, base, "r001")
	do(t, phone, chromedp.Navigate(base+"/worklist"), chromedp.WaitVisible(`#worklist article.work a.sheet-link`))
	href := eval(t, phone, chromedp.Evaluate[string](`document.querySelector('#worklist article.work a.sheet-link').getAttribute('href')`))
	do(t, phone, chromedp.Click(`#worklist article.work a.sheet-link`), chromedp.WaitVisible(`#ask .ask-amount`))
	if h := eval(t, phone, chromedp.Text(`#ask h2`)); h != "开口金额" {
		t.Errorf("the sheet's ask is headed %q", h)
	}
	ask := eval(t, phone, chromedp.Text(`#ask .ask-amount`))
	why := eval(t, phone, chromedp.Text(`#ask .ask-why`))
	if !strings.HasPrefix(ask, "¥") || !strings.Contains(why, "÷ r") || !strings.Contains(why, "上限") {
		t.Errorf("the ask %q, its reasons %q", ask, why)
	}
	if n := eval(t, phone, chromedp.Evaluate[int](`document.querySelectorAll('#ask ul.options li').length`)); n != 2 {
		t.Errorf("%d options beside the ask, want 2", n)
	}
	shot(t, phone, "phone-sheet", 390)
	noHorizontalOverflow(t, phone, "the call sheet")

	do(t, phone,
		chromedp.Click(`#log .excuse-in-call summary`),
		chromedp.Click(`#log button[value=quality]`),
		chromedp.WaitVisible(`#excuses article.excuse`))
	// The customer may have an older excuse on the sheet already, which
	// WaitVisible sees at once: wait (a while, not for ever) for the sheet
	// to show the new one first, then hold it to that.
	_, _ = chromedp.Run(phone, chromedp.Poll[bool](`document.querySelector('#excuses article.excuse strong')?.textContent === '产品质量'`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if cat := eval(t, phone, chromedp.Text(`#excuses article.excuse:first-of-type strong`)); cat != "产品质量" {
		t.Errorf("the excuse just logged is shown as %q, want 产品质量", cat)
	}
	if got := eval(t, phone, chromedp.Evaluate[string](`location.pathname`)); got != href {
		t.Errorf("after the call the rep is on %s, want the sheet %s", got, href)
	}
	counter := eval(t, phone, chromedp.Text(`#excuses article.excuse:first-of-type p.counter`))
	if counter == "" || strings.Contains(counter, "{") || !strings.Contains(counter, "¥") {
		t.Errorf("the counter %q: want the customer's figures filled in", counter)
	}
	shot(t, phone, "phone-sheet-excuse", 390)

	// The quality excuse opens the carve-out form: the customer disputes
	// part of one invoice, only that part is set aside, and the sheet says
	// the rest is due as usual.
	if open := eval(t, phone, chromedp.Evaluate[bool](`document.querySelector('#disputes details.carve').open`)); !open {
		t.Error("after a quality excuse the carve-out form is closed")
	}
	owedBefore := eval(t, phone, chromedp.Text(`.figures div:first-child dd`))
	do(t, phone,
		chromedp.SetValue(`#disputes form.carve tbody tr:first-child input[name="amount[]"]`, "100"),
		chromedp.Click(`#disputes form.carve button[type=submit]`),
		chromedp.WaitVisible(`p.carved`),
	)
	if got := eval(t, phone, chromedp.Evaluate[string](`location.pathname`)); got != href {
		t.Errorf("after the carve-out the rep is on %s, want the sheet %s", got, href)
	}
	carved := eval(t, phone, chromedp.Text(`p.carved`))
	if !strings.Contains(carved, "¥100.00 有争议已搁置") || !strings.Contains(carved, "照常应付") {
		t.Errorf("the sheet says %q", carved)
	}
	if owed := eval(t, phone, chromedp.Text(`.figures div:first-child dd`)); owed != owedBefore {
		t.Errorf("owed went from %s to %s: a dispute sets a part aside, it does not forgive it", owedBefore, owed)
	}
	if n := eval(t, phone, chromedp.Evaluate[int](`document.querySelectorAll('#disputes ul li').length`)); n < 1 {
		t.Error("the dispute is not listed on the sheet")
	}
	shot(t, phone, "phone-sheet-dispute", 390)
	noHorizontalOverflow(t, phone, "the call sheet with a dispute")

	// The rest stays collectable: the customer is still on the list of
	// customers with something overdue.
	code := strings.TrimSuffix(strings.TrimPrefix(href, "/customers/"), "/sheet")
	do(t, phone, chromedp.Navigate(base+"/customers?overdue=1&q="+code), chromedp.WaitVisible(`main table`))
	if row := eval(t, phone, chromedp.Evaluate[string](`[...document.querySelectorAll('main table tbody tr')].map(r => r.textContent).join('|')`)); !strings.Contains(row, code) {
		t.Errorf("after the carve-out %s is not among the customers with something overdue: %q", code, row)
	}
}
