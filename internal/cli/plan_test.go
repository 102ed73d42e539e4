package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestTargetCommands sets, imports and lists targets: an import with a
// bad row writes nothing and names the row and column; the same import
// twice changes nothing the second time.
func TestTargetCommands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		if out := mustRun(t, db, "target", "set", "--month", "2026-07", "--rep", "R01", "--amount", "100000"); !strings.Contains(out, "¥100,000.00") {
			t.Errorf("target set printed %q", out)
		}
		dir := t.TempDir()
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte("month,rep,target\n2026-07,R02,50000\n2026-07,R02,abc\n"), 0o600)
		if r := run(t, db, "target", "import", bad); r.code != 1 || !strings.Contains(r.stderr, "row 3") || !strings.Contains(r.stderr, "column target") {
			t.Errorf("a bad import: exit %d %q; want 1 naming row 3, column target", r.code, r.stderr)
		}
		list := func() []map[string]any {
			var ts []map[string]any
			if err := json.Unmarshal([]byte(mustRun(t, db, "target", "list", "--month", "2026-07", "--format", "json")), &ts); err != nil {
				t.Fatal(err)
			}
			return ts
		}
		if ts := list(); len(ts) != 2 || ts[1]["rep"] != "R02" || ts[1]["set"] != false {
			t.Errorf("after the bad import: %v; want R02 without a target", ts)
		}
		good := filepath.Join(dir, "good.csv")
		os.WriteFile(good, []byte("month,rep,target\n2026-07,R02,50000\n2026-07,R01,120000.50\n"), 0o600)
		if out := mustRun(t, db, "target", "import", good); out != "2 targets read, 2 changed\n" {
			t.Errorf("import: %q", out)
		}
		if out := mustRun(t, db, "target", "import", good); out != "2 targets read, 0 changed\n" {
			t.Errorf("the same import again: %q", out)
		}
		ts := list()
		if ts[0]["month"] != "2026-07" || ts[0]["target"] != float64(12000050) || ts[1]["target"] != float64(5000000) {
			t.Errorf("targets %v; want R01 12000050 fen, R02 5000000", ts)
		}
	})
}

// TestPlanSuggestAndReports holds the JSON contracts of plan suggest,
// report suggestion and report attainment, and that each prints what the
// use case answers, to the fen.
func TestPlanSuggestAndReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		mustRun(t, db, "target", "set", "--month", "2026-07", "--rep", "R01", "--amount", "100000")
		out := mustRun(t, db, "plan", "suggest", "--month", "2026-07", "--format", "json")
		var sgs []map[string]any
		if err := json.Unmarshal([]byte(out), &sgs); err != nil {
			t.Fatal(err)
		}
		if len(sgs) != 3 {
			t.Fatalf("%d suggestions, want one per customer", len(sgs))
		}
		for _, k := range []string{"customer", "rep", "capacity", "suggested", "basis"} {
			if _, ok := sgs[0][k]; !ok {
				t.Errorf("suggestion without %q: %v", k, sgs[0])
			}
		}
		ctx := context.Background()
		s, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		july := civil.MustParse("2026-07-01")
		want, err := planning.Suggestions(ctx, s, user.Scope{All: true}, july, "")
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.MarshalIndent(want, "", "  "); strings.TrimSpace(out) != string(b) {
			t.Errorf("plan suggest printed\n%s\nplanning.Suggestions answers\n%s", out, b)
		}

		var bt struct {
			Months    int                           `json:"months"`
			WAPE      *float64                      `json:"wape"`
			Baselines map[string]map[string]float64 `json:"baselines"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, db, "report", "suggestion", "--from", "2026-05", "--to", "2026-06", "--format", "json")), &bt); err != nil {
			t.Fatal(err)
		}
		if _, ok := bt.Baselines["three_month_average"]["wape"]; bt.Months != 2 || bt.WAPE == nil || !ok || bt.Baselines["last_month"] == nil {
			t.Errorf("backtest JSON %+v", bt)
		}

		out = mustRun(t, db, "report", "attainment", "--month", "2026-07", "--format", "json")
		r, err := planning.Attainment(ctx, s, user.Scope{All: true}, july, civil.Today(time.UTC), "")
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.MarshalIndent(r, "", "  "); strings.TrimSpace(out) != string(b) {
			t.Errorf("report attainment printed\n%s\nplanning.Attainment answers\n%s", out, b)
		}
		var got struct {
			Month string           `json:"month"`
			Reps  []map[string]any `json:"reps"`
		}
		json.Unmarshal([]byte(out), &got)
		if got.Month != "2026-07" || len(got.Reps) != 2 || got.Reps[1]["rate"] != nil || got.Reps[0]["rate"] == nil {
			t.Errorf("attainment %s; want R01 with a rate, R02 without", out)
		}
		for _, k := range []string{"rep", "target", "collected", "rate", "promised_weighted", "measures_expected", "uncovered"} {
			if _, ok := got.Reps[0][k]; !ok {
				t.Errorf("attainment row without %q", k)
			}
		}
		csv := mustRun(t, db, "report", "attainment", "--month", "2026-07", "--format", "csv")
		if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 4 || !strings.HasPrefix(lines[1], "2026-07,R01,") || !strings.HasPrefix(lines[3], "2026-07,total,") {
			t.Errorf("attainment CSV:\n%s", csv)
		}
	})
}
