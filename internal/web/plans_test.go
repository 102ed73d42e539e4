package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// poster posts forms as one logged-in user, with that user's CSRF token.
type poster struct {
	t     *testing.T
	srv   *httptest.Server
	c     *http.Client
	token string
}

func posterFor(t *testing.T, srv *httptest.Server, login string) poster {
	t.Helper()
	c := loginAs(t, srv, login)
	_, page := get(t, c, srv.URL+"/plans")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no CSRF token on /plans", login)
	}
	return poster{t, srv, c, m[1]}
}

// post sends form (with the token) to path and returns the status, the
// redirect and the body.
func (p poster) post(path string, form url.Values) (int, string, string) {
	p.t.Helper()
	form.Set("csrf", p.token)
	res, err := p.c.PostForm(p.srv.URL+path, form)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func targetOf(t *testing.T, s *store.Store, rep string) store.Target {
	t.Helper()
	ts, err := s.Targets(context.Background(), user.Scope{All: true}, civil.MustParse("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ts {
		if x.Rep == rep {
			return x
		}
	}
	t.Fatalf("no rep %s", rep)
	return store.Target{}
}

// TestTargetRoles: a manager sets the targets of the team's reps in one
// form, never another team's; a mistake shows the row's problem and sets
// nothing; a rep may not open the form.
func TestTargetRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv, s := worldWithStore(t, dbURL)
		rep := posterFor(t, srv, "rep1")
		if code, _ := get(t, rep.c, srv.URL+"/targets"); code != http.StatusForbidden {
			t.Errorf("a rep opening /targets: %d, want 403", code)
		}
		if code, _, _ := rep.post("/targets", url.Values{"month": {"2026-06"}, "rep": {"R1"}, "amount": {"100"}}); code != http.StatusForbidden {
			t.Errorf("a rep posting /targets: %d, want 403", code)
		}
		boss := posterFor(t, srv, "boss")
		_, page := get(t, boss.c, srv.URL+"/targets?month=2026-06")
		if !strings.Contains(page, `name="rep" value="R1"`) || strings.Contains(page, `name="rep" value="R2"`) {
			t.Errorf("the manager of 东区 should see R1's row and not R2's:\n%s", page)
		}
		if code, _, _ := boss.post("/targets", url.Values{"month": {"2026-06"}, "rep": {"R2"}, "amount": {"100"}}); code != http.StatusNotFound {
			t.Errorf("a manager setting another team's rep: %d, want 404", code)
		}
		if got := targetOf(t, s, "R2"); got.Set {
			t.Errorf("R2's target was set by another team's manager: %+v", got)
		}
		code, _, body := boss.post("/targets", url.Values{"month": {"2026-06"}, "rep": {"R1"}, "amount": {"五千"}})
		if code != http.StatusBadRequest || !strings.Contains(body, "回款任务：请填金额") || !strings.Contains(body, `value="五千"`) {
			t.Errorf("a bad amount: %d, want 400 with the row's problem and the value typed:\n%s", code, body)
		}
		if got := targetOf(t, s, "R1"); got.Set {
			t.Errorf("a bad form set a target: %+v", got)
		}
		code, loc, _ := boss.post("/targets", url.Values{"month": {"2026-06"}, "rep": {"R1"}, "amount": {"3,000"}})
		if code != http.StatusSeeOther || loc != "/targets?saved=1&month=2026-06" {
			t.Errorf("setting R1's target: %d → %q", code, loc)
		}
		if got := targetOf(t, s, "R1"); !got.Set || got.Amount != money.Yuan(3000) || got.SetBy != "boss" {
			t.Errorf("R1's target after the form: %+v, want ¥3,000 set by boss", got)
		}
	})
}

// TestPlanOnCustomerPage: a rep agrees a plan with three milestones on the
// customer page (each becomes a promise), sees the gap, adds a measure
// once however often the form is sent and moves it on; another rep can
// neither see nor write it; the plan page and the review show the same
// figures as the rules.
func TestPlanOnCustomerPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv, s := worldWithStore(t, dbURL)
		ctx := context.Background()
		june := civil.MustParse("2026-06-01")
		if _, err := s.SetTarget(ctx, store.Actor{Name: "test"}, user.Scope{All: true}, june, "R1", money.Yuan(1000)); err != nil {
			t.Fatal(err)
		}
		paid := store.Batch{Payments: []ledger.Payment{{Number: "P2", Customer: "C1", Date: civil.MustParse("2026-06-15"), Amount: money.Yuan(200)}}}
		if _, err := s.Apply(ctx, paid); err != nil {
			t.Fatal(err)
		}
		rep := posterFor(t, srv, "rep1")
		_, page := get(t, rep.c, srv.URL+"/customers/C1")
		for _, want := range []string{`id="plan"`, `name="dtag" value="下游回款慢"`, `name="atag" value="旺季"`, `近六个月月均`} {
			if !strings.Contains(page, want) {
				t.Errorf("the customer page's plan section lacks %s", want)
			}
		}
		if n := strings.Count(page, `name="ms_due"`); n != 3 {
			t.Errorf("a new plan's form has %d milestone rows, want 3", n)
		}
		form := url.Values{"month": {"2026-06"}, "asked": {"1,000"}, "committed": {"600"}, "status": {"agreed"},
			"dtag": {"下游回款慢"}, "dtag_more": {"老板出差"}, "difficulties": {"下游欠款多"}, "atag": {"旺季"}, "advantages": {"新店开业"},
			"ms_due": {"2026-06-30", "2026-06-30", "2026-06-30", ""}, "ms_amount": {"200", "200", "200", ""}}
		noContact := url.Values{}
		for k, v := range form {
			noContact[k] = v
		}
		code, _, body := rep.post("/customers/C1/plan", noContact)
		if code != http.StatusBadRequest || !strings.Contains(body, "确认人：必填") || !strings.Contains(body, `name="dtag" value="老板出差" checked`) {
			t.Errorf("an agreed plan without a contact: %d, want 400 naming the contact and keeping the form", code)
		}
		form.Set("contact", "张三")
		for range 2 { // a double tap saves it once
			if code, loc, body := rep.post("/customers/C1/plan", form); code != http.StatusSeeOther || loc != "/customers/C1#plan" {
				t.Fatalf("saving the plan: %d → %q\n%s", code, loc, body)
			}
		}
		p, err := s.Plan(ctx, user.Scope{All: true}, june, "C1")
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != plan.Agreed || len(p.Milestones) != 3 || p.Gap != money.Yuan(400) || p.Contact != "张三" ||
			strings.Join(p.DifficultyTags, ",") != "下游回款慢,老板出差" || strings.Join(p.AdvantageTags, ",") != "旺季" || p.Basis == "" {
			t.Errorf("the saved plan: %+v", p)
		}
		for _, m := range p.Milestones {
			if m.CommitmentID == nil {
				t.Errorf("milestone %d is no promise", m.Seq)
			}
		}
		_, page = get(t, rep.c, srv.URL+"/customers/C1")
		if !strings.Contains(page, `<dd class="gap">¥400.00</dd>`) || strings.Count(regexp.MustCompile(`(?s)<table class="milestones">.*?</table>`).FindString(page), `<tr class="st-open">`) != 3 {
			t.Errorf("the customer page does not show the gap and the three open milestones:\n%s", page)
		}
		ref := regexp.MustCompile(`name="ref" value="(web:[0-9a-f]{16}:measure)"`).FindStringSubmatch(page)
		if ref == nil {
			t.Fatal("the measure form sends no ref")
		}
		mform := url.Values{"month": {"2026-06"}, "kind": {"incentive"}, "expected": {"300"}, "owner": {"王一"}, "due": {"2026-06-30"}, "ref": {ref[1]}}
		for range 2 {
			if code, loc, body := rep.post("/customers/C1/plan/measures", mform); code != http.StatusSeeOther || loc != "/customers/C1#measures" {
				t.Fatalf("adding a measure: %d → %q\n%s", code, loc, body)
			}
		}
		ms, err := s.Measures(ctx, user.Scope{All: true}, june, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].Expected != money.Yuan(300) || ms[0].Status != plan.Planned {
			t.Fatalf("measures after a double tap: %+v, want one planned ¥300", ms)
		}
		if code, _, body := rep.post("/customers/C1/plan/measures", url.Values{"month": {"2026-06"}, "kind": {"incentive"}, "expected": {"0"}, "owner": {"王一"}, "due": {"2026-06-30"}}); code != http.StatusBadRequest || !strings.Contains(body, "预计增加回款：须大于零") {
			t.Errorf("a measure expecting nothing: %d, want 400 naming the amount", code)
		}
		id := strconv.FormatInt(ms[0].ID, 10)
		if code, _, _ := rep.post("/measures/"+id, url.Values{"status": {"doing"}}); code != http.StatusSeeOther {
			t.Errorf("starting the measure: %d", code)
		}
		if ms, _ = s.Measures(ctx, user.Scope{All: true}, june, ""); ms[0].Status != plan.Doing {
			t.Errorf("the measure is %s after its start button, want doing", ms[0].Status)
		}

		// Another rep sees and writes nothing of C1's plan.
		rep2 := posterFor(t, srv, "rep2")
		if code, _, _ := rep2.post("/customers/C1/plan", form); code != http.StatusNotFound {
			t.Errorf("rep2 saving C1's plan: %d, want 404", code)
		}
		if code, _, _ := rep2.post("/customers/C1/plan/measures", mform); code != http.StatusNotFound {
			t.Errorf("rep2 adding a measure to C1's plan: %d, want 404", code)
		}
		if code, _, _ := rep2.post("/measures/"+id, url.Values{"status": {"done"}}); code != http.StatusNotFound {
			t.Errorf("rep2 moving C1's measure: %d, want 404", code)
		}
		if code, _ := get(t, rep2.c, srv.URL+"/plans?month=2026-06&rep=R1"); code != http.StatusOK {
			t.Errorf("rep2 asking for R1's plans: %d (a rep's page is their own)", code)
		} else if _, body := get(t, rep2.c, srv.URL+"/plans?month=2026-06&rep=R1"); strings.Contains(body, "杭州甲公司") {
			t.Error("rep2's plan page shows R1's customer")
		}

		// The plan page: R1's waterfall (target ¥1,000, collected ¥200
		// in June) and C1's line; the manager's drills down to R1.
		_, page = get(t, rep.c, srv.URL+"/plans?month=2026-06")
		for _, want := range []string{`<strong class="rate">20%</strong>`, `/customers/C1#plan`, `ps-agreed`, `title="¥1,000.00"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the rep's plan page lacks %s", want)
			}
		}
		boss := loginAs(t, srv, "boss")
		_, page = get(t, boss, srv.URL+"/plans?month=2026-06")
		if !strings.Contains(page, `href="/plans?month=2026-06&amp;rep=R1"`) || strings.Contains(page, "rep=R2") {
			t.Errorf("the manager's plan page does not list exactly the team's reps")
		}
		if code, _ := get(t, boss, srv.URL+"/plans?month=2026-06&rep=R2"); code != http.StatusNotFound {
			t.Errorf("the manager drilling down to another team's rep: %d, want 404", code)
		}
		_, page = get(t, boss, srv.URL+"/review?month=2026-06&rep=R1")
		for _, want := range []string{`<td class="num rate">20%</td>`, `杭州甲公司`, `¥600`} {
			if !strings.Contains(page, want) {
				t.Errorf("the review lacks %s", want)
			}
		}
		// June still runs: C1, short of its commitment, is behind, not
		// yet a miss.
		if !strings.Contains(page, "进度落后") || strings.Contains(page, "未达成") {
			t.Errorf("the running month's review calls a customer short of its plan missed, or not behind")
		}
		// The tile shows the same target and rate.
		if _, tile := get(t, rep.c, srv.URL+"/forecast/tile"); !strings.Contains(tile, `class="tile-rate"`) || !strings.Contains(tile, "<strong>20%</strong>") {
			t.Errorf("the tile lacks the attainment:\n%s", tile)
		}
	})
}
