package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"huikuan/internal/importer"
	"huikuan/internal/store/storetest"
)

// TestDocsExportImportsBack: invoices and payments asked for as CSV are
// the whole filtered list in the canonical import columns, which the
// importer reads back to the JSON list's documents; a rep's file has only
// the rep's customers.
func TestDocsExportImportsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := exportWorld(t, dbURL)
		inv := getFile(t, w, "/api/v1/invoices?format=csv&limit=1", "text/csv")
		rows, err := importer.ReadInvoices(bytes.NewReader(inv))
		if err != nil {
			t.Fatalf("the invoices export does not import: %v\n%s", err, inv)
		}
		list := items(getJSON(t, w, "/api/v1/invoices?limit=1000"), "items")
		if len(rows.Records) != len(list) || len(list) < 2 {
			t.Fatalf("%d invoices exported, %d listed", len(rows.Records), len(list))
		}
		for i, r := range rows.Records {
			if j := list[i]; r.Number != str(j, "number") || r.Issue.String() != str(j, "issue_date") || int64(r.Amount) != amount(j, "amount").minor {
				t.Errorf("invoice %d: exported %+v, listed %v", i, r, j)
			}
		}
		pay := getFile(t, w, "/api/v1/payments?format=csv", "text/csv")
		if _, err := importer.ReadPayments(bytes.NewReader(pay)); err != nil || !strings.HasPrefix(string(pay), "\uFEFFnumber,customer,date,amount,invoices\r\n") {
			t.Errorf("the payments export: %v\n%s", err, pay)
		}
		res := w.do(t, "rep1", "GET", "/api/v1/invoices?format=csv", "")
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.body, []byte("\uFEFF")))).ReadAll()
		var got []string
		for _, r := range recs[min(1, len(recs)):] {
			got = append(got, r[0])
		}
		var want []string
		for _, j := range items(jsonAs(t, w, "rep1", "/api/v1/invoices?limit=1000"), "items") {
			want = append(want, str(j, "number"))
		}
		if err != nil || strings.Join(got, ",") != strings.Join(want, ",") || len(want) == len(list) {
			t.Errorf("rep1's invoices as CSV: %v %v; want %v, not all %d", err, got, want, len(list))
		}
	})
}

func jsonAs(t *testing.T, w *world, login, path string) map[string]any {
	t.Helper()
	res := w.do(t, login, "GET", path, "")
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(res.body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("GET %s as %s: %d %v", path, login, res.status, err)
	}
	return v
}
