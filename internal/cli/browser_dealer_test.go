package cli_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserDealer is issue 17's dealer link end to end in Chromium: a
// rep makes a customer's statement link on the customer page; the dealer
// opens it on a phone without a login, in Chinese, confirms its balance,
// reports a mismatch on one invoice and proposes a payment; the rep then
// sees the proposal among the customer's promises, marked as the
// customer's, and the three replies.
func TestBrowserDealer(t *testing.T) {
	base := startServer(t)
	rep := browser(t, 390, 844)
	login(t, rep, base, "r001")
	do(t, rep, chromedp.Navigate(base+"/customers"))
	appears(t, rep, `a[href^="/customers/C"]`)
	href := eval(t, rep, chromedp.Evaluate[string](`document.querySelector('a[href^="/customers/C"]').getAttribute('href')`))
	do(t, rep, chromedp.Navigate(base+href))
	appears(t, rep, `#make-link`)
	do(t, rep, chromedp.Submit(`#make-link`))
	appears(t, rep, `#link-url`)
	url := eval(t, rep, chromedp.Evaluate[string](`document.querySelector('#link-url').value`))
	if !strings.HasPrefix(url, base+"/d/") {
		t.Fatalf("the link %q is not under %s/d/", url, base)
	}

	dealer := browser(t, 390, 844)
	do(t, dealer, chromedp.Navigate(url))
	appears(t, dealer, `form[action$="/confirm"]`)
	if page := eval(t, dealer, chromedp.Evaluate[string](`document.body.innerText`)); !strings.Contains(page, "对账确认") || !strings.Contains(page, "未结发票") || strings.Contains(page, "退出") {
		t.Fatalf("the dealer's page:\n%s", page)
	}
	shot(t, dealer, "phone-dealer", 390)
	noHorizontalOverflow(t, dealer, "the dealer page")

	do(t, dealer, chromedp.SendKeys(`form[action$="/confirm"] input[name=name]`, "张会计"), chromedp.Submit(`form[action$="/confirm"] input[name=name]`))
	appears(t, dealer, `#done[data-done=confirm]`)
	if done := eval(t, dealer, chromedp.Evaluate[string](`document.querySelector('#done').innerText`)); !strings.Contains(done, "已确认") {
		t.Errorf("after confirming: %q", done)
	}
	invoice := eval(t, dealer, chromedp.Evaluate[string](`document.querySelector('select[name=invoice0] option:nth-child(2)').value`))
	if invoice == "" {
		t.Fatal("no open invoice to report a mismatch on")
	}
	do(t, dealer,
		chromedp.Evaluate[chromedp.Void](`document.querySelector('select[name=invoice0]').value = `+jsString(invoice)),
		chromedp.SendKeys(`input[name=amount0]`, "100"),
		chromedp.SendKeys(`form[action$="/mismatch"] input[name=name]`, "张会计"),
		chromedp.Submit(`form[action$="/mismatch"] input[name=name]`))
	appears(t, dealer, `#done[data-done=mismatch]`)
	due := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	do(t, dealer,
		chromedp.SendKeys(`form[action$="/promise"] input[name=amount]`, "1000"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action$="/promise"] input[name=date]').value = `+jsString(due)),
		chromedp.SendKeys(`form[action$="/promise"] input[name=name]`, "张会计"),
		chromedp.Submit(`form[action$="/promise"] input[name=name]`))
	appears(t, dealer, `#done[data-done=promise]`)
	if done := eval(t, dealer, chromedp.Evaluate[string](`document.querySelector('#done').innerText`)); !strings.Contains(done, "付款计划已提交") {
		t.Errorf("after proposing: %q", done)
	}

	do(t, rep, chromedp.Navigate(base+href))
	appears(t, rep, `#dealer-link`)
	page := eval(t, rep, chromedp.Evaluate[string](`document.body.innerText`))
	for _, want := range []string{"客户提出", "确认余额 · 张会计", "提出对账不符 · 张会计", "提出付款计划 · 张会计", "¥1,000.00"} {
		if !strings.Contains(page, want) {
			t.Errorf("the rep's customer page lacks %q", want)
		}
	}

	// The rep's own messages page, from their name in the header: an
	// e-mail address for the morning digest, shown masked once saved.
	do(t, rep, chromedp.Click(`#my-messages`))
	appears(t, rep, `#channel-form`)
	do(t, rep, chromedp.SendKeys(`#channel-form input[name=address]`, "r001.rep@example.com"), chromedp.Submit(`#channel-form input[name=address]`))
	appears(t, rep, `#done[data-done=saved]`)
	if row := eval(t, rep, chromedp.Evaluate[string](`document.querySelector('tr[data-kind=email]').innerText`)); !strings.Contains(row, "r***@example.com") {
		t.Errorf("the saved channel: %q", row)
	}
	shot(t, rep, "phone-messages", 390)
	noHorizontalOverflow(t, rep, "the messages page")
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
