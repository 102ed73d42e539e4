package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// The call sheet's JSON carries the fields the issue names, amounts in
// fen: the example files' C002 owes ¥95,000 overdue and ¥30,000 not yet
// due on 30 June, so without a plan the rep expects the ¥95,000.
func TestCallsheetJSON(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		out := mustRun(t, db, "callsheet", "--customer", "C002", "--date", "2026-06-30", "--format", "json")
		var sh map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &sh); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		for _, k := range []string{"customer", "owed", "overdue", "opening_ask", "excuses", "disputes", "promises"} {
			if _, ok := sh[k]; !ok {
				t.Errorf("no %q in %s", k, out)
			}
		}
		var ask struct {
			Expected, Ask, Cap int64
			Ratio              float64
			Options            []struct{ Kind string }
		}
		if err := json.Unmarshal(sh["opening_ask"], &ask); err != nil || ask.Expected != 9_500_000 || ask.Ask < ask.Expected || ask.Ratio != 10.0/18 || len(ask.Options) != 2 {
			t.Errorf("opening_ask %s (%v)", sh["opening_ask"], err)
		}
		if r := run(t, db, "callsheet", "--customer", "NOPE", "--date", "2026-06-30"); r.code == 0 || !strings.Contains(r.stderr, "NOPE") {
			t.Errorf("an unknown customer's sheet: exit %d, %s", r.code, r.stderr)
		}
		if table := mustRun(t, db, "callsheet", "--customer", "C002", "--date", "2026-06-30", "--lang", "en"); !strings.Contains(table, "opening ask") {
			t.Errorf("table:\n%s", table)
		}
	})
}

// report excuses counts a quality excuse without a dispute as let stand,
// and the sheet shows it with its counter.
func TestExcuseReportCLI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		mustRun(t, db, "call", "log", "--customer", "C002", "--disposition", "reached-excuse", "--excuse", "quality", "--excuse-amount", "500", "--at", "2026-06-20T10:00:00+08:00")
		out := mustRun(t, db, "report", "excuses", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "json")
		var r struct {
			Categories []struct {
				Category string
				Count    int
			}
			Reps []struct {
				Rep                string
				Excuses, NoDispute int
				Accepted           int
			}
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(r.Categories) != 1 || r.Categories[0].Category != "quality" || r.Categories[0].Count != 1 || len(r.Reps) != 1 || r.Reps[0].Accepted != 1 {
			t.Errorf("report %s", out)
		}
		sheet := mustRun(t, db, "callsheet", "--customer", "C002", "--date", "2026-06-30", "--format", "json")
		if !strings.Contains(sheet, `"category": "quality"`) || !strings.Contains(sheet, `"amount": 50000`) {
			t.Errorf("the sheet lacks the excuse: %s", sheet)
		}
	})
}
