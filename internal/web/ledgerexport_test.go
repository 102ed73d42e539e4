package web_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"huikuan/internal/store/storetest"
)

// TestLedgerExport: an admin's customers page links to the ledger exports,
// which answer the canonical import columns; a manager or a rep gets
// neither the links nor the files.
func TestLedgerExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv := world(t, dbURL)
		admin := loginAs(t, srv, "admin")
		if _, body := get(t, admin, srv.URL+"/customers"); !strings.Contains(body, `href="/ledger/payments.csv"`) {
			t.Errorf("the admin's customers page has no link to the payments export")
		}
		want := map[string]string{
			"customers": "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone,email",
			"invoices":  "number,customer,issue_date,due_date,amount,electronic",
			"payments":  "number,customer,date,amount,invoices",
		}
		for kind, head := range want {
			res, file := fetch(t, admin, srv.URL+"/ledger/"+kind+".csv")
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(file, []byte("\uFEFF")))).ReadAll()
			if res.StatusCode != 200 || err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != head {
				t.Errorf("%s.csv: %d %v %q; want the header %s and rows", kind, res.StatusCode, err, rows, head)
			}
			res, file = fetch(t, admin, srv.URL+"/ledger/"+kind+".xlsx")
			if _, err := excelize.OpenReader(bytes.NewReader(file)); res.StatusCode != 200 || err != nil {
				t.Errorf("%s.xlsx: %d %v", kind, res.StatusCode, err)
			}
		}
		_, file := fetch(t, admin, srv.URL+"/ledger/invoices.csv?from=2026-02-01")
		if rows, _ := csv.NewReader(bytes.NewReader(file[3:])).ReadAll(); len(rows) != 1 {
			t.Errorf("invoices from February: %q; want the header alone (I1 is of January)", rows)
		}
		for _, u := range []string{"/ledger/calls.csv", "/ledger/invoices.pdf", "/ledger/invoices.csv?from=June"} {
			if res, _ := fetch(t, admin, srv.URL+u); res.StatusCode != 400 {
				t.Errorf("%s: %d; want 400", u, res.StatusCode)
			}
		}
		for _, login := range []string{"boss", "rep1"} {
			c := loginAs(t, srv, login)
			if _, body := get(t, c, srv.URL+"/customers"); strings.Contains(body, "/ledger/") {
				t.Errorf("%s's customers page links to the ledger exports", login)
			}
			if res, _ := fetch(t, c, srv.URL+"/ledger/customers.csv"); res.StatusCode != 403 {
				t.Errorf("%s downloads the ledger: %d; want 403", login, res.StatusCode)
			}
		}
	})
}
