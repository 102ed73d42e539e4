package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// TestExportRoundTrip exports the README's example ledger with `huikuan
// export` as CSV and as XLSX and imports the files: into the same database nothing changes,
// and into an empty one the aging is the same.
func TestExportRoundTrip(t *testing.T) {
	for _, f := range []string{"csv", "xlsx"} {
		t.Run(f, func(t *testing.T) { exportRoundTrip(t, f) })
	}
}

func exportRoundTrip(t *testing.T, format string) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		dir := t.TempDir()
		for _, k := range []string{"customers", "invoices", "payments"} {
			path := filepath.Join(dir, k+"."+format)
			mustRun(t, db, "export", k, "--format", format, "--output", path)
			out := mustRun(t, db, "import", k, path)
			if !strings.Contains(out, "; 0 created, 0 updated, ") || strings.Contains(out, ", 0 unchanged") {
				t.Errorf("re-importing the exported %s: %q; want all unchanged", k, out)
			}
		}
		empty := storetest.SQLiteURL(t)
		if !strings.HasPrefix(db, "sqlite:") {
			empty = storetest.PostgresURL(t)
		}
		for _, k := range []string{"customers", "invoices", "payments"} {
			mustRun(t, empty, "import", k, filepath.Join(dir, k+"."+format))
		}
		aging := []string{"report", "aging", "--as-of", "2026-06-30", "--format", "json"}
		if a, b := mustRun(t, db, aging...), mustRun(t, empty, aging...); a != b {
			t.Errorf("aging after the round trip:\n%s\nwant\n%s", b, a)
		}
	})
}

// TestExportFlags: the period and the rep select invoices; xlsx writes a
// workbook; a bad kind or format is a usage error.
func TestExportFlags(t *testing.T) {
	db := storetest.SQLiteURL(t)
	importExamples(t, db)
	all := mustRun(t, db, "export", "invoices")
	if !strings.HasPrefix(all, "\uFEFFnumber,customer,issue_date,due_date,amount,electronic\r\n") {
		t.Errorf("header: %q", strings.SplitN(all, "\n", 2)[0])
	}
	some := mustRun(t, db, "export", "invoices", "--from", "2026-06-01", "--to", "2026-06-30")
	if n, m := strings.Count(all, "\n"), strings.Count(some, "\n"); m >= n || m < 1 {
		t.Errorf("a period: %d lines of %d\n%s", m, n, some)
	}
	if mine := mustRun(t, db, "export", "customers", "--rep", "NOBODY"); strings.Count(mine, "\n") != 1 {
		t.Errorf("a rep with no customers: %q; want the header alone", mine)
	}
	path := filepath.Join(t.TempDir(), "c.xlsx")
	mustRun(t, db, "export", "customers", "--format", "xlsx", "--output", path)
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "PK") {
		t.Errorf("xlsx: %v, %q", err, b[:min(len(b), 4)])
	}
	for _, args := range [][]string{{"export", "calls"}, {"export", "invoices", "--format", "json"}, {"export"}} {
		if r := run(t, db, args...); r.code != 2 {
			t.Errorf("huikuan %s: exit %d; want 2", strings.Join(args, " "), r.code)
		}
	}
}
