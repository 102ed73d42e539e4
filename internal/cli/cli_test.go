package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/store/storetest"
)

// binary is the real huikuan binary, built by theBinary for the few tests
// that run it as a user would (run in process is the rule: see runIn).
var binary struct {
	once sync.Once
	path string
	err  error
}

// tempDirs are the directories that outlive a test (the binary's, the
// browser tests' demo): TestMain removes them.
var tempDirs []string

func TestMain(m *testing.M) {
	storetest.PrintNotice()
	code := m.Run()
	for _, dir := range tempDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// theBinary builds cmd/huikuan once and returns its path.
func theBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		dir, err := os.MkdirTemp("", "huikuan-cli")
		if binary.err = err; err != nil {
			return
		}
		tempDirs = append(tempDirs, dir)
		binary.path = filepath.Join(dir, "huikuan")
		build := exec.Command("go", "build", "-o", binary.path, "../../cmd/huikuan")
		build.Stderr = os.Stderr
		binary.err = build.Run()
	})
	if binary.err != nil {
		t.Fatal("building huikuan: ", binary.err)
	}
	return binary.path
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs huikuan in this process on the database db (see runIn).
func run(t *testing.T, db string, args ...string) result {
	t.Helper()
	return runIn(t, db, "", args...)
}

// runBinary runs the real binary on the database db, with stdin as its
// standard input and its standard error a pipe.
func runBinary(t *testing.T, db, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(theBinary(t), args...)
	cmd.Env = append(os.Environ(), "HUIKUAN_DB="+db)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := run(t, db, args...)
	if r.code != 0 {
		t.Fatalf("huikuan %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

const examples = "../../docs/examples/"

type agingJSON struct {
	AsOf     string `json:"as_of"`
	Currency string `json:"currency"`
	Buckets  []struct {
		Label  string `json:"label"`
		From   *int   `json:"from_days"`
		To     *int   `json:"to_days"`
		Amount int64  `json:"amount"`
	} `json:"buckets"`
	Total     int64 `json:"total"`
	Prepaid   int64 `json:"prepaid"`
	Customers []struct {
		Code        string  `json:"code"`
		Name        string  `json:"name"`
		Rep         string  `json:"rep"`
		Total       int64   `json:"total"`
		Buckets     []int64 `json:"buckets"`
		Prepaid     int64   `json:"prepaid"`
		CreditLimit int64   `json:"credit_limit"`
		OverLimit   bool    `json:"over_limit"`
	} `json:"customers"`
}

func importExamples(t *testing.T, db string) {
	t.Helper()
	for _, k := range []string{"customers", "invoices", "payments"} {
		mustRun(t, db, "import", k, examples+k+".csv")
	}
}

// TestExampleFiles runs the README's example: import the three files and
// print the aging report as JSON, whose figures were computed by hand:
//
//	C001 owes 50,000 of INV-1002 (21 days late) and INV-1003's 45,000.50
//	     (not yet due); INV-1001 was paid by PAY-501.
//	C002 owes 95,000 of INV-2001 after the credit note and PAY-601 (121 days
//	     late) and INV-2002's 30,000 (not yet due): 125,000, over its 100,000 limit.
//	C003 paid 90,000 against 60,000: 30,000 prepaid.
func TestExampleFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		out := mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "json")
		var r agingJSON
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("aging JSON: %v\n%s", err, out)
		}
		var buckets []int64
		var sum int64
		for _, b := range r.Buckets {
			buckets = append(buckets, b.Amount)
			sum += b.Amount
		}
		if diff := cmp.Diff([]int64{7500050, 5000000, 0, 0, 9500000, 0}, buckets); diff != "" {
			t.Errorf("buckets (-want +got):\n%s", diff)
		}
		if r.AsOf != "2026-06-30" || r.Currency != "CNY" || r.Total != 22000050 || sum != r.Total || r.Prepaid != 3000000 {
			t.Errorf("as_of %s currency %s total %d (buckets add to %d) prepaid %d", r.AsOf, r.Currency, r.Total, sum, r.Prepaid)
		}
		if r.Buckets[0].From != nil || r.Buckets[0].To != nil || *r.Buckets[1].From != 1 || *r.Buckets[1].To != 30 || r.Buckets[5].To != nil {
			t.Errorf("bucket bounds wrong: %s", out[:200])
		}
		if len(r.Customers) != 3 {
			t.Fatalf("%d customers, want 3", len(r.Customers))
		}
		c2 := r.Customers[1]
		if c2.Code != "C002" || c2.Total != 12500000 || !c2.OverLimit || c2.CreditLimit != 10000000 || c2.Rep != "R02" {
			t.Errorf("C002 line: %+v", c2)
		}
		for _, c := range r.Customers {
			var s int64
			for _, b := range c.Buckets {
				s += b
			}
			if s != c.Total {
				t.Errorf("%s: buckets add to %d, total says %d", c.Code, s, c.Total)
			}
		}

		// Importing the same files again changes nothing.
		again := mustRun(t, db, "import", "invoices", examples+"invoices.csv")
		if !strings.Contains(again, "0 created, 0 updated, 7 unchanged") {
			t.Errorf("re-import said %q", again)
		}
		mustRun(t, db, "import", "payments", examples+"payments.csv")
		if out2 := mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "json"); out2 != out {
			t.Error("re-importing changed the aging report")
		}
	})
}

func TestBrokenFileWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		before := mustRun(t, db, "report", "aging", "--as-of", "2026-12-31", "--format", "csv")
		broken := filepath.Join(t.TempDir(), "march.csv")
		os.WriteFile(broken, []byte("number,customer,issue_date,due_date,amount\n"+
			"INV-9001,C001,2026-07-01,2026-07-31,100\n"+
			"INV-9002,C001,2026-07-02,2026-08-01,12.345\n"), 0o644)
		r := run(t, db, "import", "invoices", broken)
		if r.code != 1 || !strings.Contains(r.stderr, "march.csv: row 3: column amount:") || !strings.Contains(r.stderr, "nothing was written") {
			t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		// A row clashing with the database is refused the same way.
		clash := filepath.Join(t.TempDir(), "clash.csv")
		os.WriteFile(clash, []byte("number,customer,issue_date,due_date,amount\n"+
			"INV-9003,C001,2026-07-01,2026-07-31,100\n"+
			"INV-1001,C001,2026-03-05,2026-04-04,120001\n"), 0o644)
		r = run(t, db, "import", "invoices", clash)
		if r.code != 1 || !strings.Contains(r.stderr, "clash.csv: row 3: column amount: invoice INV-1001 already exists with amount 120000.00; the input says 120001.00") {
			t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if after := mustRun(t, db, "report", "aging", "--as-of", "2026-12-31", "--format", "csv"); after != before {
			t.Errorf("a refused file changed the ledger:\n%s\n%s", before, after)
		}
	})
}

func TestStatementJSON(t *testing.T) {
	db := storetest.SQLiteURL(t)
	importExamples(t, db)
	var st struct {
		Opening int64 `json:"opening_balance"`
		Closing int64 `json:"closing_balance"`
		Entries []struct {
			Kind    string `json:"kind"`
			Number  string `json:"number"`
			Balance int64  `json:"balance"`
		} `json:"entries"`
	}
	out := mustRun(t, db, "report", "statement", "--customer", "C002", "--from", "2026-02-01", "--to", "2026-06-30", "--format", "json")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range st.Entries {
		got = append(got, e.Kind+" "+e.Number)
	}
	if diff := cmp.Diff([]string{"credit_note CN-2001", "payment PAY-601", "invoice INV-2002"}, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if st.Opening != 15000000 || st.Closing != 12500000 {
		t.Errorf("opening %d closing %d", st.Opening, st.Closing)
	}
	if r := run(t, db, "report", "statement", "--customer", "NOPE"); r.code != 1 || !strings.Contains(r.stderr, `customer "NOPE": not found`) {
		t.Errorf("unknown customer: exit %d %q", r.code, r.stderr)
	}
}

func TestUsage(t *testing.T) {
	db := storetest.SQLiteURL(t)
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"frobnicate"}, 2, "huikuan: unknown command \"frobnicate\" (run huikuan --help)\n"},
		{[]string{"import"}, 2, "huikuan import: want a file, or a kind (customers, invoices or payments) and a file\n"},
		{[]string{"import", "widgets", "x.csv"}, 2, "huikuan import: unknown kind \"widgets\": want customers, invoices or payments\n"},
		{[]string{"report", "aging", "--as-of", "2026-13-01"}, 2, "huikuan report aging: invalid value \"2026-13-01\" for flag -as-of: not a date: \"2026-13-01\" (want YYYY-MM-DD)\n"},
		{[]string{"report", "aging", "--format", "xml"}, 2, "huikuan report aging: unknown format \"xml\": want table, json, csv, xlsx\n"},
		{[]string{"report", "statement"}, 2, "huikuan report statement: --customer is required\n"},
		{[]string{"demo", "--size", "huge"}, 2, "huikuan demo: unknown size \"huge\" in world \"default\"\n"},
		{[]string{"migrate", "--db", "mysql://x"}, 1, "huikuan migrate: database mysql://x: unknown database URL \"mysql://x\": want sqlite:PATH or postgres://…\n"},
	}
	for _, tt := range tests {
		r := run(t, db, tt.args...)
		if r.code != tt.code || r.stderr != tt.stderr {
			t.Errorf("huikuan %s: exit %d, stderr %q; want %d, %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.code, tt.stderr)
		}
	}
	for _, cmd := range [][]string{{"--help"}, {"import", "--help"}, {"demo", "--help"}, {"report", "aging", "--help"}, {"report", "statement", "-h"}, {"migrate", "--help"}, {"version"}} {
		if r := run(t, db, cmd...); r.code != 0 || r.stdout == "" {
			t.Errorf("huikuan %s: exit %d, stdout %q", strings.Join(cmd, " "), r.code, r.stdout)
		}
	}
}

// TestDemoIsDeterministic generates the small world twice with the same
// seed and end date, on both databases (the first time with the real
// binary, the others in process), and expects the same report from all
// four, and a different one from another seed.
func TestDemoIsDeterministic(t *testing.T) {
	t.Parallel() // a demo or more: alongside the other demos
	var reports []string
	storetest.Each(t, func(t *testing.T, db string) {
		for range 2 {
			db := db
			if len(reports)%2 == 1 { // a second, fresh database of the same kind
				if strings.HasPrefix(db, "sqlite:") {
					db = storetest.SQLiteURL(t)
				} else {
					db = storetest.PostgresURL(t)
				}
			}
			args := []string{"demo", "--size", "small", "--seed", "5", "--until", "2026-06-30"}
			var r result
			if len(reports) == 0 { // the real binary once: its standard error is a pipe
				r = runBinary(t, db, "", args...)
			} else {
				r = run(t, db, args...)
			}
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("demo: exit %d, stderr %q (no progress bar may be drawn when not on a terminal)", r.code, r.stderr)
			}
			// The promises too: decided and scored as made, in bulk.
			reports = append(reports, mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "json")+
				mustRun(t, db, "commitment", "list"))
		}
	})
	for i := 1; i < len(reports); i++ {
		if reports[i] != reports[0] {
			t.Errorf("report %d differs from report 0", i)
		}
	}
	other := storetest.SQLiteURL(t)
	mustRun(t, other, "demo", "--size", "small", "--seed", "6", "--until", "2026-06-30")
	if mustRun(t, other, "report", "aging", "--as-of", "2026-06-30", "--format", "json") == reports[0] {
		t.Error("seed 6 gave the same world as seed 5")
	}
	if r := run(t, other, "demo", "--until", "2026-06-30"); r.code != 1 || !strings.Contains(r.stderr, "demo fills an empty database") {
		t.Errorf("demo on a full database: exit %d %q", r.code, r.stderr)
	}
}

// TestDispute holds part of an invoice out of the aging and releases it.
func TestDispute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		aging := func() agingJSON {
			var r agingJSON
			json.Unmarshal([]byte(mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "json")), &r)
			return r
		}
		out := mustRun(t, db, "dispute", "open", "--invoice", "INV-2001", "--amount", "20000", "--date", "2026-03-10", "--note", "质量问题")
		if out != "dispute 1: ¥20,000.00 of invoice INV-2001 held from 2026-03-10\n" {
			t.Errorf("dispute open said %q", out)
		}
		if r := aging(); r.Buckets[4].Amount != 7500000 || r.Total != 20000050 {
			t.Errorf("with the dispute: 91-180 bucket %d, total %d; want 7500000, 20000050", r.Buckets[4].Amount, r.Total)
		}
		mustRun(t, db, "dispute", "resolve", "--id", "1", "--date", "2026-04-01")
		if r := aging(); r.Buckets[4].Amount != 9500000 || r.Total != 22000050 {
			t.Errorf("after resolving: 91-180 bucket %d, total %d; want 9500000, 22000050", r.Buckets[4].Amount, r.Total)
		}
		if r := run(t, db, "dispute", "resolve", "--id", "1"); r.code != 1 || !strings.Contains(r.stderr, "already resolved on 2026-04-01") {
			t.Errorf("resolving twice: exit %d %q", r.code, r.stderr)
		}
	})
}

// TestCommitments records a promise, a payment and runs the daily job.
func TestCommitments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		out := mustRun(t, db, "commitment", "add", "--customer", "C002", "--amount", "20000", "--date", "2026-07-10", "--made", "2026-07-01", "--support-kind", "downstream_promotion", "--support", "下游促销回款")
		if !strings.HasPrefix(out, "commitment 1: C002 ¥20,000.00 by 2026-07-10 — open\ncredibility ") || !strings.Contains(out, "backed by a support plan") {
			t.Errorf("commitment add said %q", out)
		}
		if r := run(t, db, "commitment", "add", "--customer", "C002", "--amount", "5", "--date", "2026-06-01", "--made", "2026-07-01"); r.code != 1 || !strings.Contains(r.stderr, "column date: the date 2026-06-01 is before the day the promise is made") {
			t.Errorf("a promise dated before it was made: exit %d %q", r.code, r.stderr)
		}
		pay := filepath.Join(t.TempDir(), "july.csv")
		os.WriteFile(pay, []byte("number,customer,date,amount,invoices\nPAY-801,C002,2026-07-09,12000,\n"), 0o644)
		mustRun(t, db, "import", "payments", pay)
		mustRun(t, db, "jobs", "run", "--date", "2026-07-12")
		list := mustRun(t, db, "commitment", "list", "--customer", "C002")
		if !strings.Contains(list, "partly_kept  ¥12,000.00  2026-07-11") {
			t.Errorf("commitment list:\n%s", list)
		}
	})
}

// TestReportCredibility checks the report's JSON on the small demo world:
// its fields, and that the model beats the constant baseline.
func TestReportCredibility(t *testing.T) {
	t.Parallel() // a demo or more: alongside the other demos
	db := storetest.SQLiteURL(t)
	mustRun(t, db, "demo", "--until", "2026-06-30", "--seed", "2")
	var ev struct {
		N        int     `json:"n"`
		KeptRate float64 `json:"kept_rate"`
		AUC      float64 `json:"auc"`
		Brier    float64 `json:"brier"`
		Bins     []struct {
			Lo, Hi, Predicted, Observed float64
			N                           int
		}
		Baselines struct {
			CustomerHistory struct{ AUC, Brier float64 } `json:"customer_history"`
			Constant        struct{ AUC, Brier float64 } `json:"constant"`
		}
	}
	out := mustRun(t, db, "report", "credibility", "--to", "2026-06-30", "--format", "json")
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.N < 500 || len(ev.Bins) != 10 || ev.KeptRate <= 0 || ev.KeptRate >= 1 {
		t.Fatalf("report: %s", out)
	}
	if !(ev.AUC > ev.Baselines.CustomerHistory.AUC && ev.Brier < ev.Baselines.Constant.Brier) {
		t.Errorf("model AUC %.3f Brier %.3f; customer history AUC %.3f; constant Brier %.3f", ev.AUC, ev.Brier, ev.Baselines.CustomerHistory.AUC, ev.Baselines.Constant.Brier)
	}
}

// TestReportForecast checks the forecast's JSON on the small demo world: the
// parts add up, and a past month has its actual.
func TestReportForecast(t *testing.T) {
	t.Parallel() // a demo or more: alongside the other demos
	db := storetest.SQLiteURL(t)
	mustRun(t, db, "demo", "--until", "2026-06-30", "--seed", "3")
	var f struct {
		Month               string `json:"month"`
		AsOf                string `json:"as_of"`
		Received            int64  `json:"received"`
		CommittedWeighted   int64  `json:"committed_weighted"`
		UncommittedExpected int64  `json:"uncommitted_expected"`
		SeasonAdjustment    int64  `json:"season_adjustment"`
		Forecast            int64  `json:"forecast"`
		Actual              *int64 `json:"actual"`
	}
	out := mustRun(t, db, "report", "forecast", "--month", "2026-05", "--as-of", "2026-05-15", "--format", "json")
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatal(err)
	}
	if f.Month != "2026-05" || f.AsOf != "2026-05-15" || f.Received <= 0 || f.Forecast != f.Received+f.CommittedWeighted+f.UncommittedExpected+f.SeasonAdjustment || f.Actual == nil {
		t.Fatalf("forecast: %s", out)
	}
	if off := float64(f.Forecast-*f.Actual) / float64(*f.Actual); off < -0.25 || off > 0.25 {
		t.Errorf("forecast %d against actual %d", f.Forecast, *f.Actual)
	}
	if r := run(t, db, "report", "forecast", "--month", "2026-05", "--as-of", "2026-06-01"); r.code != 2 {
		t.Errorf("--as-of outside the month: exit %d", r.code)
	}
	var days []struct {
		AsOf     string `json:"as_of"`
		Received int64  `json:"received"`
	}
	out = mustRun(t, db, "report", "forecast", "--month", "2026-05", "--as-of", "2026-05-03", "--each-day", "--format", "json")
	if err := json.Unmarshal([]byte(out), &days); err != nil || len(days) != 3 || days[2].AsOf != "2026-05-03" || days[2].Received < days[0].Received {
		t.Errorf("each day: %v %s", err, out)
	}
	var mine struct {
		Received int64 `json:"received"`
	}
	json.Unmarshal([]byte(mustRun(t, db, "report", "forecast", "--month", "2026-05", "--as-of", "2026-05-15", "--rep", "R001", "--format", "json")), &mine)
	if mine.Received <= 0 || mine.Received >= f.Received {
		t.Errorf("R001 received %d of the company's %d", mine.Received, f.Received)
	}
}

// TestWorklistAndCalls runs a rep's morning from the command line: the
// list as JSON with its contract fields, a call logged with a promise,
// and the list after it.
func TestWorklistAndCalls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		var items []struct {
			Rank          int      `json:"rank"`
			Customer      string   `json:"customer"`
			Reasons       []string `json:"reasons"`
			AmountAtStake int64    `json:"amount_at_stake"`
			Action        string   `json:"action"`
			MustCall      bool     `json:"must_call"`
		}
		list := func() string {
			out := mustRun(t, db, "worklist", "--rep", "R01", "--date", "2026-07-01", "--format", "json")
			items = nil
			if err := json.Unmarshal([]byte(out), &items); err != nil {
				t.Fatalf("worklist JSON %q: %v", out, err)
			}
			var s []string
			for _, it := range items {
				s = append(s, fmt.Sprintf("%d %s %v %d %s %v", it.Rank, it.Customer, it.Reasons, it.AmountAtStake, it.Action, it.MustCall))
			}
			return strings.Join(s, "\n")
		}
		before := list()
		if len(items) == 0 || items[0].Rank != 1 || items[0].Action == "" || len(items[0].Reasons) == 0 {
			t.Fatalf("the list before any call:\n%s", before)
		}
		first := items[0].Customer
		out := mustRun(t, db, "call", "log", "--customer", first, "--disposition", "reached-promised", "--at", "2026-07-01 09:30",
			"--asked", "20000", "--agreed", "12000", "--promise", "12000", "--promise-date", "2026-07-03", "--ref", "morning-1")
		if !strings.HasPrefix(out, "call 1: "+first) || !strings.Contains(out, "commitment 1") {
			t.Errorf("call log said %q", out)
		}
		mustRun(t, db, "call", "log", "--customer", first, "--disposition", "reached-promised", "--at", "2026-07-01 09:30", "--promise", "12000", "--promise-date", "2026-07-03", "--ref", "morning-1")
		if calls := mustRun(t, db, "call", "list", "--customer", first); strings.Count(calls, "reached-promised") != 1 {
			t.Errorf("the call logged twice with one ref:\n%s", calls)
		}
		after := list()
		if strings.Contains(after, " "+first+" ") {
			t.Errorf("%s is still on the list after the call:\n%s", first, after)
		}
		if r := run(t, db, "call", "log", "--customer", first, "--disposition", "reached-happy"); r.code != 1 || !strings.Contains(r.stderr, "disposition") {
			t.Errorf("a bad disposition: exit %d %q", r.code, r.stderr)
		}
	})
}

// TestSimulate checks the simulator's JSON contract and its refusals.
func TestSimulate(t *testing.T) {
	db := storetest.SQLiteURL(t)
	out := mustRun(t, db, "simulate", "--policy", "round-robin", "--months", "1", "--seed", "3", "--until", "2026-06-30", "--format", "json")
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("simulate JSON %q: %v", out, err)
	}
	for _, k := range []string{"policy", "months", "collected", "overdue_end", "commitments_made", "kept_rate", "calls"} {
		if _, ok := r[k]; !ok {
			t.Errorf("simulate JSON lacks %q: %s", k, out)
		}
	}
	if r["policy"] != "round-robin" || r["months"] != 1.0 || r["calls"].(float64) <= 0 {
		t.Errorf("simulate said %s", out)
	}
	if again := mustRun(t, db, "simulate", "--policy", "round-robin", "--months", "1", "--seed", "3", "--until", "2026-06-30", "--format", "json"); again != out {
		t.Error("the same seed gave another result")
	}
	if res := run(t, db, "simulate", "--policy", "loudest-first"); res.code != 2 || !strings.Contains(res.stderr, "unknown --policy") {
		t.Errorf("an unknown policy: exit %d %q", res.code, res.stderr)
	}
}
