package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// TestDisputeReasonsAndList opens a dispute with its reason, lists it,
// and resolves it with a resolution.
func TestDisputeReasonsAndList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		if r := run(t, db, "dispute", "open", "--invoice", "INV-2001", "--amount", "100", "--reason", "weather"); r.code != 1 || !strings.Contains(r.stderr, "reason") {
			t.Errorf("an unknown reason: exit %d %q", r.code, r.stderr)
		}
		mustRun(t, db, "dispute", "open", "--invoice", "INV-2001", "--amount", "20000", "--date", "2026-03-10", "--reason", "quality", "--note", "破损")
		type row struct {
			ID         int64  `json:"id"`
			Invoice    string `json:"invoice"`
			Amount     int64  `json:"amount"`
			AgeDays    int    `json:"age_days"`
			Reason     string `json:"reason"`
			Resolution string `json:"resolution"`
		}
		list := func(args ...string) []row {
			var rows []row
			out := mustRun(t, db, append([]string{"dispute", "list", "--date", "2026-03-31", "--format", "json"}, args...)...)
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			return rows
		}
		if got := list(); len(got) != 1 || got[0] != (row{1, "INV-2001", 2000000, 21, "quality", ""}) {
			t.Errorf("open disputes: %+v", got)
		}
		if out := mustRun(t, db, "dispute", "list", "--date", "2026-03-31"); !strings.Contains(out, "INV-2001") || !strings.Contains(out, "quality") {
			t.Errorf("the table: %q", out)
		}
		if r := run(t, db, "dispute", "resolve", "--id", "1", "--resolution", "paid"); r.code != 1 || !strings.Contains(r.stderr, "resolution") {
			t.Errorf("resolution paid: exit %d %q", r.code, r.stderr)
		}
		mustRun(t, db, "dispute", "resolve", "--id", "1", "--date", "2026-03-20", "--resolution", "credit_note")
		if got := list(); len(got) != 0 {
			t.Errorf("open disputes after resolving: %+v", got)
		}
		if got := list("--all"); len(got) != 1 || got[0].Resolution != "credit_note" || got[0].AgeDays != 10 {
			t.Errorf("all disputes: %+v", got)
		}
	})
}
