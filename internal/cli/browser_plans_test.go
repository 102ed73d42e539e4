package cli_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPlans is a month of plans in a browser: a manager at a desk,
// in English, sets this month's target for rep R001 and reads the
// waterfall; the rep, on a 390×844 phone in Chinese, opens a customer,
// agrees a plan with difficulties, advantages and three weekly milestones
// without leaving the page, sees the gap and adds a measure; the month-end
// review then shows the attainment.
func TestBrowserPlans(t *testing.T) {
	base := startServer(t)
	month := time.Now().Format("2006-01")

	desk := browser(t, 1280, 900)
	login(t, desk, base, "manager")
	do(t, desk,
		chromedp.Navigate(base+"/targets?lang=en"),
		chromedp.WaitVisible(`form.targets`),
		chromedp.SetValue(`form.targets input[data-rep=R001]`, "500000"),
		chromedp.Submit(`form.targets input[data-rep=R001]`),
		chromedp.WaitVisible(`p.ok`),
	)
	if saved := eval(t, desk, chromedp.Text(`p.ok`)); saved != "Saved" {
		t.Errorf("the targets form said %q, want Saved", saved)
	}
	shot(t, desk, "desktop-targets", 1280)
	// Next month's too, one tap away.
	next := time.Now().AddDate(0, 1, 1-time.Now().Day()).Format("2006-01")
	do(t, desk,
		chromedp.Navigate(base+"/targets?month="+next),
		chromedp.WaitVisible(`form.targets`),
		chromedp.SetValue(`form.targets input[data-rep=R001]`, "600000"),
		chromedp.Submit(`form.targets input[data-rep=R001]`),
		chromedp.WaitVisible(`p.ok`),
	)
	if h := eval(t, desk, chromedp.Text(`main h1`)); !strings.Contains(h, next) {
		t.Errorf("next month's targets page is headed %q, want %s", h, next)
	}
	do(t, desk, chromedp.Navigate(base+"/plans?month="+next), chromedp.WaitVisible(`.waterfall`))
	if row := eval(t, desk, chromedp.Evaluate[string](`[...document.querySelectorAll('table.reps tbody tr')].map(r => r.textContent).find(t => t.includes('R001')) || ''`)); !strings.Contains(row, "¥60.0万") {
		t.Errorf("R001's line for next month: %q, want the ¥60.0万 target", row)
	}
	do(t, desk, chromedp.Navigate(base+"/targets"), chromedp.WaitVisible(`form.targets`))
	do(t, desk, chromedp.Click(`.top nav a[href="/plans"]`), chromedp.WaitVisible(`.waterfall`))
	if h := eval(t, desk, chromedp.Text(`main h1`)); h != "Plans "+month {
		t.Errorf("the plan page's heading is %q, want Plans %s", h, month)
	}
	steps := eval(t, desk, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.waterfall:first-of-type .wf-row .bar-label')].map(e => e.textContent)`))
	if got := strings.Join(steps, " → "); got != "Target → Collected → Promised × credibility → Measures expected → Still uncovered" {
		t.Errorf("the waterfall's steps: %s", got)
	}
	row := eval(t, desk, chromedp.Evaluate[string](`[...document.querySelectorAll('table.reps tbody tr')].map(r => r.textContent).find(t => t.includes('R001')) || ''`))
	if !strings.Contains(row, "¥50.0万") || !strings.Contains(row, "%") {
		t.Errorf("R001's line on the manager's plan page: %q, want the ¥50.0万 target and a rate", row)
	}
	shot(t, desk, "desktop-plans", 1280)

	phone := browser(t, 390, 844)
	login(t, phone, base, "r001")
	do(t, phone, chromedp.Navigate(base+"/plans"), chromedp.WaitVisible(`table.plans`))
	if h := eval(t, phone, chromedp.Text(`main h1`)); !strings.HasPrefix(h, "回款计划 "+month) {
		t.Errorf("the rep's plan page is headed %q", h)
	}
	shot(t, phone, "phone-plans", 390)
	noHorizontalOverflow(t, phone, "the rep's plan page")

	// A customer without a plan this month (the demo's reps planned with
	// some already).
	href := eval(t, phone, chromedp.Evaluate[string](`([...document.querySelectorAll('table.plans tbody tr')].find(r => r.querySelector('span.ps').className === 'ps') || {querySelector: () => ({getAttribute: () => ''})}).querySelector('td.name a').getAttribute('href')`))
	if href == "" {
		t.Fatal("every customer of R001 has a plan this month: none to agree")
	}
	do(t, phone, chromedp.Navigate(base+href), chromedp.WaitVisible(`#plan form.planform`))
	page := eval(t, phone, chromedp.Location())
	if n := eval(t, phone, chromedp.Evaluate[int](`document.querySelectorAll('form.planform input[name=ms_due]').length`)); n != 3 {
		t.Errorf("a new plan offers %d milestone rows, want 3", n)
	}
	do(t, phone,
		chromedp.SetValue(`form.planform input[name=asked]`, "40000"),
		chromedp.SetValue(`form.planform input[name=committed]`, "30000"),
		chromedp.SetValue(`form.planform select[name=status]`, "agreed"),
		chromedp.SetValue(`form.planform input[name=contact]`, "张经理"),
		chromedp.Click(`form.planform input[name=dtag][value="下游回款慢"] + span`),
		chromedp.Click(`form.planform input[name=dtag][value="库存积压"] + span`),
		chromedp.SendKeys(`form.planform textarea[name=difficulties]`, "下游经销商回款慢，仓库里压了两个月的货"),
		chromedp.Click(`form.planform input[name=atag][value="旺季"] + span`),
		chromedp.SendKeys(`form.planform textarea[name=advantages]`, "元旦前是旺季"),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('form.planform input[name=ms_amount]').forEach(i => i.value = '10000')`),
	)
	shot(t, phone, "phone-plan-form", 390)
	noHorizontalOverflow(t, phone, "the plan form")
	do(t, phone, chromedp.Submit(`form.planform input[name=asked]`), chromedp.WaitVisible(`#plan .ps-agreed`))
	if loc := eval(t, phone, chromedp.Location()); !strings.HasPrefix(loc, strings.TrimSuffix(page, "#plan")) {
		t.Errorf("agreeing the plan left the customer page for %s", loc)
	}
	if gap := eval(t, phone, chromedp.Text(`#plan dd.gap`)); gap != "¥10,000.00" {
		t.Errorf("the plan's gap shows %q, want ¥10,000.00", gap)
	}
	states := eval(t, phone, chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.milestones tbody tr td:nth-child(4)')].map(e => e.textContent)`))
	if strings.Join(states, ",") != "进行中,进行中,进行中" {
		t.Errorf("the milestones' promises: %v, want three open", states)
	}
	tags := eval(t, phone, chromedp.Evaluate[[]string](`[...document.querySelectorAll('form.planform .chip input:checked')].map(e => e.value)`))
	if strings.Join(tags, ",") != "下游回款慢,库存积压,旺季" {
		t.Errorf("the tags tapped on: %v", tags)
	}
	shot(t, phone, "phone-plan-agreed", 390)

	do(t, phone,
		chromedp.SetValue(`form.measureform select[name=kind]`, "downstream_promotion"),
		chromedp.SendKeys(`form.measureform input[name=expected]`, "10000"),
		chromedp.SendKeys(`form.measureform input[name=note]`, "周末门店促销"),
		chromedp.Submit(`form.measureform input[name=expected]`),
		chromedp.WaitVisible(`ul.measures li.measure`),
	)
	if m := eval(t, phone, chromedp.Text(`ul.measures li.measure`)); !strings.Contains(m, "促销宣传") || !strings.Contains(m, "¥10,000.00") || !strings.Contains(m, "计划中") {
		t.Errorf("the measure added shows %q", m)
	}
	do(t, phone, chromedp.Click(`ul.measures li.measure button[value=doing]`), chromedp.WaitVisible(`ul.measures li.ms-doing`))
	shot(t, phone, "phone-measures", 390)
	noHorizontalOverflow(t, phone, "the customer page with its plan")

	do(t, phone, chromedp.Navigate(base+"/review"), chromedp.WaitVisible(`.review-total`))
	rate := eval(t, phone, chromedp.Text(`.review-total dd.rate`))
	if !strings.HasSuffix(rate, "%") {
		t.Errorf("the review's attainment is %q, want a rate against the target", rate)
	}
	if n := eval(t, phone, chromedp.Evaluate[int](`document.querySelectorAll('.review-line').length`)); n < 1 {
		t.Error("the review lists no customer")
	}
	shot(t, phone, "phone-review", 390)
	noHorizontalOverflow(t, phone, "the review")

	do(t, desk, chromedp.Navigate(base+"/review?rep=R001"), chromedp.WaitVisible(`.review-customers`))
	if txt := eval(t, desk, chromedp.Text(`.review-customers`)); !strings.Contains(txt, "¥3.0万") {
		t.Errorf("the manager's review of R001 lacks the ¥30,000 committed: %q", txt)
	}
	shot(t, desk, "desktop-review", 1280)
}
