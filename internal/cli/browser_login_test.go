package cli_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLoginStaysHere opens the login through a link whose next=
// leads to another site in Chromium's reading (it drops the tab and sees
// //evil.example), logs in, and expects to land on this server.
func TestBrowserLoginStaysHere(t *testing.T) {
	ctx := browser(t, 1280, 900)
	base := startServer(t)
	for _, next := range []string{"/%09/evil.example/x", "/%0a/evil.example/x", "/%0d/evil.example/x"} {
		do(t, ctx,
			chromedp.Navigate(base+"/login?next="+next),
			chromedp.SendKeys(`input[name=login]`, "admin"),
			chromedp.SendKeys(`input[name=password]`, "huikuan-demo"),
			chromedp.Submit(`input[name=password]`),
			chromedp.WaitNotPresent(`input[name=password]`), // gone from here, wherever the browser went
		)
		if loc := eval(t, ctx, chromedp.Evaluate[string](`location.href`)); !strings.HasPrefix(loc, base+"/") {
			t.Errorf("logged in from /login?next=%s: the browser is at %s, want %s/…", next, loc, base)
		}
	}
}
