package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"huikuan/internal/api"
	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/sim"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
	"huikuan/internal/web"
)

// surfaces are the four front ends of one demo installation, all on one
// fixed clock: the web pages and the API through their handlers, the
// command line in-process.
type surfaces struct {
	db    string
	now   func() time.Time
	loc   *time.Location
	web   *httptest.Server
	api   *httptest.Server
	token map[string]string // login → API token
	rep   sim.RepModel      // the rep logged in as "rep", of the team of "manager"
}

func newSurfaces(t *testing.T, db string, today civil.Date) *surfaces {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w := sim.DefaultWorld()
	// A year of a smaller company: enough settled promises for the daily
	// job to fit a model of its own, so that models fitted on other
	// histories would give other figures.
	o := sim.Options{Size: sim.Size{Reps: 4, Customers: 100, Months: 12}, Seed: 7, Until: today}
	if err := Demo(ctx, s, w, o, nil); err != nil {
		t.Fatal(err)
	}
	if sc, err := s.Scorer(ctx); err != nil || sc.N == 0 {
		t.Fatalf("the demo's scorer: %+v, %v; want one fitted on its history", sc, err)
	}
	first := sim.NewCompany(w, o).Reps[0]
	hash, err := user.HashPassword(DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	sf := &surfaces{db: db, loc: time.FixedZone("CST", 8*3600), token: map[string]string{}, rep: first}
	sf.now = func() time.Time { return today.Time().Add(10 * time.Hour).In(sf.loc) }
	for _, u := range []user.User{
		{Login: "rep", Name: first.Name, Role: user.Rep, Rep: first.Code},
		{Login: "manager", Name: "经理", Role: user.Manager, Team: first.Team},
	} {
		if _, err := s.CreateUser(ctx, store.Actor{Name: "test"}, u, hash); err != nil {
			t.Fatal(err)
		}
		secret, tokenHash := user.NewSecret()
		if err := s.CreateAPIToken(ctx, u.Login, tokenHash); err != nil {
			t.Fatal(err)
		}
		sf.token[u.Login] = secret
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ws, err := web.New(s, log, web.Config{Location: sf.loc, Now: sf.now})
	if err != nil {
		t.Fatal(err)
	}
	sf.web = httptest.NewServer(ws.Handler())
	t.Cleanup(sf.web.Close)
	sf.api = httptest.NewServer(api.New(s, log, sf.loc, sf.now).Handler())
	t.Cleanup(sf.api.Close)
	return sf
}

// page is the body of a web page as the user sees it after logging in.
func (sf *surfaces) page(t *testing.T, login, path string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(sf.web.URL+"/login", url.Values{"login": {login}, "password": {DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s: %d", login, res.StatusCode)
	}
	res, err = c.Get(sf.web.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s as %s: %d %s", path, login, res.StatusCode, b)
	}
	return string(b)
}

// fromAPI is GET /api/v1/reports/forecast with the user's token.
func (sf *surfaces) fromAPI(t *testing.T, login, query string) commitment.Forecast {
	t.Helper()
	req, _ := http.NewRequest("GET", sf.api.URL+"/api/v1/reports/forecast?"+query, nil)
	req.Header.Set("Authorization", "Bearer "+sf.token[login])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var f commitment.Forecast
	if err := json.NewDecoder(res.Body).Decode(&f); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET forecast?%s as %s: %d %v", query, login, res.StatusCode, err)
	}
	return f
}

// fromCLI is `huikuan report forecast … --format json`, run in-process.
func (sf *surfaces) fromCLI(t *testing.T, args ...string) commitment.Forecast {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{IO: IO{Stdout: &out, Stderr: &errb}, cfg: Config{DB: sf.db, Location: sf.loc, Now: sf.now}, name: "huikuan report"}
	if code := a.exit(runReport(context.Background(), a, append([]string{"forecast", "--format", "json"}, args...))); code != 0 {
		t.Fatalf("huikuan report forecast %s: exit %d %s", strings.Join(args, " "), code, errb.String())
	}
	var f commitment.Forecast
	if err := json.Unmarshal(out.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// sameForecast compares two forecasts field by field, the actual by value.
func sameForecast(a, b commitment.Forecast) bool {
	if (a.Actual == nil) != (b.Actual == nil) || a.Actual != nil && *a.Actual != *b.Actual {
		return false
	}
	a.Actual, b.Actual = nil, nil
	return a == b
}

var tileRE = regexp.MustCompile(`class="tile"[^>]*>\s*<div><span><a href="/forecast">[^<]*</a></span><strong title="([^"]+)">`)

// onPage is the forecast made on day as the /forecast page's table shows
// it, to the fen.
func onPage(t *testing.T, page string, day civil.Date) string {
	t.Helper()
	re := regexp.MustCompile(`<tr><td>` + day.String() + `</td>(?:<td class="num"(?: title="[^"]*")?>[^<]*</td>){4}<td class="num" title="([^"]+)">`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no forecast made on %s on the page", day)
	}
	return m[1]
}

// TestForecastSameOnEverySurface: the tile, the /forecast page, the API
// and the command line give the same forecast, to the fen, for the same
// scope, month and as-of date — for the running month (scored by the
// model the daily job saved) and for a past one (by the model of the
// month's first day) — on both databases (issue 11).
func TestForecastSameOnEverySurface(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		today := civil.MustParse("2026-06-20")
		sf := newSurfaces(t, db, today)
		for _, who := range []struct {
			login string
			flag  []string
		}{{"rep", []string{"--rep", sf.rep.Code}}, {"manager", []string{"--team", sf.rep.Team}}} {
			// The running month, as of today: all four surfaces.
			tile := tileRE.FindStringSubmatch(sf.page(t, who.login, "/forecast/tile"))
			if tile == nil {
				t.Fatalf("%s: no forecast on the tile", who.login)
			}
			running := sf.page(t, who.login, "/forecast")
			byAPI := sf.fromAPI(t, who.login, "month=2026-06&as_of=2026-06-20")
			byCLI := sf.fromCLI(t, append(who.flag, "--month", "2026-06", "--as-of", "2026-06-20")...)
			want := byAPI.Forecast.Format()
			if byAPI.Forecast == 0 || byAPI.CommittedWeighted == 0 {
				t.Errorf("%s: forecast %+v: want one with open commitments in it", who.login, byAPI)
			}
			if tile[1] != want || onPage(t, running, today) != want || !sameForecast(byCLI, byAPI) {
				t.Errorf("%s, June as of %s: tile %s, page %s, API %s, CLI %s; want the same\nAPI %+v\nCLI %+v",
					who.login, today, tile[1], onPage(t, running, today), want, byCLI.Forecast.Format(), byAPI, byCLI)
			}
			// A past month, on a day within it and on its last: the page,
			// the API and the command line.
			past := sf.page(t, who.login, "/forecast?month=2026-05")
			for _, day := range []string{"2026-05-12", "2026-05-31"} {
				byAPI := sf.fromAPI(t, who.login, "month=2026-05&as_of="+day)
				byCLI := sf.fromCLI(t, append(who.flag, "--month", "2026-05", "--as-of", day)...)
				if byAPI.Actual == nil {
					t.Errorf("%s, May as of %s: no actual for a past month", who.login, day)
				}
				if got := onPage(t, past, civil.MustParse(day)); got != byAPI.Forecast.Format() || !sameForecast(byCLI, byAPI) {
					t.Errorf("%s, May as of %s: page %s, API %s, CLI %s; want the same", who.login, day, got, byAPI.Forecast.Format(), byCLI.Forecast.Format())
				}
			}
		}
	})
}
