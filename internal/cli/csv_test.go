package cli_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// TestAgingCSVEscapesFormulas imports a customer whose name is a formula
// and exports the aging as CSV: the name comes out as text, escaped.
func TestAgingCSVEscapesFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		const name = `=HYPERLINK("http://x","y")`
		files := map[string]string{
			"customers": "code,name,region,rep,credit_tier,credit_limit,payment_terms_days\nC9,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",华东,R1,B,1000,30\n",
			"invoices":  "number,customer,issue_date,due_date,amount\nI9,C9,2026-06-01,2026-06-10,-500.00\nI10,C9,2026-06-01,2026-06-10,200\n",
		}
		for _, k := range []string{"customers", "invoices"} {
			path := filepath.Join(dir, k+".csv")
			if err := os.WriteFile(path, []byte(files[k]), 0o600); err != nil {
				t.Fatal(err)
			}
			mustRun(t, db, "import", k, path)
		}
		out := mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "csv")
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("rows %v", rows)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		if got := rows[1][col["name"]]; got != "'"+name {
			t.Errorf("name cell %q, want %q", got, "'"+name)
		}
		if got := rows[1][col["prepaid"]]; got != "300.00" {
			t.Errorf("prepaid cell %q, want the number 300.00", got)
		}
	})
}
