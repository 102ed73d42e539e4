package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"huikuan/internal/store/storetest"
)

type importJSON struct {
	Kind      string `json:"kind"`
	Profile   string `json:"profile"`
	DryRun    bool   `json:"dry_run"`
	Rows      int    `json:"rows"`
	New       int    `json:"new"`
	Unchanged int    `json:"unchanged"`
	Updated   int    `json:"updated"`
	Errors    []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
}

// TestImportDryRun: --dry-run says what an import would do, the kind and
// profile found from a Kingdee header, and writes nothing; refused rows
// come with their row and column.
func TestImportDryRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		dir := t.TempDir()
		write := func(name, body string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		aging := func() string { return mustRun(t, db, "report", "aging", "--as-of", "2026-06-30", "--format", "json") }
		before := aging()
		ok := write("应收单.csv", "单据编号,业务日期,到期日,客户.编码,客户名称,价税合计,备注\n"+
			"AR-9001,2026-06-01,2026-07-01,C001,杭州,\"1,000.00\",\n合计,,,,,\"1,000.00\",\n")
		var r importJSON
		if err := json.Unmarshal([]byte(mustRun(t, db, "import", ok, "--dry-run", "--format", "json")), &r); err != nil {
			t.Fatal(err)
		}
		if r.Kind != "invoices" || r.Profile != "kingdee" || !r.DryRun || r.Rows != 1 || r.New != 1 || len(r.Errors) != 0 {
			t.Errorf("dry run = %+v", r)
		}
		if out := mustRun(t, db, "import", "invoices", ok, "--dry-run"); !strings.Contains(out, "profile kingdee: 1 invoices read; would create 1, update 0, leave 0 unchanged; nothing written (dry run)") {
			t.Errorf("table = %q", out)
		}
		if after := aging(); after != before {
			t.Errorf("the dry run changed the aging")
		}

		bad := write("bad.csv", "number,customer,issue_date,due_date,amount\nA-1,C001,2026-02-30,2026-03-31,5\nA-2,C001,2026-03-01,2026-03-31,5\nA-2,C001,2026-03-01,2026-03-31,5\n")
		res := run(t, db, "import", bad, "--dry-run", "--format", "json")
		if res.code != 1 {
			t.Fatalf("exit %d, want 1", res.code)
		}
		r = importJSON{}
		if err := json.Unmarshal([]byte(res.stdout), &r); err != nil {
			t.Fatalf("%v: %s", err, res.stdout)
		}
		var got []string
		for _, e := range r.Errors {
			got = append(got, e.Column)
			if e.Row < 2 {
				t.Errorf("error without its row: %+v", e)
			}
		}
		if r.Kind != "invoices" || r.Profile != "huikuan" || len(got) == 0 || got[0] != "issue_date" {
			t.Errorf("refused dry run = %+v", r)
		}
		if after := aging(); after != before {
			t.Errorf("the refused dry run changed the aging")
		}
		// the real import then does what the dry run said
		if out := mustRun(t, db, "import", ok); !strings.Contains(out, "1 created, 0 updated, 0 unchanged") {
			t.Errorf("import = %q", out)
		}
		if diff := cmp.Diff(before, aging()); diff == "" {
			t.Errorf("the import changed nothing")
		}
	})
}

// TestImportDryRunDuplicate: a U8 export saved as GBK with a document
// twice is refused in the dry run, naming the second row and the column.
func TestImportDryRunDuplicate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		body, err := simplifiedchinese.GB18030.NewEncoder().String("单据编号,单据日期,客户编码,客户名称,本币金额,到期日期,结算方式\r\n" +
			"0000000123,2026-05-10,C001,杭州,\"8,800.00\",2026-06-09,电汇\r\n" +
			"0000000123,2026-05-10,C001,杭州,\"8,800.00\",2026-06-09,电汇\r\n")
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "应收单.csv")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		res := run(t, db, "import", p, "--dry-run", "--format", "json")
		var r importJSON
		if err := json.Unmarshal([]byte(res.stdout), &r); err != nil || res.code != 1 {
			t.Fatalf("exit %d, %v: %s", res.code, err, res.stdout)
		}
		if r.Profile != "u8" || r.Kind != "invoices" || len(r.Errors) != 1 || r.Errors[0].Row != 3 || r.Errors[0].Column != "number" ||
			!strings.Contains(r.Errors[0].Message, "appears twice") {
			t.Errorf("report = %+v", r)
		}
	})
}
