package cli_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"huikuan/internal/cli"
	"huikuan/internal/money"
	"huikuan/internal/xlsxcheck"
)

// TestBrowserScorecard is the manager's morning in a browser: the team
// dashboard at a desk and on a 390-px phone. Every chart draws (an SVG
// with shapes and words), the figures in the tables under the charts are
// the API's for the same months and team (GET /api/v1/reports/kpis,
// /scorecard and /attainment with the manager's token), the rep to coach
// first is the API's lowest-scoring rep with their first habit, and the
// month's scorecard downloaded from the page's link is an XLSX workbook.
func TestBrowserScorecard(t *testing.T) {
	base, token := serveWithToken(t, "manager")
	api := apiClient{t: t, base: base, token: token}

	desk := browser(t, 1280, 900)
	login(t, desk, base, "manager")
	do(t, desk, chromedp.Navigate(base+"/scorecard"), chromedp.WaitVisible(`.chart-box svg`))
	chartsDrawn(t, desk, "desk")
	shot(t, desk, "desktop-scorecard", 1280)

	month := eval(t, desk, chromedp.Evaluate[string](`document.querySelector('input[name=month]').value`))
	sameKPIs(t, desk, api)
	sameScores(t, desk, api, month)
	sameAttainment(t, desk, api, month)
	downloadOpens(t, desk, base, "manager", api.card(month, ""))

	phone := browser(t, 390, 844)
	login(t, phone, base, "manager")
	do(t, phone, chromedp.Navigate(base+"/scorecard"), chromedp.WaitVisible(`.chart-box svg`))
	chartsDrawn(t, phone, "phone")
	noHorizontalOverflow(t, phone, "the dashboard on a phone")
	if w := eval(t, phone, chromedp.Evaluate[float64](`Math.max(...[...document.querySelectorAll('.chart-box')].map(b => b.getBoundingClientRect().right))`)); w > 390 {
		t.Errorf("a chart reaches %.0f px on a 390-px phone", w)
	}
	shot(t, phone, "phone-scorecard", 390)

	// A rep of the team, from the dashboard's coaching line: their own
	// page, habits weakest first, as the API has them.
	href := eval(t, phone, chromedp.Evaluate[string](`(document.querySelector('section.coach a') || {getAttribute: () => ''}).getAttribute('href')`))
	if href == "" {
		t.Fatal("the dashboard names no rep to coach")
	}
	do(t, phone, chromedp.Navigate(base+href), chromedp.WaitVisible(`.chart-box svg`))
	chartsDrawn(t, phone, "the rep's page")
	noHorizontalOverflow(t, phone, "the rep's scorecard on a phone")
	rep := strings.TrimPrefix(strings.SplitN(href, "?", 2)[0], "/scorecard/")
	got := eval(t, phone, chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.habits tbody tr')].map(r => r.dataset.habit + '=' + r.children[3].dataset.v)`))
	var want []string
	for _, h := range api.card(month, rep).Reps[0].Habits {
		want = append(want, h.Code+"="+intOrBlank(h.Score))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s's habits on their page: %v, the API's: %v", rep, got, want)
	}
	sameKPIs(t, phone, apiClient{t: t, base: base, token: token, query: "rep=" + rep})
	shot(t, phone, "phone-scorecard-rep", 390)
}

// serveWithToken serves a copy of the demo database in which login has an
// API token, and returns the server's URL and the token.
func serveWithToken(t *testing.T, login string) (base, token string) {
	t.Helper()
	startServer(t) // makes the demo database, which the token goes into
	var out bytes.Buffer
	getenv := func(k string) string {
		if k == "HUIKUAN_DB" {
			return "sqlite:" + demoDB.path
		}
		return ""
	}
	if code := cli.Run(context.Background(), []string{"user", "token", "--login", login}, cli.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard}, getenv); code != 0 {
		t.Fatalf("huikuan user token: exit %d", code)
	}
	return startServer(t), strings.TrimSpace(out.String())
}

// chartsDrawn checks that every table marked for a chart has one above it
// with drawn shapes and words in its SVG.
func chartsDrawn(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	tables := eval(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.chart-data').length`))
	drawn := eval(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.chart-box')].map(b => {
		const svg = b.querySelector('svg');
		return svg ? svg.querySelectorAll('path').length + '/' + svg.querySelectorAll('text').length : '0/0';
	})`))
	if tables == 0 || len(drawn) != tables {
		t.Fatalf("%s: %d charts for %d chart tables", where, len(drawn), tables)
	}
	for i, d := range drawn {
		paths, texts, _ := strings.Cut(d, "/")
		if paths == "0" || texts == "0" {
			t.Errorf("%s: chart %d has %s paths and %s texts", where, i+1, paths, texts)
		}
	}
}

// apiClient asks the API with a token; query narrows every report asked
// (rep=CODE), when set.
type apiClient struct {
	t           *testing.T
	base, token string
	query       string
}

func (a apiClient) get(path string, q url.Values, v any) {
	a.t.Helper()
	if a.query != "" {
		extra, _ := url.ParseQuery(a.query)
		for k, vs := range extra {
			q[k] = vs
		}
	}
	req, _ := http.NewRequest("GET", a.base+path+"?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		a.t.Fatalf("GET %s?%s: %d %s", path, q.Encode(), res.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		a.t.Fatalf("GET %s: %v", path, err)
	}
}

// apiCard is the part of GET /api/v1/reports/scorecard the pages show.
type apiCard struct {
	Reps []struct {
		Rep    string `json:"rep"`
		Habits []struct {
			Code  string `json:"code"`
			Score *int   `json:"score"`
		} `json:"habits"`
	} `json:"reps"`
}

func (a apiClient) card(month, rep string) apiCard {
	var c apiCard
	q := url.Values{"month": {month}}
	if rep != "" {
		q.Set("rep", rep)
	}
	a.get("/api/v1/reports/scorecard", q, &c)
	return c
}

// sameKPIs compares every cell of the trend tables that names its KPI
// (data-k, the JSON field) with GET /api/v1/reports/kpis for the row's
// period.
func sameKPIs(t *testing.T, ctx context.Context, a apiClient) {
	t.Helper()
	rows := eval(t, ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll('table.trend tbody td[data-k]')].map(td => {
		const tr = td.closest('tr');
		return [tr.dataset.from, tr.dataset.to, td.dataset.k, td.dataset.v];
	})`))
	if len(rows) < 12 {
		t.Fatalf("the trend tables have %d figures", len(rows))
	}
	months := map[string]map[string]any{}
	for _, r := range rows {
		from, to, k, v := r[0], r[1], r[2], r[3]
		if months[from+to] == nil {
			m := map[string]any{}
			a.get("/api/v1/reports/kpis", url.Values{"from": {from}, "to": {to}}, &m)
			months[from+to] = m
		}
		if want := dataV(months[from+to][k], k); v != want {
			t.Errorf("%s–%s %s: the table has %q, the API %q", from, to, k, v, want)
		}
	}
	if len(months) != 12 {
		t.Errorf("the trend tables cover %d months, want 12", len(months))
	}
}

// dataV is how the pages write a JSON figure in data-v: amounts (minor
// units in JSON) in yuan, ratios as the number, none as "".
func dataV(j any, key string) string {
	n, ok := j.(float64)
	if !ok {
		return ""
	}
	switch key {
	case "collected", "credit_sales", "ar_end", "ar_begin", "current_ar_end", "overdue_ar_end":
		return money.Amount(int64(n)).String()
	}
	return strconv.FormatFloat(n, 'g', -1, 64)
}

// sameScores compares the profile table with the API's scorecard and the
// coaching line with the API's lowest-scoring rep (the lowest mean of
// their scores) and that rep's first habit.
func sameScores(t *testing.T, ctx context.Context, a apiClient, month string) {
	t.Helper()
	c := a.card(month, "")
	cells := eval(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.profiles tbody tr[data-rep]')].flatMap(tr =>
		[...tr.querySelectorAll('td[data-v]')].map((td, i) => tr.dataset.rep + ' ' + document.querySelectorAll('table.profiles thead th')[i + 1].dataset.habit + '=' + td.dataset.v))`))
	var want []string
	lowest, lowMean, lowHabit := "", 0.0, ""
	for _, rc := range c.Reps {
		by := map[string]string{}
		sum, n := 0, 0
		for _, h := range rc.Habits {
			by[h.Code] = intOrBlank(h.Score)
			if h.Score != nil {
				sum, n = sum+*h.Score, n+1
			}
		}
		for _, code := range []string{"plan_coverage", "gap_coverage", "commitment_scrutiny", "follow_up", "excuse_handling", "negotiation"} {
			want = append(want, rc.Rep+" "+code+"="+by[code])
		}
		if mean := float64(sum) / float64(max(n, 1)); n > 0 && (lowest == "" || mean < lowMean) {
			lowest, lowMean, lowHabit = rc.Rep, mean, rc.Habits[0].Code
		}
	}
	if strings.Join(cells, ",") != strings.Join(want, ",") {
		t.Errorf("the habit profiles:\n page %v\n API  %v", cells, want)
	}
	if lowest == "" {
		t.Fatal("the API scores no habit of any rep this month: nothing to coach")
	}
	got := eval(t, ctx, chromedp.Evaluate[string](`(s => s ? s.dataset.rep + ' ' + s.dataset.habit : '')(document.querySelector('section.coach'))`))
	if got != lowest+" "+lowHabit {
		t.Errorf("the rep to coach first: page %q, API %q", got, lowest+" "+lowHabit)
	}
	if words := eval(t, ctx, chromedp.Text(`section.coach`)); !strings.Contains(words, "最需要辅导") {
		t.Errorf("the coaching line reads %q", words)
	}
}

// sameAttainment compares the attainment table with GET
// /api/v1/reports/attainment.
func sameAttainment(t *testing.T, ctx context.Context, a apiClient, month string) {
	t.Helper()
	var rep struct {
		Reps []struct {
			Rep       string `json:"rep"`
			Target    int64  `json:"target"`
			TargetSet bool   `json:"target_set"`
			Collected int64  `json:"collected"`
		} `json:"reps"`
	}
	a.get("/api/v1/reports/attainment", url.Values{"month": {month}}, &rep)
	var want []string
	for _, r := range rep.Reps {
		target := ""
		if r.TargetSet {
			target = money.Amount(r.Target).String()
		}
		want = append(want, r.Rep+" "+target+" "+money.Amount(r.Collected).String())
	}
	got := eval(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.attainment tbody tr')].map(tr => tr.dataset.rep + ' ' + tr.children[1].dataset.v + ' ' + tr.children[2].dataset.v)`))
	if len(want) == 0 || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("attainment by rep:\n page %v\n API  %v", got, want)
	}
}

// downloadOpens fetches the page's link to the month's scorecard as XLSX
// with the login's session and reads it back: a workbook with a sheet,
// and, where python3 has openpyxl (the export tests' second reader,
// internal/xlsxcheck), each rep's habit scores in its
// first sheet equal to the API's.
func downloadOpens(t *testing.T, ctx context.Context, base, login string, c apiCard) {
	t.Helper()
	b := fetchAs(t, base, login, eval(t, ctx, chromedp.Evaluate[string](`document.querySelector('#dl-card-xlsx').getAttribute('href')`)))
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the scorecard download is not an XLSX: %v", err)
	}
	if !slices.ContainsFunc(z.File, func(f *zip.File) bool { return strings.HasPrefix(f.Name, "xl/worksheets/sheet") }) {
		t.Fatal("the scorecard workbook has no sheet")
	}
	py := xlsxcheck.Reader(t)
	if py == "" {
		t.Log("the downloaded XLSX is not read back: no python3 with openpyxl")
		return
	}
	sheets := xlsxcheck.Dump(t, py, b)
	if len(sheets) == 0 {
		t.Fatal("openpyxl read no sheet")
	}
	// The habits sheet: rep in column 2, habit code in 7, score in 11.
	var got, want []string
	for _, row := range sheets[0].Rows[1:] {
		score := ""
		if n, ok := row[10].V.(json.Number); ok {
			f, _ := n.Float64()
			score = strconv.Itoa(int(f))
		}
		got = append(got, fmt.Sprint(row[1].V)+" "+fmt.Sprint(row[6].V)+"="+score)
	}
	for _, rc := range c.Reps {
		for _, h := range rc.Habits {
			want = append(want, rc.Rep+" "+h.Code+"="+intOrBlank(h.Score))
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("the downloaded scorecard:\n file %v\n API  %v", got, want)
	}
}

// fetchAs is the body of GET base+path with login's session.
func fetchAs(t *testing.T, base, login, path string) []byte {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(base+"/login", url.Values{"login": {login}, "password": {cli.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	res, err = c.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return b
}

func intOrBlank(i *int) string {
	if i == nil {
		return ""
	}
	return strconv.Itoa(*i)
}
