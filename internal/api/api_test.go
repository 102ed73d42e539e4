package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/api"
	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// world is the web tests' ledger with a token per user.
type world struct {
	srv    *httptest.Server
	tokens map[string]string
	store  *store.Store // the server's, for tests that ask a use case directly
}

func newWorld(t *testing.T, dbURL string) *world {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d := civil.MustParse
	var custs []ledger.Customer
	for i, spec := range []struct{ code, rep string }{{"C1", "R1"}, {"C2", "R1"}, {"C3", "R2"}, {"C4", "R1"}, {"C5", "R1"}} {
		custs = append(custs, ledger.Customer{Code: spec.code, Name: "客户" + spec.code, Region: "华东", Rep: spec.rep, Tier: "B", CreditLimit: money.Yuan(int64(1000 * (i + 1))), TermsDays: 30,
			Phone: fmt.Sprintf("1380000000%d", i+1)})
	}
	_, err = s.Apply(ctx, store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}, {Code: "R2", Name: "李二", Region: "华东", Team: "西区"}},
		Customers: custs,
		Invoices:  []ledger.Invoice{{Number: "I1", Customer: "C1", Issue: d("2026-01-01"), Due: d("2026-01-31"), Amount: money.Yuan(1500)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{tokens: map[string]string{}, store: s}
	for _, u := range []user.User{
		{Login: "admin", Name: "管理员", Role: user.Admin},
		{Login: "boss", Name: "经理", Role: user.Manager, Team: "东区"},
		{Login: "west", Name: "西经理", Role: user.Manager, Team: "西区"},
		{Login: "rep1", Name: "王一", Role: user.Rep, Rep: "R1"},
		{Login: "rep2", Name: "李二", Role: user.Rep, Rep: "R2"},
		{Login: "fin", Name: "会计", Role: user.Finance},
	} {
		if _, err := s.CreateUser(ctx, store.Actor{Name: "test"}, u, "x"); err != nil {
			t.Fatal(err)
		}
		token, hash := user.NewSecret()
		if err := s.CreateAPIToken(ctx, u.Login, hash); err != nil {
			t.Fatal(err)
		}
		w.tokens[u.Login] = token
	}
	now := func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) }
	as := api.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), time.UTC, now)
	as.CTISecret = []byte(ctiSecret)
	w.srv = httptest.NewServer(as.Handler())
	t.Cleanup(w.srv.Close)
	return w
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (w *world) do(t *testing.T, as, method, path, body string, header ...string) response {
	t.Helper()
	req, _ := http.NewRequest(method, w.srv.URL+path, strings.NewReader(body))
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+w.tokens[as])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, b}
}

func TestAuthAndScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		tests := []struct {
			as, method, path, body string
			want                   int
		}{
			{"", "GET", "/api/v1/customers", "", 401},
			{"", "GET", "/api/v1/customers/C1", "", 401},
			{"", "GET", "/api/v1/customers/C1/statement", "", 401},
			{"", "GET", "/api/v1/invoices", "", 401},
			{"", "POST", "/api/v1/invoices", "{}", 401},
			{"", "GET", "/api/v1/payments", "", 401},
			{"", "POST", "/api/v1/payments", "{}", 401},
			{"", "POST", "/api/v1/customers", "{}", 401},
			{"", "GET", "/api/v1/reports/aging", "", 401},
			{"", "GET", "/api/v1/audit", "", 401},
			{"", "GET", "/api/v1/commitments", "", 401},
			{"", "POST", "/api/v1/commitments", "{}", 401},
			{"", "GET", "/api/v1/commitments/1", "", 401},
			{"", "POST", "/api/v1/commitments/1/cancel", "", 401},
			{"", "GET", "/api/v1/calls", "", 401},
			{"", "POST", "/api/v1/calls", "{}", 401},
			{"", "POST", "/api/v1/calls/1/disposition", "{}", 401},
			{"", "GET", "/api/v1/worklist", "", 401},
			{"", "GET", "/api/v1/reports/compliance", "", 401},
			{"", "POST", "/api/v1/cti/events", "{}", 401},
			{"rep1", "GET", "/api/v1/worklist?rep=R2", "", 403},
			{"rep1", "GET", "/api/v1/reports/compliance", "", 403},
			{"boss", "GET", "/api/v1/reports/compliance", "", 200},
			{"rep1", "GET", "/api/v1/customers/C1", "", 200},
			{"rep1", "GET", "/api/v1/customers/C3", "", 404},
			{"rep1", "GET", "/api/v1/customers/C3/statement", "", 404},
			{"", "GET", "/api/v1/customers/C1/callsheet", "", 401},
			{"rep1", "GET", "/api/v1/customers/C1/callsheet?date=2026-06-30", "", 200},
			{"rep1", "GET", "/api/v1/customers/C3/callsheet", "", 404},
			{"boss", "GET", "/api/v1/customers/C3/callsheet", "", 404},
			{"rep1", "GET", "/api/v1/customers/C1/callsheet?date=2026-13-01", "", 422},
			{"rep1", "GET", "/api/v1/customers/C1/callsheet?lang=fr", "", 422},
			{"", "GET", "/api/v1/reports/excuses", "", 401},
			{"rep1", "GET", "/api/v1/reports/excuses?from=2026-06-01&to=2026-06-30", "", 200},
			{"boss", "GET", "/api/v1/reports/excuses?from=2026-06-30&to=2026-06-01", "", 422},
			{"rep2", "GET", "/api/v1/customers/C1", "", 404},
			{"boss", "GET", "/api/v1/customers/C2", "", 200},
			{"boss", "GET", "/api/v1/customers/C3", "", 404},
			{"west", "GET", "/api/v1/customers/C1", "", 404},
			{"rep1", "POST", "/api/v1/payments", `{"number":"P1","customer":"C1","date":"2026-06-30","amount":100}`, 403},
			{"boss", "POST", "/api/v1/customers", `{}`, 403},
			{"boss", "POST", "/api/v1/payments", `{"number":"P2","customer":"C3","date":"2026-06-30","amount":100}`, 422},
			{"rep1", "GET", "/api/v1/audit", "", 403},
			{"admin", "GET", "/api/v1/audit", "", 200},
			{"admin", "GET", "/api/v1/nothing", "", 404},
			// finance keeps the books of the whole company, and leads no reps
			{"fin", "GET", "/api/v1/customers/C3", "", 200},
			{"fin", "POST", "/api/v1/customers", `{"code":"C9","name":"新客户","region":"华东","rep":"R2","credit_tier":"B","credit_limit":0,"payment_terms_days":30}`, 201},
			{"fin", "POST", "/api/v1/payments", `{"number":"PF1","customer":"C3","date":"2026-06-30","amount":100}`, 201},
			{"fin", "GET", "/api/v1/audit", "", 200},
			{"fin", "GET", "/api/v1/reports/aging", "", 200},
			{"fin", "PUT", "/api/v1/targets/2026-07/R1", `{"target":100000}`, 403},
			{"fin", "PUT", "/api/v1/customers/C1/followup", `{"cadence_days":7}`, 403},
		}
		for _, tt := range tests {
			res := w.do(t, tt.as, tt.method, tt.path, tt.body)
			if res.status != tt.want {
				t.Errorf("%s %s %s: %d, want %d: %s", tt.as, tt.method, tt.path, res.status, tt.want, res.body)
			}
			if res.status >= 400 && res.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s %s: error with content type %q", tt.method, tt.path, res.header.Get("Content-Type"))
			}
		}
		if res := w.do(t, "rep1", "GET", "/api/v1/customers", ""); !bytes.Contains(res.body, []byte(`"C1"`)) || bytes.Contains(res.body, []byte(`"C3"`)) {
			t.Errorf("rep1's list: %s", res.body)
		}
		var aging struct{ Customers []struct{ Code string } }
		json.Unmarshal(w.do(t, "rep2", "GET", "/api/v1/reports/aging?as_of=2026-06-30", "").body, &aging)
		for _, c := range aging.Customers {
			if c.Code != "C3" {
				t.Errorf("rep2's aging report has %s", c.Code)
			}
		}
	})
}

func TestIdempotency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		body := `{"number":"P-9","customer":"C1","date":"2026-06-30","amount":100000}`
		first := w.do(t, "boss", "POST", "/api/v1/payments", body, "Idempotency-Key", "k1")
		if first.status != 201 {
			t.Fatalf("first POST: %d %s", first.status, first.body)
		}
		again := w.do(t, "boss", "POST", "/api/v1/payments", body, "Idempotency-Key", "k1")
		if again.status != 201 || !bytes.Equal(again.body, first.body) || again.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: %d %s (replayed %q)", again.status, again.body, again.header.Get("Idempotent-Replayed"))
		}
		other := w.do(t, "boss", "POST", "/api/v1/payments", `{"number":"P-10","customer":"C1","date":"2026-06-30","amount":5}`, "Idempotency-Key", "k1")
		if other.status != 422 {
			t.Errorf("the key reused for another body: %d", other.status)
		}
		noKey := w.do(t, "boss", "POST", "/api/v1/payments", body)
		if noKey.status != 200 {
			t.Errorf("the same payment again without a key: %d, want 200 (already there)", noKey.status)
		}
		var list struct{ Items []struct{ Number string } }
		json.Unmarshal(w.do(t, "admin", "GET", "/api/v1/payments?customer=C1", "").body, &list)
		if len(list.Items) != 1 {
			t.Errorf("%d payments after retries, want 1", len(list.Items))
		}
		var p struct {
			Amount    int64 `json:"amount"`
			Unapplied int64 `json:"unapplied"`
		}
		json.Unmarshal(first.body, &p)
		if p.Amount != 100000 || p.Unapplied != 0 {
			t.Errorf("payment %+v: ¥1,000 against I1's ¥1,500 leaves nothing unapplied", p)
		}
		var audit struct {
			Items []struct{ Actor, Action, Entity, Key string }
		}
		json.Unmarshal(w.do(t, "admin", "GET", "/api/v1/audit", "").body, &audit)
		if len(audit.Items) == 0 || audit.Items[0].Actor != "boss" || audit.Items[0].Entity != "payment" || audit.Items[0].Key != "P-9" {
			t.Errorf("audit log: %+v", audit.Items)
		}
	})
}

func TestValidation(t *testing.T) {
	w := newWorld(t, storetest.SQLiteURL(t))
	type fieldErr struct{ Field, Message string }
	tests := []struct {
		path, body string
		want       []fieldErr
	}{
		{"/api/v1/invoices", `{"number":"I9","customer":"C1","issue_date":"2026-06-01","due_date":"2026-05-01","amount":0}`, []fieldErr{
			{"due_date", "due date 2026-05-01 is before the issue date 2026-06-01"}, {"amount", "an invoice amount cannot be zero"}}},
		{"/api/v1/invoices", `{"number":"I9","customer":"NOPE","issue_date":"2026-06-01","due_date":"2026-07-01","amount":5}`, []fieldErr{
			{"customer", `unknown customer "NOPE"`}}},
		{"/api/v1/invoices", `{"number":"I1","customer":"C1","issue_date":"2026-01-01","due_date":"2026-01-31","amount":5}`, []fieldErr{
			{"amount", "invoice I1 already exists with amount 1500.00; the input says 0.05"}}},
		{"/api/v1/payments", `{"number":"P1","customer":"C1","date":"2026-13-01","amount":5}`, []fieldErr{
			{"date", `not a date: "2026-13-01" (want YYYY-MM-DD)`}}},
		{"/api/v1/payments", `{"number":"P1","customer":"C1","date":"2026-06-01","amount":5,"colour":"red"}`, []fieldErr{
			{"colour", `the body is not valid JSON for this request: json: unknown field "colour"`}}},
		{"/api/v1/customers", `{"code":"C9","name":"","region":"华东","rep":"R1","credit_tier":"Z","credit_limit":-1,"payment_terms_days":30}`, []fieldErr{
			{"name", "name is empty"}, {"credit_tier", `credit tier must be A, B, C or D, not "Z"`}, {"credit_limit", "a credit limit cannot be negative"}}},
	}
	for _, tt := range tests {
		res := w.do(t, "admin", "POST", tt.path, tt.body)
		var p struct {
			Status int
			Errors []fieldErr
		}
		json.Unmarshal(res.body, &p)
		if res.status != 422 || p.Status != 422 {
			t.Errorf("POST %s %s: %d %s", tt.path, tt.body, res.status, res.body)
			continue
		}
		if diff := cmp.Diff(tt.want, p.Errors); diff != "" {
			t.Errorf("POST %s %s (-want +got):\n%s", tt.path, tt.body, diff)
		}
	}
	if res := w.do(t, "admin", "POST", "/api/v1/customers", `{"code":"C9","name":"新客户","region":"华南","rep":"R9","credit_tier":"A","credit_limit":500000,"payment_terms_days":45}`); res.status != 201 {
		t.Errorf("a valid customer: %d %s", res.status, res.body)
	}
}

func TestPagination(t *testing.T) {
	w := newWorld(t, storetest.SQLiteURL(t))
	var got []string
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		var list struct {
			Items      []struct{ Code string }
			NextCursor string `json:"next_cursor"`
		}
		res := w.do(t, "rep1", "GET", "/api/v1/customers?limit=2&cursor="+cursor, "")
		if err := json.Unmarshal(res.body, &list); err != nil || res.status != 200 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		for _, it := range list.Items {
			got = append(got, it.Code)
		}
		if cursor = list.NextCursor; cursor == "" {
			break
		}
	}
	if diff := cmp.Diff([]string{"C1", "C2", "C4", "C5"}, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if res := w.do(t, "rep1", "GET", "/api/v1/customers?limit=0", ""); res.status != 422 || !bytes.Contains(res.body, []byte(`"field":"limit"`)) {
		t.Errorf("limit=0: %d %s", res.status, res.body)
	}
}

// TestOpenAPI checks that every route is documented and every documented
// route exists, by asking the server for each documented path.
func TestOpenAPI(t *testing.T) {
	w := newWorld(t, storetest.SQLiteURL(t))
	res := w.do(t, "", "GET", "/api/v1/openapi.json", "")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(res.body, &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi.json: %v %q", err, doc.OpenAPI)
	}
	var documented []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(documented)
	served := api.Routes()
	sort.Strings(served)
	if diff := cmp.Diff(served, documented); diff != "" {
		t.Errorf("routes (-served +documented):\n%s", diff)
	}
	for _, r := range documented {
		method, path, _ := strings.Cut(r, " ")
		path = strings.NewReplacer("{code}", "C1", "{id}", "1").Replace(path)
		if res := w.do(t, "admin", method, path, "{}"); strings.Contains(string(res.body), "no such endpoint") || res.status == 405 {
			t.Errorf("%s: %d — documented but not served", r, res.status)
		}
	}
}

func TestCommitmentsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		body := `{"customer":"C1","amount":50000,"date":"2026-07-10","support_kind":"stock_up_incentive","support":"备货返利"}`
		res := w.do(t, "rep1", "POST", "/api/v1/commitments", body)
		var c struct {
			ID      int64
			Status  string
			MadeOn  string `json:"made_on"`
			Created string `json:"created_by"`
		}
		if err := json.Unmarshal(res.body, &c); err != nil || res.status != 201 || c.Status != "open" || c.MadeOn != "2026-06-30" || c.Created != "rep1" {
			t.Fatalf("create: %d %s", res.status, res.body)
		}
		if res := w.do(t, "rep2", "POST", "/api/v1/commitments", body); res.status != 422 {
			t.Errorf("rep2 promising for rep1's customer: %d", res.status)
		}
		id := strconv.FormatInt(c.ID, 10)
		if res := w.do(t, "rep2", "GET", "/api/v1/commitments/"+id, ""); res.status != 404 {
			t.Errorf("rep2 reading rep1's commitment: %d", res.status)
		}
		if res := w.do(t, "rep2", "POST", "/api/v1/commitments/"+id+"/cancel", ""); res.status != 404 {
			t.Errorf("rep2 cancelling rep1's commitment: %d", res.status)
		}
		if res := w.do(t, "rep1", "POST", "/api/v1/commitments", `{"customer":"C1","amount":0,"date":"2026-06-01"}`); res.status != 422 ||
			!bytes.Contains(res.body, []byte(`"field":"amount"`)) || !bytes.Contains(res.body, []byte(`"field":"date"`)) {
			t.Errorf("a bad promise: %d %s", res.status, res.body)
		}
		res = w.do(t, "boss", "POST", "/api/v1/commitments/"+id+"/cancel", "")
		if res.status != 200 || !bytes.Contains(res.body, []byte(`"status":"cancelled"`)) {
			t.Errorf("cancel: %d %s", res.status, res.body)
		}
		var list struct{ Items []struct{ ID int64 } }
		json.Unmarshal(w.do(t, "rep1", "GET", "/api/v1/commitments?status=cancelled", "").body, &list)
		if len(list.Items) != 1 || list.Items[0].ID != c.ID {
			t.Errorf("list of cancelled: %+v", list.Items)
		}
	})
}

func TestReportsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		for _, body := range []string{
			`{"number":"P1","customer":"C1","date":"2026-06-10","amount":70000}`,
			`{"number":"P2","customer":"C3","date":"2026-06-11","amount":5000}`,
		} {
			if res := w.do(t, "admin", "POST", "/api/v1/payments", body); res.status != 201 {
				t.Fatalf("payment: %d %s", res.status, res.body)
			}
		}
		var f struct {
			Received int64 `json:"received"`
			Forecast int64 `json:"forecast"`
		}
		res := w.do(t, "rep1", "GET", "/api/v1/reports/forecast?month=2026-06&as_of=2026-06-30", "")
		if err := json.Unmarshal(res.body, &f); err != nil || res.status != 200 || f.Received != 70000 {
			t.Errorf("rep1's forecast: %d %s (want only C1's ¥700 received)", res.status, res.body)
		}
		if res := w.do(t, "admin", "GET", "/api/v1/reports/forecast?month=2026-06&as_of=2026-06-30", ""); !bytes.Contains(res.body, []byte(`"received":75000`)) {
			t.Errorf("admin's forecast: %s", res.body)
		}
		if res := w.do(t, "rep1", "GET", "/api/v1/reports/forecast?month=2026-06&as_of=2026-07-01", ""); res.status != 422 {
			t.Errorf("as_of outside the month: %d", res.status)
		}
		if res := w.do(t, "rep1", "GET", "/api/v1/reports/credibility", ""); res.status != 403 {
			t.Errorf("a rep asking for the credibility report: %d", res.status)
		}
		if res := w.do(t, "boss", "GET", "/api/v1/reports/credibility?to=2026-06-30", ""); res.status != 200 || !bytes.Contains(res.body, []byte(`"baselines"`)) {
			t.Errorf("the credibility report: %d %s", res.status, res.body)
		}
	})
}
