package cli_test

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
	"huikuan/internal/cli"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
	"huikuan/internal/web"
)

// callSurfaces is one ledger served by the JSON API, the web pages and the
// CLI (run in process), for the rules of a logged call that every surface
// must apply alike because the store applies them (issue 11).
type callSurfaces struct {
	store    *store.Store
	dbURL    string
	api, web *httptest.Server
	token    string
	browser  *http.Client
	csrf     string
}

func newCallSurfaces(t *testing.T, dbURL string) *callSurfaces {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d := civil.MustParse
	var custs []ledger.Customer
	for _, code := range []string{"C1", "C2", "C3"} {
		custs = append(custs, ledger.Customer{Code: code, Name: "客户" + code, Region: "华东", Rep: "R1", Tier: "B", CreditLimit: money.Yuan(100000), TermsDays: 30})
	}
	_, err = s.Apply(ctx, store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}},
		Customers: custs,
		Invoices: []ledger.Invoice{
			{Number: "I1", Customer: "C1", Issue: d("2026-05-01"), Due: d("2026-05-31"), Amount: money.Yuan(5000)},
			{Number: "I2", Customer: "C2", Issue: d("2026-05-01"), Due: d("2026-05-31"), Amount: money.Yuan(5000)},
			{Number: "I3", Customer: "C3", Issue: d("2026-05-01"), Due: d("2026-05-31"), Amount: money.Yuan(5000)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	const password = "call-rules-password-1"
	hash, err := user.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, store.Actor{Name: "test"}, user.User{Login: "rep1", Name: "王一", Role: user.Rep, Rep: "R1"}, hash); err != nil {
		t.Fatal(err)
	}
	token, tokenHash := user.NewSecret()
	if err := s.CreateAPIToken(ctx, "rep1", tokenHash); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	as := api.New(s, log, time.UTC, now)
	ws, err := web.New(s, log, web.Config{Now: now, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	cs := &callSurfaces{store: s, dbURL: dbURL, api: httptest.NewServer(as.Handler()), web: httptest.NewServer(ws.Handler()), token: token}
	t.Cleanup(cs.api.Close)
	t.Cleanup(cs.web.Close)
	jar, _ := cookiejar.New(nil)
	cs.browser = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cs.browser.PostForm(cs.web.URL+"/login", url.Values{"login": {"rep1"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	res, err = cs.browser.Get(cs.web.URL + "/worklist")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("the worklist page has no form token (status %d)", res.StatusCode)
	}
	cs.csrf = string(m[1])
	return cs
}

// postAPI logs a call by POST /api/v1/calls.
func (cs *callSurfaces) postAPI(t *testing.T, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", cs.api.URL+"/api/v1/calls", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+cs.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// postForm logs a call by the worklist's form, as htmx sends it.
func (cs *callSurfaces) postForm(t *testing.T, form url.Values) (int, string) {
	t.Helper()
	form.Set("csrf", cs.csrf)
	req, _ := http.NewRequest("POST", cs.web.URL+"/worklist/calls", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	res, err := cs.browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// runCLI runs huikuan in process on the surfaces' database.
func (cs *callSurfaces) runCLI(args ...string) (int, string) {
	var out, stderr bytes.Buffer
	env := map[string]string{"HUIKUAN_DB": cs.dbURL, "HUIKUAN_TZ": "UTC"}
	code := cli.Run(context.Background(), args, cli.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &stderr}, func(k string) string { return env[k] })
	return code, out.String() + stderr.String()
}

func (cs *callSurfaces) calls(t *testing.T, customer string) []store.CallRow {
	t.Helper()
	calls, err := cs.store.Calls(context.Background(), store.CallFilter{Scope: user.Scope{All: true}, Customer: customer})
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

// TestCallRulesAlikeOnEverySurface: a call with a promise and no amount
// agreed stores the promise as the amount agreed whether it is logged by
// the API, the worklist's form or the CLI; a call without a disposition is
// refused by each, on the field disposition with the code required, and
// nothing is logged.
func TestCallRulesAlikeOnEverySurface(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		cs := newCallSurfaces(t, dbURL)
		promise := money.Yuan(3000)

		if status, body := cs.postAPI(t, `{"customer":"C1","at":"2026-06-30T10:00:00Z","disposition":"reached-promised","commitment":{"amount":300000,"date":"2026-07-03"}}`); status != http.StatusCreated {
			t.Fatalf("API: %d %s", status, body)
		}
		if status, body := cs.postForm(t, url.Values{"customer": {"C2"}, "disposition": {"reached-promised"}, "amount": {"3000"}, "date": {"2026-07-03"}}); status >= 400 {
			t.Fatalf("form: %d %s", status, body)
		}
		if code, out := cs.runCLI("call", "log", "--customer", "C3", "--disposition", "reached-promised", "--at", "2026-06-30 10:00", "--promise", "3000", "--promise-date", "2026-07-03"); code != 0 {
			t.Fatalf("CLI: exit %d %s", code, out)
		}
		for surface, customer := range map[string]string{"API": "C1", "form": "C2", "CLI": "C3"} {
			calls := cs.calls(t, customer)
			if len(calls) != 1 || calls[0].CommitmentID == nil {
				t.Errorf("%s: %d calls logged for %s, want 1 with its promise: %+v", surface, len(calls), customer, calls)
				continue
			}
			if calls[0].AmountAgreed != promise {
				t.Errorf("%s: amount agreed %s, want the promise's %s", surface, calls[0].AmountAgreed.Format(), promise.Format())
			}
		}

		// Without a disposition.
		status, body := cs.postAPI(t, `{"customer":"C1","at":"2026-06-30T11:00:00Z","notes":"no disposition"}`)
		var problem struct {
			Errors []struct{ Field, Code, Message string }
		}
		if err := json.Unmarshal(body, &problem); err != nil || status != http.StatusUnprocessableEntity || len(problem.Errors) != 1 {
			t.Fatalf("API without a disposition: %d %s", status, body)
		}
		if f := problem.Errors[0]; f.Field != "disposition" || f.Code != "required" {
			t.Errorf("API without a disposition: field %q code %q, want disposition, required", f.Field, f.Code)
		}
		message := problem.Errors[0].Message
		if status, body := cs.postForm(t, url.Values{"customer": {"C2"}, "notes": {"no disposition"}}); status != http.StatusBadRequest || !strings.Contains(body, "disposition：必填") {
			t.Errorf("form without a disposition: %d %s, want 400 and the disposition required", status, body)
		}
		if code, out := cs.runCLI("call", "log", "--customer", "C3", "--at", "2026-06-30 11:00", "--notes", "no disposition"); code != 1 || !strings.Contains(out, "column disposition: "+message) {
			t.Errorf("CLI without a disposition: exit %d %q, want 1 and column disposition: %s", code, out, message)
		}
		for _, customer := range []string{"C1", "C2", "C3"} {
			if n := len(cs.calls(t, customer)); n != 1 {
				t.Errorf("%s has %d calls after the refusals, want 1", customer, n)
			}
		}
	})
}
