package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"huikuan/internal/cli"
	"huikuan/internal/store/storetest"
)

// demoDB is a SQLite file of the small demo company with its logins,
// made once by "huikuan serve --demo" for the browser tests, each of which
// serves a copy of it.
var demoDB struct {
	once sync.Once
	path string
	err  error
}

// startServer runs "huikuan serve --demo" in this process on a new SQLite
// database holding the demo company and returns its base URL; the server
// stops with the test.
func startServer(t testing.TB) string {
	t.Helper()
	demoDB.once.Do(func() {
		dir, err := os.MkdirTemp("", "huikuan-demo")
		if err != nil {
			demoDB.err = err
			return
		}
		tempDirs = append(tempDirs, dir)
		demoDB.path = filepath.Join(dir, "demo.db")
		demoDB.err = errors.New("making the demo database failed") // until it is made
		_, stop := serveDemo(t, "sqlite:"+demoDB.path)
		stop()
		demoDB.err = nil
	})
	if demoDB.err != nil {
		t.Fatal(demoDB.err)
	}
	db := storetest.SQLiteURL(t)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(demoDB.path + suffix)
		if errors.Is(err, fs.ErrNotExist) && suffix != "" {
			continue
		}
		if err == nil {
			err = os.WriteFile(strings.TrimPrefix(db, "sqlite:")+suffix, b, 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	base, stop := serveDemo(t, db)
	t.Cleanup(stop)
	return base
}

// serveDemo runs "huikuan serve --demo" in this process on db and returns
// its base URL and a function that stops it.
func serveDemo(t testing.TB, db string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		getenv := func(k string) string {
			if k == "HUIKUAN_DB" {
				return db
			}
			return os.Getenv(k)
		}
		done <- cli.Run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0"}, cli.IO{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard}, getenv)
		pw.Close()
	}()
	stop = func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("huikuan serve: exit %d", code)
		}
	}
	sc := bufio.NewScanner(pr)
	re := regexp.MustCompile(`http://localhost:(\d+)/`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go func() {
				for sc.Scan() {
				}
			}()
			return "http://127.0.0.1:" + m[1], stop
		}
	}
	stop()
	t.Fatal("huikuan serve did not print its address")
	return "", nil
}

// browser returns a headless Chromium context, or skips the test when
// Chromium is not installed (scripts/test installs it and sets
// HUIKUAN_REQUIRE_BROWSER, which turns the skip into a failure).
func browser(t testing.TB, width, height int) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("HUIKUAN_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium is required but not installed")
		}
		t.Skip("browser tests not run: chromium is not installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true), chromedp.WindowSize(width, height),
		chromedp.Flag("lang", "zh-CN"), chromedp.Flag("accept-lang", "zh-CN,zh"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// shot takes a screenshot of the whole page, checks that it is a PNG as
// wide as the window, and keeps it in HUIKUAN_SCREENSHOTS, when set, to
// look at.
func shot(t testing.TB, ctx context.Context, name string, width int) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.DecodeConfig(bytes.NewReader(buf))
	if err != nil || img.Width != width {
		t.Fatalf("screenshot %s: %v, %d px wide, want a %d-px PNG", name, err, img.Width, width)
	}
	if dir := os.Getenv("HUIKUAN_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	}
}

func login(t testing.TB, ctx context.Context, base, name string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(`input[name=login]`, name),
		chromedp.SendKeys(`input[name=password]`, "huikuan-demo"),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`.top nav`),
	)
	if err != nil {
		t.Fatalf("logging in as %s: %v", name, err)
	}
}

// eval runs one action that returns a value, failing the test on error.
func eval[T any](t testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// noHorizontalOverflow fails when the page is wider than the window.
func noHorizontalOverflow(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if eval(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
		t.Errorf("%s overflows horizontally", page)
	}
}

// TestBrowserRep logs in as a rep on a phone-sized screen: the rep sees only
// their own customers, opens one, and switches the language.
func TestBrowserRep(t *testing.T) {
	ctx := browser(t, 390, 844)
	base := startServer(t)
	login(t, ctx, base, "r001")
	do(t, ctx, chromedp.Click(`.top nav a[href="/customers"]`), chromedp.WaitVisible(`table.customers`))
	reps := eval(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.customers tbody tr td:nth-child(3)')].map(td => td.textContent)`))
	heading := eval(t, ctx, chromedp.Text(`h1`))
	if heading != "客户" {
		t.Errorf("heading %q, want 客户 (Chinese by default)", heading)
	}
	if len(reps) == 0 {
		t.Fatal("the rep sees no customers")
	}
	for _, r := range reps {
		if r != "R001" {
			t.Fatalf("rep r001 sees a customer of %s", r)
		}
	}
	shot(t, ctx, "phone-customers", 390)
	noHorizontalOverflow(t, ctx, "the customer list")

	do(t, ctx, chromedp.Click(`table.customers tbody tr td.name a`), chromedp.WaitVisible(`.cust-head`))
	name := eval(t, ctx, chromedp.Text(`.cust-head h1`))
	tel := eval(t, ctx, chromedp.AttributeValue(`a.call`, "href")).Value
	if !strings.HasPrefix(tel, "tel:1") || name == "" {
		t.Errorf("customer %q with phone link %q", name, tel)
	}
	shot(t, ctx, "phone-customer", 390)
	noHorizontalOverflow(t, ctx, "the customer page")

	// The promise form rates the promise as the rep types it.
	do(t, ctx,
		chromedp.SetValue(`form.promise input[name=date]`, time.Now().AddDate(0, 0, 10).Format(time.DateOnly)),
		chromedp.SendKeys(`form.promise input[name=amount]`, "50000"),
		chromedp.WaitVisible(`#credibility .cred`),
	)
	cred := eval(t, ctx, chromedp.Text(`#credibility .cred`))
	if !strings.Contains(cred, "可信度") || !strings.Contains(cred, "没有支撑方案") {
		t.Errorf("live credibility says %q", cred)
	}
	shot(t, ctx, "phone-promise", 390)

	do(t, ctx, chromedp.Click(`#lang-switch`), chromedp.WaitVisible(`.cust-head`))
	nav := eval(t, ctx, chromedp.Text(`.top nav`))
	if !strings.Contains(nav, "Customers") || !strings.Contains(nav, "Aging") {
		t.Errorf("after switching to English the menu says %q", nav)
	}
	shot(t, ctx, "phone-customer-en", 390)
	noHorizontalOverflow(t, ctx, "the customer page in English")

	// The forecast as made on each day of this month.
	do(t, ctx, chromedp.Click(`.top nav a[href="/forecast"]`), chromedp.WaitVisible(`.chart .bar-row`))
	if days := eval(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.chart .bar-row').length`)); days < 1 {
		t.Error("the forecast page shows no day")
	}
	shot(t, ctx, "phone-forecast", 390)
	noHorizontalOverflow(t, ctx, "the forecast page")
}

// TestBrowserAdmin logs in as the admin and changes the aging buckets.
func TestBrowserAdmin(t *testing.T) {
	ctx := browser(t, 1280, 900)
	base := startServer(t)
	login(t, ctx, base, "admin")
	do(t, ctx,
		chromedp.Navigate(base+"/settings"),
		chromedp.WaitVisible(`#buckets`),
		chromedp.SetValue(`#buckets`, "0, 30, 60, 90"),
		chromedp.Submit(`#buckets`),
		chromedp.WaitVisible(`p.ok`),
	)
	saved := eval(t, ctx, chromedp.Text(`p.ok`))
	do(t, ctx, chromedp.Navigate(base+"/aging"), chromedp.WaitVisible(`.chart`))
	labels := eval(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.bar-label')].map(e => e.textContent)`))
	if saved != "已保存" {
		t.Errorf("settings said %q", saved)
	}
	if got := fmt.Sprint(labels); got != "[未到期 1-30 31-60 61-90 90天以上]" {
		t.Errorf("aging buckets after the change: %s", got)
	}
	shot(t, ctx, "desktop-aging", 1280)

	// A test message from the admin's own page is in the deliveries list,
	// reached from the settings page's messages section.
	do(t, ctx, chromedp.Navigate(base+"/me/messages"), chromedp.WaitVisible(`#channel-form`),
		chromedp.SendKeys(`#channel-form input[name=address]`, "admin@example.com"), chromedp.Submit(`#channel-form input[name=address]`))
	appears(t, ctx, `#done[data-done=saved]`)
	do(t, ctx, chromedp.Submit(`form[action="/me/channels/email/test"] button`))
	appears(t, ctx, `#done[data-done=test]`)
	do(t, ctx, chromedp.Navigate(base+"/settings#messages"), chromedp.WaitVisible(`#notify-form`))
	shot(t, ctx, "desktop-settings-messages", 1280)
	do(t, ctx, chromedp.Click(`#deliveries-link`))
	appears(t, ctx, `table.deliveries tr[data-status]`)
	if row := eval(t, ctx, chromedp.Evaluate[string](`document.querySelector('table.deliveries tbody tr').innerText`)); !strings.Contains(row, "admin · a***@example.com") || !strings.Contains(row, "测试消息") {
		t.Errorf("the deliveries list: %q", row)
	}
	shot(t, ctx, "desktop-deliveries", 1280)
}

// TestBrowserMorning is a rep's morning on a phone, in Chinese: the day
// starts on the worklist; the rep opens a customer, comes back, logs an
// unanswered call with one tap and a promise with two taps and some
// typing, and sees the list update each time.
func TestBrowserMorning(t *testing.T) {
	ctx := browser(t, 390, 844)
	base := startServer(t)
	login(t, ctx, base, "r001")
	if h := eval(t, ctx, chromedp.Text(`main h1`)); h != "今日工作台" {
		t.Fatalf("a rep's day starts on %q, want 今日工作台", h)
	}
	cards := func() []string {
		return eval(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#worklist article.work:not(.pending)')].map(a => a.id)`))
	}
	before := cards()
	if len(before) < 3 {
		t.Fatalf("the demo rep has %d customers to call today, want a few", len(before))
	}
	shot(t, ctx, "phone-worklist", 390)
	noHorizontalOverflow(t, ctx, "the worklist")

	first := before[0]
	do(t, ctx, chromedp.Click(`#`+first+` a.name`), chromedp.WaitVisible(`.cust-head`))
	if !strings.HasSuffix(eval(t, ctx, chromedp.Location()), "/customers/"+strings.TrimPrefix(first, "w-")) {
		t.Errorf("tapping %s opened %s", first, eval(t, ctx, chromedp.Location()))
	}
	do(t, ctx, chromedp.Navigate(base+"/worklist"), chromedp.WaitVisible(`#worklist`))

	// One tap: no answer. The list comes back without the customer.
	do(t, ctx, chromedp.Click(`#`+first+` button[value=no-answer]`), chromedp.WaitNotPresent(`#`+first))
	if flash := eval(t, ctx, chromedp.Text(`#worklist .flash`)); !strings.Contains(flash, "未接通") {
		t.Errorf("after a no-answer tap the page says %q", flash)
	}
	after := cards()
	if len(after) != len(before)-1 || after[0] == first {
		t.Errorf("after the call the list is %v, was %v", after, before)
	}

	// Two taps and typing: a promise.
	second := after[0]
	do(t, ctx,
		chromedp.Click(`#`+second+` .promise-in-call summary`),
		chromedp.SendKeys(`#`+second+` input[name=amount]`, "30000"),
		chromedp.SetValue(`#`+second+` input[name=date]`, time.Now().AddDate(0, 0, 5).Format(time.DateOnly)),
		chromedp.Click(`#`+second+` button[value=reached-promised]`),
		chromedp.WaitNotPresent(`#`+second),
	)
	if flash := eval(t, ctx, chromedp.Text(`#worklist .flash`)); !strings.Contains(flash, "承诺付款") {
		t.Errorf("after the promise the page says %q", flash)
	}
	if got := cards(); len(got) != len(before)-2 {
		t.Errorf("after two calls the list has %d customers, want %d", len(got), len(before)-2)
	}
	// A promise without its date: the card says so, in Chinese, keeps what
	// was typed, and the promise goes through once the date is there.
	third := cards()[0]
	do(t, ctx,
		chromedp.Click(`#`+third+` .promise-in-call summary`),
		chromedp.SendKeys(`#`+third+` input[name=amount]`, "20000"),
		chromedp.Click(`#`+third+` button[value=reached-promised]`),
		chromedp.WaitVisible(`#`+third+` .card-problem .error`),
	)
	if msg := eval(t, ctx, chromedp.Text(`#`+third+` .card-problem .error`)); !strings.Contains(msg, "承诺日期：必填") {
		t.Errorf("a promise without a date says %q", msg)
	}
	if amount := eval(t, ctx, chromedp.Evaluate[string](`document.querySelector('#`+third+` input[name=amount]').value`)); amount != "20000" {
		t.Errorf("after the mistake the amount reads %q", amount)
	}
	shot(t, ctx, "phone-worklist-mistake", 390)
	do(t, ctx,
		chromedp.SetValue(`#`+third+` input[name=date]`, time.Now().AddDate(0, 0, 3).Format(time.DateOnly)),
		chromedp.Click(`#`+third+` button[value=reached-promised]`),
		chromedp.WaitNotPresent(`#`+third),
	)
	if got := cards(); len(got) != len(before)-3 {
		t.Errorf("after the corrected promise the list has %d customers, want %d", len(got), len(before)-3)
	}
	// A tap that does not reach the server (the network is gone: the
	// request fails as it is sent) says so and leaves the customer on the
	// list; the next tap that gets through hides it.
	fourth := cards()[0]
	eval(t, ctx, chromedp.Evaluate[bool](`window.realSend = XMLHttpRequest.prototype.send;
		XMLHttpRequest.prototype.send = function () { const x = this; setTimeout(() => x.onerror(), 0); }; true`))
	// Tapped from script: the list has just been redrawn, and a click by
	// position could land on a card still moving.
	tap := func(card string) {
		t.Helper()
		// Until htmx has settled the new list, its forms would submit as
		// plain forms.
		for deadline := time.Now().Add(5 * time.Second); eval(t, ctx, chromedp.Evaluate[bool](`document.querySelector('.htmx-added, .htmx-settling, .htmx-swapping, .htmx-request') !== null`)); {
			if time.Now().After(deadline) {
				t.Fatal("the list never settled")
			}
			time.Sleep(20 * time.Millisecond)
		}
		eval(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#`+card+` button[value=no-answer]').click(); true`))
	}
	tap(fourth)
	do(t, ctx, chromedp.WaitVisible(`#net-problem`))
	if msg := eval(t, ctx, chromedp.Text(`#net-problem`)); !strings.Contains(msg, "可能没有保存") {
		t.Errorf("a tap without network says %q", msg)
	}
	if got := cards(); len(got) != len(before)-3 || got[0] != fourth {
		t.Errorf("a tap without network changed the list: %v", got)
	}
	eval(t, ctx, chromedp.Evaluate[bool](`XMLHttpRequest.prototype.send = window.realSend; true`))
	fifth := cards()[1]
	tap(fifth)
	do(t, ctx, chromedp.WaitNotPresent(`#`+fifth), chromedp.WaitNotVisible(`#net-problem`))
	shot(t, ctx, "phone-worklist-after", 390)
	do(t, ctx, chromedp.Navigate(base+"/customers/"+strings.TrimPrefix(second, "w-")), chromedp.WaitVisible(`.cust-head`))
	if promises := eval(t, ctx, chromedp.Text(`table.promises`)); !strings.Contains(promises, "30,000.00") {
		t.Errorf("the promise made in the call is not on the customer's page: %q", promises)
	}
	// The invoices and the statement come when the rep scrolls down to them.
	do(t, ctx, chromedp.ScrollIntoView(`#documents`), chromedp.WaitVisible(`#documents table.statement`))
	if rows := eval(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#documents table tbody tr').length`)); rows < 5 {
		t.Errorf("the customer's documents show %d rows", rows)
	}
	noHorizontalOverflow(t, ctx, "the customer page")
	shot(t, ctx, "phone-customer-documents", 390)
}
