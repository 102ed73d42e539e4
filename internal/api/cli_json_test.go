package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"huikuan/internal/cli"
	"huikuan/internal/store/storetest"
)

// TestAgingSameAsCLI: GET /reports/aging answers the JSON that
// `huikuan report aging --format json` prints (indented there), as both
// write the one ledger.AgingReport.
func TestAgingSameAsCLI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		res := w.do(t, "admin", "GET", "/api/v1/reports/aging?as_of=2026-06-30", "")
		if res.status != 200 {
			t.Fatalf("aging: %d %s", res.status, res.body)
		}
		var out, errOut bytes.Buffer
		env := func(string) string { return "" }
		if code := cli.Run(context.Background(), []string{"report", "aging", "--as-of", "2026-06-30", "--format", "json", "--db", dbURL},
			cli.IO{Stdout: &out, Stderr: &errOut}, env); code != 0 {
			t.Fatalf("report aging: exit %d: %s", code, errOut.Bytes())
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, out.Bytes()); err != nil {
			t.Fatal(err)
		}
		if got, want := compact.String()+"\n", string(res.body); got != want {
			t.Errorf("the CLI prints\n%s\nthe API answers\n%s", got, want)
		}
	})
}
