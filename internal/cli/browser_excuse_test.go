package cli_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserExcuse: on a phone, in Chinese, a rep taps 找理由 on a
// worklist card and one more tap on the category logs the excuse, with
// the amount typed first, without a page load; the customer's page then
// shows it in the excuse history.
func TestBrowserExcuse(t *testing.T) {
	ctx := browser(t, 390, 844)
	base := startServer(t)
	login(t, ctx, base, "r001")
	cards := eval(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#worklist article.work:not(.pending)')].map(a => a.id)`))
	if len(cards) == 0 {
		t.Fatal("the demo rep has no customer to call today")
	}
	card := cards[0]
	eval(t, ctx, chromedp.Evaluate[bool](`window.samePage = true; true`))
	do(t, ctx,
		chromedp.Click(`#`+card+` .excuse-in-call summary`),
		chromedp.WaitVisible(`#`+card+` button[value=cash_tight]`),
	)
	shot(t, ctx, "phone-worklist-excuse", 390)
	do(t, ctx,
		chromedp.SendKeys(`#`+card+` input[name=excuse_amount]`, "8000"),
		chromedp.Click(`#`+card+` button[value=cash_tight]`),
		chromedp.WaitNotPresent(`#`+card),
	)
	if flash := eval(t, ctx, chromedp.Text(`#worklist .flash`)); !strings.Contains(flash, "找理由 · 资金紧张") {
		t.Errorf("after the excuse the page says %q", flash)
	}
	if !eval(t, ctx, chromedp.Evaluate[bool](`window.samePage === true`)) {
		t.Error("logging the excuse loaded a new page")
	}
	noHorizontalOverflow(t, ctx, "the worklist with an excuse open")
	do(t, ctx, chromedp.Navigate(base+"/customers/"+strings.TrimPrefix(card, "w-")), chromedp.WaitVisible(`table.excuses`))
	if row := eval(t, ctx, chromedp.Text(`table.excuses tbody tr`)); !strings.Contains(row, "资金紧张") || !strings.Contains(row, "8,000.00") {
		t.Errorf("the newest excuse on the customer's page reads %q", row)
	}
	shot(t, ctx, "phone-customer-excuses", 390)
}
