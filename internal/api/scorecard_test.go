package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"huikuan/internal/cli"
	"huikuan/internal/export"
	"huikuan/internal/habit"
	"huikuan/internal/scorecard"
	"huikuan/internal/store/storetest"
)

// TestScorecardReport: June's scorecard of the world (C1 of R1, team 东区,
// owes an overdue invoice and has no plan; R2 of 西区 has nothing) for
// each role — a rep sees themself, a manager their team, an admin all —
// the CLI printing the same JSON, the XLSX download, and bad requests.
func TestScorecardReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		const path = "/api/v1/reports/scorecard?month=2026-06"
		reps := func(login, path string) []string {
			t.Helper()
			res := w.do(t, login, "GET", path, "")
			if res.status != 200 {
				t.Fatalf("%s %s: %d %s", login, path, res.status, res.body)
			}
			var c scorecard.Card
			if err := json.Unmarshal(res.body, &c); err != nil {
				t.Fatal(err)
			}
			if c.Month != "2026-06" {
				t.Errorf("%s: month %q", login, c.Month)
			}
			var out []string
			for _, r := range c.Reps {
				out = append(out, r.Rep)
				if len(r.Habits) != 6 {
					t.Errorf("%s: %s has %d habits", login, r.Rep, len(r.Habits))
				}
				if r.Rep == "R1" {
					h := r.Habits[0]
					if h.Code != "plan_coverage" || h.Value == nil || *h.Value != 0 || h.Score == nil || *h.Score != 50 || !strings.Contains(h.Finding, "1 户中 0 户") {
						t.Errorf("%s: R1's first habit %+v", login, h)
					}
				}
			}
			return out
		}
		for _, c := range []struct{ login, query, want string }{
			{"admin", "", "R1 R2"}, {"boss", "", "R1"}, {"west", "", "R2"}, {"rep1", "", "R1"}, {"rep2", "", "R2"},
			{"admin", "&rep=R2", "R2"}, {"boss", "&rep=R1", "R1"},
		} {
			if got := strings.Join(reps(c.login, path+c.query), " "); got != c.want {
				t.Errorf("%s %s sees %q, want %q", c.login, c.query, got, c.want)
			}
		}
		for _, c := range []struct {
			login, query string
			status       int
		}{
			{"rep2", "?rep=R1", 404}, {"boss", "?rep=R2", 404}, {"admin", "?rep=R9", 404},
			{"admin", "?month=2026-13", 422}, {"admin", "?format=pdf", 400}, {"", "", 401},
		} {
			if res := w.do(t, c.login, "GET", "/api/v1/reports/scorecard"+c.query, ""); res.status != c.status {
				t.Errorf("%s %s: %d %s; want %d", c.login, c.query, res.status, res.body, c.status)
			}
		}
		res := w.do(t, "boss", "GET", path+"&format=xlsx", "")
		if res.status != 200 || !strings.Contains(res.header.Get("Content-Type"), "spreadsheetml") || !bytes.HasPrefix(res.body, []byte("PK")) {
			t.Errorf("xlsx: %d %s, %d bytes", res.status, res.header.Get("Content-Type"), len(res.body))
		}
		res = w.do(t, "admin", "GET", path+"&format=csv&lang=en", "")
		if res.status != 200 || !strings.Contains(string(res.body), "plan_coverage") || !strings.Contains(string(res.body), "team median") {
			t.Errorf("csv: %d %s", res.status, res.body)
		}

		res = w.do(t, "admin", "GET", path, "")
		var out, errOut bytes.Buffer
		if code := cli.Run(context.Background(), []string{"report", "scorecard", "--month", "2026-06", "--format", "json", "--db", dbURL},
			cli.IO{Stdout: &out, Stderr: &errOut}, func(string) string { return "" }); code != 0 {
			t.Fatalf("report scorecard: exit %d: %s", code, errOut.Bytes())
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, out.Bytes()); err != nil {
			t.Fatal(err)
		}
		if got, want := compact.String()+"\n", string(res.body); got != want {
			t.Errorf("the CLI prints\n%s\nthe API answers\n%s", got, want)
		}
		file := filepath.Join(t.TempDir(), "scorecard.xlsx")
		run := func(args ...string) string {
			t.Helper()
			var out, errOut bytes.Buffer
			if code := cli.Run(context.Background(), append([]string{"report", "scorecard", "--month", "2026-06", "--db", dbURL}, args...),
				cli.IO{Stdout: &out, Stderr: &errOut}, func(string) string { return "" }); code != 0 {
				t.Fatalf("report scorecard %v: exit %d: %s", args, code, errOut.Bytes())
			}
			return out.String()
		}
		if table := run("--rep", "R1", "--lang", "en"); !strings.Contains(table, "R1 王一 (东区)") || !strings.Contains(table, "plan_coverage") || strings.Contains(table, "R2") {
			t.Errorf("the table for R1:\n%s", table)
		}
		run("--format", "xlsx", "--output", file)
		if b, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
			t.Errorf("--output %s: %d bytes, %v", file, len(b), err)
		}
	})
}

// TestScorecardXLSXReadBack: the scorecard's XLSX, read back by a second
// reader (openpyxl), holds every figure of the API's JSON — the habits
// sheet, the measures and the definitions — on both databases.
func TestScorecardXLSXReadBack(t *testing.T) {
	py := xlsxReader(t)
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := exportWorld(t, dbURL)
		const path = "/api/v1/reports/scorecard?month=2026-06"
		j := getJSON(t, w, path)
		ratio := func(v any, key string) any {
			if n, ok := field(v, key).(json.Number); ok {
				return pctCell{n}
			}
			return nil
		}
		number := func(v any, key string) any {
			if n, ok := field(v, key).(json.Number); ok {
				return numCell{n}
			}
			return nil
		}
		var habits, measures [][]any
		for _, r := range items(j, "reps") {
			for i, h := range items(r, "habits") {
				habits = append(habits, []any{str(j, "month"), str(r, "rep"), str(r, "name"), str(r, "team"), numCell{json.Number(strconv.Itoa(i + 1))},
					num(h, "habit"), str(h, "code"), habit.Code(str(h, "code")).Name("zh"), ratio(h, "value"), ratio(h, "team_median"),
					number(h, "score"), str(h, "finding"), str(h, "tip")})
				for _, m := range items(h, "measures") {
					measures = append(measures, []any{str(j, "month"), str(r, "rep"), num(h, "habit"), str(h, "code"), str(m, "code"), str(m, "label"),
						number(m, "value"), str(m, "unit")})
				}
			}
		}
		if len(habits) != 12 {
			t.Fatalf("%d habit rows in the JSON; want 2 reps × 6", len(habits))
		}
		var defs [][]any
		for i, c := range habit.Codes {
			defs = append(defs, []any{numCell{json.Number(strconv.Itoa(i + 1))}, string(c), c.Name("zh"), c.Definition("zh")})
		}
		sheets := dumpXLSX(t, py, getFile(t, w, path+"&format=xlsx", export.XLSXType))
		if len(sheets) != 3 {
			t.Fatalf("%d sheets; want habits, measures, definitions", len(sheets))
		}
		for i, want := range [][][]any{habits, measures, defs} {
			checkSheet(t, sheets[i], want)
		}
	})
}
