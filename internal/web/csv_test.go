package web_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// TestAgingCSVEscapesFormulas exports a customer whose name is a formula:
// the cell comes out as text, the amounts as numbers.
func TestAgingCSVEscapesFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv, s := worldWithStore(t, dbURL)
		d := civil.MustParse
		const name = `=HYPERLINK("http://x","y")`
		_, err := s.Apply(context.Background(), store.Batch{
			Customers: []ledger.Customer{{Code: "C9", Name: name, Region: "华东", Rep: "R1", Tier: "B", CreditLimit: money.Yuan(1000), TermsDays: 30}},
			Invoices:  []ledger.Invoice{{Number: "I9", Customer: "C9", Issue: d("2026-06-01"), Due: d("2026-06-10"), Amount: -money.Yuan(500)}},
		})
		if err != nil {
			t.Fatal(err)
		}
		_, body := get(t, loginAs(t, srv, "admin"), srv.URL+"/aging.csv?as_of=2026-06-30")
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		wantEscaped(t, rows, "C9", "'"+name, "500.00")
	})
}

// wantEscaped finds code's row in an aging CSV and checks its name and
// prepaid cells.
func wantEscaped(t *testing.T, rows [][]string, code, name, prepaid string) {
	t.Helper()
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		if r[0] == code {
			if r[col["name"]] != name {
				t.Errorf("name cell %q, want %q", r[col["name"]], name)
			}
			if r[col["prepaid"]] != prepaid {
				t.Errorf("prepaid cell %q, want the number %q", r[col["prepaid"]], prepaid)
			}
			if r[col["total"]] != "0.00" {
				t.Errorf("total cell %q", r[col["total"]])
			}
			return
		}
	}
	t.Errorf("no row for %s in %v", code, rows)
}
