package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"huikuan/internal/cli"
	"huikuan/internal/scorecard"
	"huikuan/internal/store/storetest"
)

// TestKPIReport: the KPIs of the world's one invoice (¥1,500 of C1, rep R1
// of team 东区, due 01-31 and unpaid) for each role's scope, the CLI
// printing the same JSON, and bad periods and scopes refused.
func TestKPIReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		const path = "/api/v1/reports/kpis?from=2026-01-01&to=2026-06-30"
		get := func(login, path string) scorecard.KPIs {
			t.Helper()
			res := w.do(t, login, "GET", path, "")
			if res.status != 200 {
				t.Fatalf("%s %s: %d %s", login, path, res.status, res.body)
			}
			var k scorecard.KPIs
			if err := json.Unmarshal(res.body, &k); err != nil {
				t.Fatal(err)
			}
			return k
		}
		for _, login := range []string{"admin", "boss", "rep1"} {
			k := get(login, path)
			if k.CreditSales != 150000 || k.AREnd != 150000 || k.ARBegin != 0 || k.CurrentAREnd != 0 || k.Days != 181 {
				t.Errorf("%s: %+v", login, k)
			}
			if k.DSO == nil || *k.DSO != 181 || k.OverdueRatio == nil || *k.OverdueRatio != 1 || k.DaysLateWeighted == nil || *k.DaysLateWeighted != 150 || k.CEI == nil || *k.CEI != 0 {
				t.Errorf("%s: dso %v, overdue ratio %v, days late %v, cei %v; want 181, 1, 150, 0", login, k.DSO, k.OverdueRatio, k.DaysLateWeighted, k.CEI)
			}
		}
		if k := get("rep2", path); k.CreditSales != 0 || k.AREnd != 0 || k.DSO != nil {
			t.Errorf("rep2 sees %+v; want nothing of R1's", k)
		}
		if k := get("west", path); k.AREnd != 0 {
			t.Errorf("the west manager sees %+v", k)
		}
		if k := get("admin", path+"&team=西区"); k.AREnd != 0 || k.CreditSales != 0 {
			t.Errorf("admin, team 西区: %+v", k)
		}
		for _, c := range []struct {
			login, query string
			status       int
		}{
			{"rep2", "&rep=R1", 404}, {"boss", "&team=西区", 404}, {"admin", "&rep=R9", 404},
			{"admin", "&rep=R1&team=东区", 422},
		} {
			if res := w.do(t, c.login, "GET", path+c.query, ""); res.status != c.status {
				t.Errorf("%s %s: %d %s; want %d", c.login, c.query, res.status, res.body, c.status)
			}
		}
		for _, q := range []string{"?from=2026-06-30&to=2026-01-01", "?from=2020-01-01&to=2026-06-30", "?to=2026-13-01"} {
			if res := w.do(t, "admin", "GET", "/api/v1/reports/kpis"+q, ""); res.status != 422 {
				t.Errorf("%s: %d %s; want 422", q, res.status, res.body)
			}
		}

		res := w.do(t, "admin", "GET", path+"&rep=R1", "")
		var out, errOut bytes.Buffer
		if code := cli.Run(context.Background(), []string{"report", "kpis", "--from", "2026-01-01", "--to", "2026-06-30", "--rep", "R1", "--format", "json", "--db", dbURL},
			cli.IO{Stdout: &out, Stderr: &errOut}, func(string) string { return "" }); code != 0 {
			t.Fatalf("report kpis: exit %d: %s", code, errOut.Bytes())
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
