package cli_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSheet is a rep's call on a 390×844 phone in Chinese: from the
// worklist the rep opens the first customer's call sheet, reads the
// opening ask with its reasons and its two options, logs the call as an
// excuse, and lands back on the sheet, which now shows the excuse with its
// counter in the customer's own figures.
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

	do(t, phone, chromedp.Click(`#log button[value=reached-excuse]`), chromedp.WaitVisible(`#excuses article.excuse`))
	if got := eval(t, phone, chromedp.Evaluate[string](`location.pathname`)); got != href {
		t.Errorf("after the call the rep is on %s, want the sheet %s", got, href)
	}
	counter := eval(t, phone, chromedp.Text(`#excuses article.excuse:first-of-type p.counter`))
	if counter == "" || strings.Contains(counter, "{") || !strings.Contains(counter, "¥") {
		t.Errorf("the counter %q: want the customer's figures filled in", counter)
	}
	shot(t, phone, "phone-sheet-excuse", 390)
}
