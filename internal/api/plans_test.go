package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/api"
	"huikuan/internal/civil"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// must checks a response's status and decodes its body into v (unless v
// is nil).
func (r response) must(t *testing.T, what string, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: %d, want %d: %s", what, r.status, status, r.body)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			t.Fatalf("%s: %v: %s", what, err, r.body)
		}
	}
}

// fields are the fields a problem names, in its order.
func (r response) fields(t *testing.T) []string {
	t.Helper()
	var p api.Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("not a problem: %s", r.body)
	}
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

// TestPlansAPIAuth: every plans route wants a token, and the roles hold:
// a rep cannot set a target (not even their own), nor read or write the
// plan of another rep's customer (404, as for one that does not exist).
func TestPlansAPIAuth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		plan := `{"asked":100000,"committed":0,"status":"draft","milestones":[]}`
		measure := `{"kind":"incentive","expected":10000,"owner":"王一","due":"2026-07-20"}`
		tests := []struct {
			as, method, path, body string
			want                   int
		}{
			{"", "GET", "/api/v1/targets", "", 401},
			{"", "PUT", "/api/v1/targets/2026-07/R1", `{"amount":1}`, 401},
			{"", "GET", "/api/v1/plans", "", 401},
			{"", "GET", "/api/v1/plans/suggestions", "", 401},
			{"", "GET", "/api/v1/plans/2026-07/C1", "", 401},
			{"", "PUT", "/api/v1/plans/2026-07/C1", plan, 401},
			{"", "POST", "/api/v1/plans/2026-07/C1/measures", measure, 401},
			{"", "PATCH", "/api/v1/measures/1", `{}`, 401},
			{"", "GET", "/api/v1/reports/attainment", "", 401},
			{"rep1", "PUT", "/api/v1/targets/2026-07/R1", `{"amount":1}`, 403},
			{"rep1", "PUT", "/api/v1/targets/2026-07/R2", `{"amount":1}`, 403},
			{"rep1", "PUT", "/api/v1/plans/2026-07/C3", plan, 404},
			{"rep1", "GET", "/api/v1/plans/2026-07/C3", "", 404},
			{"rep1", "POST", "/api/v1/plans/2026-07/C3/measures", measure, 404},
			{"boss", "PUT", "/api/v1/plans/2026-07/C3", plan, 404},
			{"rep1", "PUT", "/api/v1/plans/2026-07/C1", plan, 200},
			{"rep2", "GET", "/api/v1/plans/2026-07/C1", "", 404},
			{"rep2", "PUT", "/api/v1/plans/2026-07/C1", plan, 404},
			{"boss", "GET", "/api/v1/plans/2026-07/C1", "", 200},
			{"west", "GET", "/api/v1/plans/2026-07/C1", "", 404},
			{"rep1", "GET", "/api/v1/plans/2026-07/C2", "", 404}, // no plan yet
			{"rep1", "GET", "/api/v1/plans/suggestions?rep=R2", "", 404},
			{"rep1", "GET", "/api/v1/reports/attainment?rep=R2", "", 404},
			{"rep1", "GET", "/api/v1/plans/2026-13/C1", "", 422},
			{"rep1", "GET", "/api/v1/plans?month=1999-12", "", 422},
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
		var list api.List[api.Plan]
		w.do(t, "rep2", "GET", "/api/v1/plans?month=2026-07", "").must(t, "rep2's plans", 200, &list)
		if len(list.Items) != 0 {
			t.Errorf("rep2 lists rep1's plans: %+v", list.Items)
		}
		w.do(t, "rep1", "GET", "/api/v1/plans?month=2026-07", "").must(t, "rep1's plans", 200, &list)
		if len(list.Items) != 1 || list.Items[0].Customer != "C1" || list.Items[0].Rep != "R1" {
			t.Errorf("rep1's plans: %+v", list.Items)
		}
	})
}

// TestTargetsAPI: an admin sets any rep's target, a manager their team's
// reps' only (another team's rep is one they do not know: 404), and each
// reads the targets of the reps they see; a rep reads their own.
func TestTargetsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		var tg api.Target
		w.do(t, "boss", "PUT", "/api/v1/targets/2026-07/R1", `{"amount":5000000}`).must(t, "boss sets R1's", 200, &tg)
		if tg.Month != "2026-07" || tg.Rep != "R1" || tg.Name != "王一" || tg.Team != "东区" || tg.Amount != 5000000 || !tg.Set || tg.SetBy != "boss" || tg.SetAt == nil {
			t.Errorf("R1's target: %+v", tg)
		}
		if res := w.do(t, "boss", "PUT", "/api/v1/targets/2026-07/R2", `{"amount":100}`); res.status != 404 {
			t.Errorf("boss setting another team's rep's target: %d %s", res.status, res.body)
		}
		if res := w.do(t, "boss", "PUT", "/api/v1/targets/2026-07/R9", `{"amount":100}`); res.status != 404 {
			t.Errorf("an unknown rep: %d %s", res.status, res.body)
		}
		w.do(t, "west", "PUT", "/api/v1/targets/2026-07/R2", `{"amount":300000}`).must(t, "west sets R2's", 200, nil)
		w.do(t, "admin", "PUT", "/api/v1/targets/2026-07/R2", `{"amount":400000}`, "Idempotency-Key", "t1").must(t, "admin sets R2's", 200, nil)
		if res := w.do(t, "admin", "PUT", "/api/v1/targets/2026-07/R2", `{"amount":400000}`, "Idempotency-Key", "t1"); res.status != 200 || res.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("the PUT retried with its key: %d %q", res.status, res.header.Get("Idempotent-Replayed"))
		}

		seen := func(as string) map[string]int64 {
			var list api.List[api.Target]
			w.do(t, as, "GET", "/api/v1/targets?month=2026-07", "").must(t, as+"'s targets", 200, &list)
			out := map[string]int64{}
			for _, x := range list.Items {
				out[x.Rep] = int64(x.Amount)
			}
			return out
		}
		for as, want := range map[string]map[string]int64{
			"admin": {"R1": 5000000, "R2": 400000},
			"boss":  {"R1": 5000000},
			"west":  {"R2": 400000},
			"rep1":  {"R1": 5000000},
			"rep2":  {"R2": 400000},
		} {
			if diff := cmp.Diff(want, seen(as)); diff != "" {
				t.Errorf("%s's targets (-want +got):\n%s", as, diff)
			}
		}
		var aug api.List[api.Target]
		w.do(t, "admin", "GET", "/api/v1/targets?month=2026-08", "").must(t, "August", 200, &aug)
		if len(aug.Items) != 2 || aug.Items[0].Set || aug.Items[0].Amount != 0 || aug.Items[0].SetAt != nil {
			t.Errorf("August, no target set: %+v", aug.Items)
		}

		for _, tt := range []struct {
			path, body string
			want       []string
		}{
			{"/api/v1/targets/2026-07/R1", `{}`, []string{"amount"}},
			{"/api/v1/targets/2026-07/R1", `{"amount":-1}`, []string{"amount"}},
			{"/api/v1/targets/2026-13/R1", `{"amount":1}`, []string{"month"}},
			{"/api/v1/targets/1999-12/R1", `{"amount":1}`, []string{"month"}},
		} {
			res := w.do(t, "admin", "PUT", tt.path, tt.body)
			if got := res.fields(t); res.status != 422 || !slices.Equal(got, tt.want) {
				t.Errorf("PUT %s %s: %d %s, want 422 naming %v", tt.path, tt.body, res.status, res.body, tt.want)
			}
		}
	})
}

// agreed is C1's plan for July as rep1 agrees it on 2026-06-30: ¥2,000
// committed of ¥3,000 asked, in three weekly steps.
const agreed = `{"asked":300000,"committed":200000,"status":"agreed","difficulties":"下游回款慢","advantages":"旺季",
	"difficulty_tags":["下游回款慢"],"advantage_tags":["旺季","新开网点"],"contact":"张经理",
	"milestones":[{"due":"2026-07-21","amount":80000},{"due":"2026-07-07","amount":50000},{"due":"2026-07-14","amount":70000}]}`

// TestPlanAgreedMilestones: agreeing a plan records each of its three
// milestones as a promise with the plan as its support; the same PUT
// again is the same plan and promises nothing more.
func TestPlanAgreedMilestones(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		var p api.Plan
		w.do(t, "rep1", "PUT", "/api/v1/plans/2026-07/C1", agreed).must(t, "agree", 200, &p)
		if p.Month != "2026-07" || p.Customer != "C1" || p.Name != "客户C1" || p.Rep != "R1" || p.Status != "agreed" || p.Asked != 300000 ||
			p.Committed != 200000 || p.Gap != 100000 || p.Contact != "张经理" || p.AgreedOn == nil || *p.AgreedOn != civil.MustParse("2026-06-30") ||
			p.UpdatedBy != "rep1" || p.Basis == "" {
			t.Errorf("the agreed plan: %+v", p)
		}
		sg, err := planning.Suggestion(context.Background(), w.store, user.Scope{Rep: "R1"}, civil.MustParse("2026-07-01"), "C1")
		if err != nil {
			t.Fatal(err)
		}
		if p.Suggested != sg.Suggested || p.Basis != sg.Basis {
			t.Errorf("suggested %d %q, planning.Suggestion says %d %q", p.Suggested, p.Basis, sg.Suggested, sg.Basis)
		}
		if diff := cmp.Diff([]string{"旺季", "新开网点"}, p.AdvantageTags); diff != "" {
			t.Errorf("advantage tags (-want +got):\n%s", diff)
		}
		var dues []string
		for _, m := range p.Milestones {
			dues = append(dues, m.Due.String())
			if m.CommitmentID == nil || m.Status == nil || *m.Status != "open" || m.Fulfilled != 0 || m.DecidedOn != nil {
				t.Errorf("milestone %s: %+v", m.Due, m)
			}
		}
		if diff := cmp.Diff([]string{"2026-07-07", "2026-07-14", "2026-07-21"}, dues); diff != "" {
			t.Errorf("milestones in date order (-want +got):\n%s", diff)
		}

		promises := func() []api.Commitment {
			var list api.List[api.Commitment]
			w.do(t, "rep1", "GET", "/api/v1/commitments?customer=C1", "").must(t, "C1's promises", 200, &list)
			return list.Items
		}
		got := promises()
		if len(got) != 3 {
			t.Fatalf("%d promises after agreeing a plan of 3 milestones, want 3: %+v", len(got), got)
		}
		for _, c := range got {
			if c.PlanID == nil || *c.PlanID != p.ID || !strings.HasPrefix(c.Support, "回款计划 2026-07") || c.Contact != "张经理" || c.Status != "open" {
				t.Errorf("promise %d: plan %v (want %d), support %q", c.ID, c.PlanID, p.ID, c.Support)
			}
			if !slices.ContainsFunc(p.Milestones, func(m api.Milestone) bool { return *m.CommitmentID == c.ID && m.Due == c.Date && m.Amount == c.Amount }) {
				t.Errorf("promise %d (%s %d) is no milestone of the plan", c.ID, c.Date, c.Amount)
			}
		}

		again := w.do(t, "rep1", "PUT", "/api/v1/plans/2026-07/C1", agreed)
		again.must(t, "the same PUT again", 200, nil)
		first, _ := json.Marshal(p)
		var p2 api.Plan
		json.Unmarshal(again.body, &p2)
		second, _ := json.Marshal(p2)
		if !bytes.Equal(first, second) {
			t.Errorf("the same PUT again changed the plan:\n%s\n%s", first, second)
		}
		for range 2 {
			w.do(t, "rep1", "PUT", "/api/v1/plans/2026-07/C1", agreed, "Idempotency-Key", "p-1").must(t, "the PUT with a key", 200, nil)
		}
		if res := w.do(t, "rep1", "PUT", "/api/v1/plans/2026-07/C1", agreed, "Idempotency-Key", "p-1"); res.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("a PUT retried with its key is not replayed: %d %s", res.status, res.body)
		}
		if n := len(promises()); n != 3 {
			t.Errorf("%d promises after the same PUT four times, want still 3", n)
		}
		var one api.Plan
		w.do(t, "boss", "GET", "/api/v1/plans/2026-07/C1", "").must(t, "GET", 200, &one)
		if b, _ := json.Marshal(one); !bytes.Equal(b, first) {
			t.Errorf("GET answers\n%s\nPUT answered\n%s", b, first)
		}
	})
}

// TestPlanInvalid: a plan the rules refuse is a 422 naming each field as
// the body has it, milestones by their index in the body.
func TestPlanInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		tests := []struct {
			name, body string
			want       []string
		}{
			{"milestones not adding up", `{"asked":100000,"committed":100000,"status":"agreed","contact":"张经理",
				"milestones":[{"due":"2026-07-07","amount":30000},{"due":"2026-07-14","amount":30000}]}`, []string{"milestones"}},
			{"not a date", `{"committed":60000,"status":"agreed","contact":"张经理",
				"milestones":[{"due":"2026-07-07","amount":30000},{"due":"2026-07-32","amount":30000}]}`, []string{"milestones[1].due"}},
			{"a step in August", `{"committed":60000,"status":"proposed",
				"milestones":[{"due":"2026-07-07","amount":30000},{"due":"2026-08-03","amount":30000}]}`, []string{"milestones[1].due"}},
			{"agreed without a contact", `{"committed":30000,"status":"agreed","milestones":[{"due":"2026-07-07","amount":30000}]}`, []string{"contact"}},
			{"an unknown status", `{"status":"maybe"}`, []string{"status"}},
			{"an unknown field", `{"status":"draft","target":5}`, []string{"target"}},
		}
		for _, tt := range tests {
			res := w.do(t, "rep1", "PUT", "/api/v1/plans/2026-07/C2", tt.body)
			if got := res.fields(t); res.status != 422 || !slices.Equal(got, tt.want) {
				t.Errorf("%s: %d %s, want 422 naming %v", tt.name, res.status, res.body, tt.want)
			}
		}
		if res := w.do(t, "rep1", "GET", "/api/v1/plans/2026-07/C2", ""); res.status != 404 {
			t.Errorf("refused plans wrote one: %d %s", res.status, res.body)
		}
	})
}

// TestMeasuresAPI: a measure posted twice with one Idempotency-Key is one
// measure; PATCH moves it planned → done, and no further.
func TestMeasuresAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		body := `{"kind":"downstream_promotion","expected":50000,"owner":"王一","start":"2026-07-05","due":"2026-07-25","cost":8000,"note":"门店促销"}`
		var m1, m2 api.Measure
		w.do(t, "rep1", "POST", "/api/v1/plans/2026-07/C1/measures", body, "Idempotency-Key", "m-1").must(t, "add", 201, &m1)
		w.do(t, "rep1", "POST", "/api/v1/plans/2026-07/C1/measures", body, "Idempotency-Key", "m-1").must(t, "add again", 201, &m2)
		if m1.ID == 0 || m2.ID != m1.ID || m1.Status != "planned" || m1.Kind != "downstream_promotion" || m1.Expected != 50000 || m1.Cost != 8000 ||
			m1.Start != civil.MustParse("2026-07-05") || m1.Due != civil.MustParse("2026-07-25") || m1.Month != "2026-07" || m1.Customer != "C1" || m1.Rep != "R1" {
			t.Errorf("first %+v, retry %+v", m1, m2)
		}
		var p api.Plan
		w.do(t, "rep1", "GET", "/api/v1/plans/2026-07/C1", "").must(t, "the plan the measure made", 200, &p)
		if p.Status != "draft" || len(p.Measures) != 1 || p.Measures[0].ID != m1.ID {
			t.Errorf("after one measure posted twice: status %s, measures %+v", p.Status, p.Measures)
		}
		var noStart api.Measure
		w.do(t, "rep1", "POST", "/api/v1/plans/2026-07/C1/measures", `{"kind":"incentive","expected":1000,"owner":"王一","due":"2026-07-20"}`).must(t, "another", 201, &noStart)
		if noStart.Start != civil.MustParse("2026-07-01") || noStart.ID == m1.ID {
			t.Errorf("a measure without start: %+v", noStart)
		}

		id := "/api/v1/measures/" + strconv.FormatInt(m1.ID, 10)
		if res := w.do(t, "rep2", "PATCH", id, `{"status":"done"}`); res.status != 404 {
			t.Errorf("rep2 changing rep1's measure: %d %s", res.status, res.body)
		}
		var done api.Measure
		w.do(t, "rep1", "PATCH", id, `{"status":"done","note":"完成"}`).must(t, "planned → done", 200, &done)
		if done.Status != "done" || done.Note != "完成" || done.Expected != 50000 || done.Owner != "王一" || done.UpdatedBy != "rep1" {
			t.Errorf("after PATCH: %+v", done)
		}
		for _, tt := range []struct {
			path, body string
			want       []string
		}{
			{id, `{"status":"planned"}`, []string{"status"}},
			{id, `{"due":"2026-02-30"}`, []string{"due"}},
			{"/api/v1/plans/2026-07/C1/measures", `{"kind":"prayer","expected":0,"owner":"","due":"2026-07-20"}`, []string{"kind", "expected", "owner"}},
		} {
			method := "PATCH"
			if strings.HasSuffix(tt.path, "/measures") {
				method = "POST"
			}
			res := w.do(t, "rep1", method, tt.path, tt.body)
			if got := res.fields(t); res.status != 422 || !slices.Equal(got, tt.want) {
				t.Errorf("%s %s %s: %d %s, want 422 naming %v", method, tt.path, tt.body, res.status, res.body, tt.want)
			}
		}
		if res := w.do(t, "rep1", "PATCH", "/api/v1/measures/x", `{}`); res.status != 404 {
			t.Errorf("PATCH /measures/x: %d", res.status)
		}
	})
}

// TestAttainmentAPI: the report is planning.Attainment's for the user's
// scope, figure for figure; a rep without a target has rate null.
func TestAttainmentAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		w.do(t, "admin", "PUT", "/api/v1/targets/2026-06/R1", `{"amount":100000}`).must(t, "R1's June target", 200, nil)
		w.do(t, "admin", "POST", "/api/v1/payments", `{"number":"P1","customer":"C1","date":"2026-06-10","amount":70000}`).must(t, "payment", 201, nil)
		w.do(t, "admin", "POST", "/api/v1/payments", `{"number":"P2","customer":"C3","date":"2026-06-11","amount":5000}`).must(t, "payment", 201, nil)
		w.do(t, "rep1", "PUT", "/api/v1/plans/2026-06/C2", `{"asked":40000,"committed":20000,"status":"agreed","contact":"李总",
			"milestones":[{"due":"2026-06-30","amount":20000}]}`).must(t, "C2's June plan", 200, nil)
		w.do(t, "rep1", "POST", "/api/v1/plans/2026-06/C4/measures", `{"kind":"incentive","expected":3000,"owner":"王一","due":"2026-06-30"}`).must(t, "measure", 201, nil)

		// (C2's promise is due on the report's as_of, the month's last day:
		// no longer "the rest of the month", so promised is 0 here.)
		june, today := civil.MustParse("2026-06-01"), civil.MustParse("2026-06-30")
		for _, tt := range []struct {
			as, query string
			sc        user.Scope
			rep       string
		}{
			{"admin", "month=2026-06", user.Scope{All: true}, ""},
			{"admin", "month=2026-06&rep=R2", user.Scope{All: true}, "R2"},
			{"boss", "month=2026-06", user.Scope{Team: "东区"}, ""},
			{"rep1", "month=2026-06", user.Scope{Rep: "R1"}, ""},
			{"rep2", "", user.Scope{Rep: "R2"}, ""}, // this month by default
		} {
			res := w.do(t, tt.as, "GET", "/api/v1/reports/attainment?"+tt.query, "")
			var got planning.Report
			res.must(t, tt.as+" "+tt.query, 200, &got)
			want, err := planning.Attainment(context.Background(), w.store, tt.sc, june, today, tt.rep)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s %s: the API and planning.Attainment (-want +got):\n%s", tt.as, tt.query, diff)
			}
		}

		var all planning.Report
		res := w.do(t, "admin", "GET", "/api/v1/reports/attainment?month=2026-06", "")
		res.must(t, "admin", 200, &all)
		if len(all.Reps) != 2 || all.Month != "2026-06" || all.AsOf != today {
			t.Fatalf("the report: %s", res.body)
		}
		r1, r2 := all.Reps[0], all.Reps[1]
		if r1.Rep != "R1" || r1.Target != 100000 || !r1.TargetSet || r1.Collected != 70000 || r1.Rate == nil || *r1.Rate != 0.7 ||
			r1.Committed != 20000 || r1.Planned != 40000 || r1.MeasuresExpected != 3000 {
			t.Errorf("R1: %+v", r1)
		}
		if r2.Rep != "R2" || r2.TargetSet || r2.Rate != nil || r2.Collected != 5000 {
			t.Errorf("R2: %+v", r2)
		}
		var raw struct {
			Rate *json.RawMessage `json:"rate"`
			Reps []struct {
				Rate json.RawMessage `json:"rate"`
			} `json:"reps"`
		}
		json.Unmarshal(res.body, &raw)
		if len(raw.Reps) != 2 || string(raw.Reps[1].Rate) != "null" || raw.Rate == nil {
			t.Errorf("R2's rate is not written null: %s", res.body)
		}
		// The totals are of the reps with a target (R1), R2 counted apart.
		if all.Target != 100000 || all.Collected != 70000 || all.Rep != "" || all.WithoutTarget != 1 ||
			!bytes.Contains(res.body, []byte(`"target":100000,"target_set":true,"collected":70000`)) || !bytes.Contains(res.body, []byte(`"reps_without_target":1`)) {
			t.Errorf("the totals: %s", res.body)
		}
	})
}

// TestSuggestionsAPI: the suggestions are planning.Suggestions' for the
// user's scope, and the literal path /plans/suggestions is not taken for
// a plan.
func TestSuggestionsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		w.do(t, "admin", "PUT", "/api/v1/targets/2026-07/R1", `{"amount":500000}`).must(t, "target", 200, nil)
		july := civil.MustParse("2026-07-01")
		for _, tt := range []struct {
			as, query string
			sc        user.Scope
			rep       string
			customers []string
		}{
			{"rep1", "month=2026-07", user.Scope{Rep: "R1"}, "", []string{"C1", "C2", "C4", "C5"}},
			{"admin", "month=2026-07&rep=R2", user.Scope{All: true}, "R2", []string{"C3"}},
			{"boss", "month=2026-07", user.Scope{Team: "东区"}, "", []string{"C1", "C2", "C4", "C5"}},
		} {
			var got api.List[plan.Suggestion]
			w.do(t, tt.as, "GET", "/api/v1/plans/suggestions?"+tt.query, "").must(t, tt.as+" "+tt.query, 200, &got)
			want, err := planning.Suggestions(context.Background(), w.store, tt.sc, july, tt.rep)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got.Items); diff != "" {
				t.Errorf("%s %s: the API and planning.Suggestions (-want +got):\n%s", tt.as, tt.query, diff)
			}
			var codes []string
			for _, s := range got.Items {
				codes = append(codes, s.Customer)
				if s.Basis == "" || s.BasisEN == "" || s.Estimate.Customer != s.Customer {
					t.Errorf("%s's suggestion: %+v", s.Customer, s)
				}
			}
			if !slices.Equal(codes, tt.customers) {
				t.Errorf("%s %s: customers %v, want %v", tt.as, tt.query, codes, tt.customers)
			}
		}
		// C1 owes ¥1,500 overdue since January: its suggestion is not nothing.
		var sg api.List[plan.Suggestion]
		w.do(t, "rep1", "GET", "/api/v1/plans/suggestions?month=2026-07", "").must(t, "rep1", 200, &sg)
		if sg.Items[0].Customer != "C1" || sg.Items[0].Estimate.Overdue != 150000 {
			t.Errorf("C1's suggestion: %+v", sg.Items[0])
		}
	})
}
