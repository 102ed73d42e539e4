package cli_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"huikuan/internal/excuse"
	"huikuan/internal/money"
	"huikuan/internal/store/storetest"
)

// TestExcuseOnEverySurface logs an excuse with its category and amount
// by the API, the worklist's form (htmx and without script) and the CLI,
// reads each back, sees bad ones refused naming the field, and the
// customer page's excuse history with its repeat flagged.
func TestExcuseOnEverySurface(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		cs := newCallSurfaces(t, dbURL)
		if worklist := cs.get(t, "/worklist"); !strings.Contains(worklist, `<button type="submit" name="excuse" value="quality" class="x-quality">产品质量</button>`) {
			t.Errorf("the worklist's cards offer no excuse categories:\n%s", worklist)
		}
		if status, body := cs.postAPI(t, `{"customer":"C1","at":"2026-06-30T08:00:00Z","disposition":"reached-excuse","excuse":"quality","excuse_amount":100000}`); status != http.StatusCreated {
			t.Fatalf("API: %d %s", status, body)
		}
		// The card's excuse button sends only the category; the notes come
		// from whichever notes input was typed.
		if status, body := cs.postForm(t, url.Values{"customer": {"C2"}, "excuse": {"cash_tight"}, "excuse_amount": {"2000"}, "notes": {"下周再说", ""}}); status != http.StatusOK {
			t.Fatalf("form: %d %s", status, body)
		}
		if code, out := cs.runCLI("call", "log", "--customer", "C3", "--disposition", "reached-excuse", "--at", "2026-06-30 10:00", "--excuse", "statement_mismatch", "--excuse-amount", "1500"); code != 0 || !strings.Contains(out, "statement_mismatch") {
			t.Fatalf("CLI: exit %d %s", code, out)
		}
		for customer, want := range map[string]struct {
			cat    excuse.Category
			amount money.Amount
			notes  string
		}{"C1": {excuse.Quality, money.Yuan(1000), ""}, "C2": {excuse.CashTight, money.Yuan(2000), "下周再说"}, "C3": {excuse.StatementMismatch, money.Yuan(1500), ""}} {
			calls := cs.calls(t, customer)
			if len(calls) != 1 || calls[0].Disposition != "reached-excuse" || calls[0].Excuse != want.cat || calls[0].ExcuseAmount != want.amount || calls[0].Notes != want.notes {
				t.Errorf("%s: calls %+v, want one %s excuse of %s", customer, calls, want.cat, want.amount.Format())
			}
		}

		// Refused, naming the field, and nothing logged.
		if status, body := cs.postForm(t, url.Values{"customer": {"C2"}, "excuse": {"busy"}}); status != http.StatusBadRequest || !strings.Contains(body, "理由") || !strings.Contains(body, "busy") {
			t.Errorf("form with an unknown category: %d %s", status, body)
		}
		if status, body := cs.postForm(t, url.Values{"customer": {"C2"}, "excuse": {"quality"}, "excuse_amount": {"-5"}}); status != http.StatusBadRequest || !strings.Contains(body, "理由涉及金额") {
			t.Errorf("form with a negative amount: %d %s", status, body)
		}
		if code, out := cs.runCLI("call", "log", "--customer", "C3", "--disposition", "no-answer", "--at", "2026-06-30 11:00", "--excuse", "quality"); code != 1 || !strings.Contains(out, "excuse") {
			t.Errorf("CLI with an excuse in a no-answer call: exit %d %q", code, out)
		}
		if code, out := cs.runCLI("call", "log", "--customer", "C3", "--disposition", "reached-excuse", "--at", "2026-06-30 11:00", "--excuse", "busy"); code != 1 || !strings.Contains(out, "column excuse") {
			t.Errorf("CLI with an unknown category: exit %d %q", code, out)
		}
		if code, out := cs.runCLI("call", "list", "--customer", "C3"); code != 0 || !strings.Contains(out, "statement_mismatch") {
			t.Errorf("CLI call list: exit %d %q", code, out)
		}
		// An amount typed for an excuse and then another outcome tapped:
		// the call is that outcome's, without the amount.
		if status, body := cs.postForm(t, url.Values{"customer": {"C1"}, "disposition": {"no-answer"}, "excuse_amount": {"500"}}); status != http.StatusOK {
			t.Errorf("no answer with an excuse amount typed: %d %s", status, body)
		} else if c := cs.calls(t, "C1")[0]; c.Disposition != "no-answer" || c.Excuse != "" || c.ExcuseAmount != 0 {
			t.Errorf("no answer with an excuse amount typed logged %+v", c)
		}
		for _, c := range []string{"C2", "C3"} {
			if n := len(cs.calls(t, c)); n != 1 {
				t.Errorf("%s has %d calls after the refusals, want 1", c, n)
			}
		}

		// The same excuse again from the customer's page, without script:
		// back to the page, whose history flags it a repeat.
		form := url.Values{"csrf": {cs.csrf}, "customer": {"C2"}, "from": {"customer"}, "excuse": {"cash_tight"}}
		res, err := cs.browser.PostForm(cs.web.URL+"/worklist/calls", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/customers/C2") {
			t.Fatalf("the customer page's form: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		page := cs.get(t, "/customers/C2")
		rows := regexp.MustCompile(`<tr class="x-cash_tight( repeat)?"><td>2026-06-30</td><td>资金紧张( <span class="flag"[^>]*>重复</span>)?</td><td class="num">([^<]*)</td>`).FindAllStringSubmatch(page, -1)
		if len(rows) != 2 || rows[0][1] != " repeat" || rows[0][2] == "" || rows[1][1] != "" || rows[1][3] != "¥2,000.00" {
			t.Errorf("C2's excuse history %q in\n%s", rows, page)
		}
	})
}

// get returns the page at path as the logged-in rep sees it.
func (cs *callSurfaces) get(t *testing.T, path string) string {
	t.Helper()
	res, err := cs.browser.Get(cs.web.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return string(b)
}
