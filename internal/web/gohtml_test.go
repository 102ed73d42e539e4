package web

import (
	"bytes"
	"html/template"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// twinFuncs are the template functions of the pages, and those the
// template twins of gohtml.go need.
func twinFuncs(s *Server) template.FuncMap {
	f := s.funcs()
	f["pathesc"] = url.PathEscape
	f["dispositions"] = func() []string { return followup.Dispositions }
	f["excuses"] = func() []excuse.Category { return excuse.Categories }
	f["card"] = func(p WorklistPage, it WorkItem) struct {
		P  WorklistPage
		It WorkItem
	} {
		return struct {
			P  WorklistPage
			It WorkItem
		}{p, it}
	}
	return f
}

func testServer(t *testing.T) *Server {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	s := &Server{cfg: Config{Location: loc}}
	if err := s.loadStatic(); err != nil {
		t.Fatal(err)
	}
	if err := s.loadTemplates(); err != nil {
		t.Fatal(err)
	}
	return s
}

// twinPage parses a page with its Go-written fragments replaced by their
// template twins (each replacement must be found).
func twinPage(t *testing.T, s *Server, page string, replace ...string) *template.Template {
	t.Helper()
	layout, err := templateFS.ReadFile("templates/layout.html")
	if err != nil {
		t.Fatal(err)
	}
	body, err := templateFS.ReadFile("templates/" + page + ".html")
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	for i := 0; i < len(replace); i += 2 {
		if !strings.Contains(text, replace[i]) {
			t.Fatalf("%s.html has no %s", page, replace[i])
		}
		text = strings.ReplaceAll(text, replace[i], replace[i+1])
	}
	twins, err := os.ReadFile("templates/fragments/go.html")
	if err != nil {
		t.Fatal(err)
	}
	tp := template.New("layout.html").Funcs(twinFuncs(s))
	for _, src := range []string{string(layout), text, string(twins)} {
		if _, err := tp.Parse(src); err != nil {
			t.Fatal(err)
		}
	}
	return tp
}

func execute(t *testing.T, tp *template.Template, name string, data any) string {
	t.Helper()
	var b bytes.Buffer
	if err := tp.ExecuteTemplate(&b, name, data); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.String()
}

// Text that needs escaping in every context, and in a URL.
const nasty = `<b>"A&B" 'x'</b> +1`

func fixtureBase(lang Lang) Base {
	return Base{Lang: lang, Title: "t", CSRF: `c"s&rf`, Path: "/worklist", Today: civil.MustParse("2026-11-20"),
		User: &Viewer{User: user.User{Login: "r1", Name: "王一", Role: user.Rep, Rep: "R001"}, CSRF: `c"s&rf`}}
}

func fixtureWorklist(lang Lang) WorklistPage {
	p := WorklistPage{Base: fixtureBase(lang), Rep: "R001", Once: "0a1b", Today: 2, Later: 1, Dispositions: followup.Dispositions, Error: nasty}
	p.Items = []WorkItem{
		{Item: followup.Item{Rank: 1, Customer: "C001", Name: "杭州某某贸易有限公司", Phone: "+86 138 0000 0000", Rep: "R001", AmountAtStake: 12_345_600, MustCall: true, Today: true},
			Words: []string{"承诺已违约", nasty}, Advice: "问清原因"},
		{Item: followup.Item{Rank: 2, Customer: "客户/2?#&'", Name: nasty, Rep: "R001", AmountAtStake: 99, Today: true},
			Words: nil, Advice: nasty},
		{Item: followup.Item{Rank: 3, Customer: "C003", Name: "Acme", Phone: "javascript:alert(1)", Rep: "R001", AmountAtStake: 1}, Words: []string{"overdue"}},
	}
	return p
}

func fixtureCustomer(lang Lang) CustomerPage {
	p := CustomerPage{Base: fixtureBase(lang), C: store.CustomerRow{}, Once: "9z"}
	p.C.Code, p.C.Name = "C001", nasty
	at := time.Date(2026, 11, 20, 1, 2, 3, 0, time.UTC)
	p.Calls = []store.CallRow{
		{ID: 1, Customer: "C001", At: at, Disposition: followup.ReachedPromised, AmountAsked: 1_000_00, AmountAgreed: 500_00, Notes: nasty},
		{ID: 2, Customer: "C001", At: at.Add(time.Hour)},
	}
	pk := 0.734
	p.Promises = []store.CommitmentRow{
		{Commitment: commitment.Commitment{ID: 7, Amount: 500_00, Due: civil.MustParse("2026-11-25"), Made: civil.MustParse("2026-11-20")},
			Outcome: commitment.Outcome{Status: commitment.Open}, SupportKind: store.SupportKinds[0], P: &pk},
		{Commitment: commitment.Commitment{ID: 8, Amount: money.Amount(-1)},
			Outcome: commitment.Outcome{Status: commitment.Broken, Fulfilled: 3}},
	}
	return p
}

// TestGoHTMLIsTheTemplates renders the fragments written in Go and their
// template twins, alone, in whole pages and in the htmx parts, in Chinese
// and English, and wants the same bytes.
func TestGoHTMLIsTheTemplates(t *testing.T) {
	s := testServer(t)
	twins := twinPage(t, s, "worklist")
	for _, lang := range []Lang{Zh, En} {
		t.Run(string(lang), func(t *testing.T) {
			same := func(what, goHTML, tmpl string) {
				t.Helper()
				if goHTML != tmpl {
					t.Errorf("%s: Go writes\n%s\nthe template\n%s", what, goHTML, tmpl)
				}
			}
			wp := fixtureWorklist(lang)
			same("logcontrols", string(logControls(wp.Base)), execute(t, twins, "logcontrols", wp.Base))
			wp.LogControls = logControls(wp.Base)
			same("cards today", string(wp.Cards(true)), execute(t, twins, "cards.today", wp))
			same("cards later", string(wp.Cards(false)), execute(t, twins, "cards.later", wp))

			cp := fixtureCustomer(lang)
			same("callrows", string(callRows(cp.Base, cp.Calls, s.cfg.Location)), execute(t, twins, "callrows", cp))
			same("promiserows", string(promiseRows(cp.Base, cp.Promises)), execute(t, twins, "promiserows", cp))
			reps := []string{"R001", nasty, "R003"}
			same("repoptions", string(repOptions(reps, nasty)), execute(t, twins, "repoptions", struct {
				Reps     []string
				Selected string
			}{reps, nasty}))

			// The worklist page and its htmx part.
			wt := twinPage(t, s, "worklist", "{{.Cards true}}", `{{template "cards.today" .}}`, "{{.Cards false}}", `{{template "cards.later" .}}`)
			for _, block := range []string{"layout.html", "list"} {
				page := execute(t, s.pages["worklist"], block, wp)
				if !strings.Contains(page, `id="w-C001"`) || !strings.Contains(page, `<p class="error" role="alert">&lt;b&gt;`) {
					t.Errorf("worklist %s lacks the fixture's cards or problem:\n%s", block, page)
				}
				same("worklist "+block, page, execute(t, wt, block, wp))
			}
			// The customer page, with every fragment from its twin.
			ct := twinPage(t, s, "customer", "{{.CallRows}}", `{{template "callrows" .}}`, "{{.PromiseRows}}", `{{template "promiserows" .}}`,
				"{{.LogControls}}", `{{template "logcontrols" .}}`)
			cp.LogControls, cp.CallRows, cp.PromiseRows = logControls(cp.Base), callRows(cp.Base, cp.Calls, s.cfg.Location), promiseRows(cp.Base, cp.Promises)
			page := execute(t, s.pages["customer"], "layout.html", cp)
			if !strings.Contains(page, `/commitments/7/cancel`) || !strings.Contains(page, `class="d-no-answer"`) {
				t.Errorf("customer page lacks the fixture's rows or outcome buttons:\n%s", page)
			}
			same("customer page", page, execute(t, ct, "layout.html", cp))
		})
	}
}

// TestChartTableIsItsTemplate holds the scorecard's tables written in Go
// to their template twin: every kind of header, row and cell, nasty text
// in each, a link, an empty body, a total line and a note.
func TestChartTableIsItsTemplate(t *testing.T) {
	s := testServer(t)
	twins := twinPage(t, s, "scorecard")
	full := ChartTable{Title: nasty, Class: "trend " + nasty, Chart: "line", Unit: "yuan", Max: "100", Note: nasty,
		Head: []Head{{Text: "月份"}, {Text: nasty, Num: true, Series: true, Scale: "100"}, {Text: "x", Habit: "follow_up", Num: true}},
		Rows: []Row{
			{Month: "2026-05", From: "2026-05-01", To: "2026-05-31", Label: "2026-05", Cells: []Cell{{K: "collected", V: "1234.50", Text: "¥1,234.50", HasV: true}, {Text: "—"}}},
			{Rep: nasty, Habit: "negotiation", Label: nasty, Link: "/scorecard/" + url.PathEscape(nasty) + "?month=2026-05", Title: nasty,
				Cells: []Cell{{V: "", Text: "无数据", HasV: true}, {Text: nasty, Words: true}}},
		},
		Foot: []string{"合计", nasty, "¥1"}}
	for _, tc := range []ChartTable{full, {Title: "空", Class: "profiles", Head: []Head{{Text: "a"}, {Text: "b"}}, Empty: nasty}} {
		if got, want := string(tc.HTML()), execute(t, twins, "charttable", tc); got != want {
			t.Errorf("Go writes\n%s\nthe template\n%s", got, want)
		}
	}
}

func TestHTMLWriterEscapes(t *testing.T) {
	for _, tc := range []struct {
		write func(*htmlWriter)
		want  string
	}{
		{func(w *htmlWriter) { w.Text(nasty) }, `&lt;b&gt;&#34;A&amp;B&#34; &#39;x&#39;&lt;/b&gt; &#43;1`},
		{func(w *htmlWriter) { w.Attr("a\x00\"b") }, "a\uFFFD&#34;b"},
		{func(w *htmlWriter) { w.URL("javascript:alert(1)") }, "#ZgotmplZ"},
		{func(w *htmlWriter) { w.URL(" JavaScript:alert(1)") }, "#ZgotmplZ"},
		{func(w *htmlWriter) { w.URL("data:text/html,x") }, "#ZgotmplZ"},
		{func(w *htmlWriter) { w.URL("tel:+86 138") }, "tel:&#43;86%20138"},
		{func(w *htmlWriter) { w.URL("/customers/" + url.PathEscape("客户 1")) }, "/customers/%E5%AE%A2%E6%88%B7%201"},
		{func(w *htmlWriter) { w.URL(`/a?b="c"&d=<e>`) }, "/a?b=%22c%22&amp;d=%3ce%3e"},
	} {
		var w htmlWriter
		tc.write(&w)
		if got := string(w.HTML()); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
