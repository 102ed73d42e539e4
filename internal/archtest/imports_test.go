package archtest

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "huikuan/"

// notRules names the packages under internal/ that are not rules
// packages: the front ends, storage, and the packages that load from
// storage or drive the product (use cases, jobs, the simulator, test
// harnesses). Every other package under internal/ — money, civil, errs,
// user, ledger, commitment, followup, importer, csvfile and any new one —
// is a rules package. A new package that must load from storage goes here.
var notRules = []string{
	"internal/store", // and everything under it
	"internal/web",
	"internal/api",
	"internal/cli",
	"internal/sim",
	"internal/jobs",
	"internal/forecast",
	"internal/planning",
	"internal/callsheet",
	"internal/scorecard",
	"internal/ingest", // reads a file into a batch and applies it: the CLI's import and the upload page
	"internal/tables", // the export tables of the reports and lists; reads whole lists
	"internal/crash",
	"internal/ibmar",     // a test harness: finds and reads IBM's sample for the tests
	"internal/xlsxcheck", // a test harness: reads XLSX back with openpyxl, the exports' second reader
	"internal/progress",
	"internal/deliver", // sends the outbox over the network and composes the scheduled messages from the store
	"internal/archtest",
}

// sqlPackages are the imports that run SQL (a module path stands for the
// packages under it too); only internal/store/... may import them.
// database/sql/driver is not one: civil.Date implements driver.Valuer
// without running SQL.
var sqlPackages = []string{
	"database/sql",
	"github.com/jackc/pgx",
	"modernc.org/sqlite",
	"github.com/pressly/goose",
}

func runsSQL(imp string) bool {
	return slices.ContainsFunc(sqlPackages, func(s string) bool {
		return imp == s || strings.Contains(s, ".") && under(imp, s)
	})
}

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// listPackages runs go list over the module's non-test code.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	// go test puts its own go first on PATH.
	goBin := "go"
	cmd := exec.Command(goBin, "list", "-deps=false", "-json=ImportPath,Imports,Deps", "./...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	touchSources(t)
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages; want the whole module", len(pkgs))
	}
	return pkgs
}

// touchSources stats every Go file of the module, so go test's cache
// knows the result depends on them (it cannot see what go list read) and
// an import added anywhere runs the test again.
func touchSources(t *testing.T) {
	t.Helper()
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != "../.." {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".go") || d.Name() == "go.mod") {
			_, err = os.Stat(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// under reports whether import path p is dir or a package below it.
func under(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+"/")
}

func rel(p string) string { return strings.TrimPrefix(p, module) }

func isRules(p string) bool {
	r := rel(p)
	if !under(r, "internal") || r == p {
		return false
	}
	return !slices.ContainsFunc(notRules, func(d string) bool { return under(r, d) })
}

// violations applies the import rules to pkgs and returns one line per
// broken rule.
func violations(pkgs []pkg) []string {
	var bad []string
	for _, p := range pkgs {
		from := rel(p.ImportPath)
		if isRules(p.ImportPath) {
			for _, d := range p.Deps {
				if to := rel(d); to != d && !isRules(d) {
					bad = append(bad, "rules package "+from+" imports "+to+" (rules packages import only other rules packages; a package that loads from storage belongs in notRules)")
				}
			}
		}
		for _, pair := range [][2]string{{"internal/web", "internal/api"}, {"internal/api", "internal/web"}} {
			if under(from, pair[0]) {
				for _, d := range p.Deps {
					if under(rel(d), pair[1]) {
						bad = append(bad, from+" imports "+rel(d)+" (web and api never import each other)")
					}
				}
			}
		}
		if !under(from, "internal/store") {
			for _, imp := range p.Imports {
				if runsSQL(imp) {
					bad = append(bad, from+" imports "+imp+" (only packages under internal/store run SQL)")
				}
			}
		}
	}
	return bad
}

func TestImportRules(t *testing.T) {
	for _, v := range violations(listPackages(t)) {
		t.Error(v)
	}
}

// The rules must catch what they are for, or a broken rule would pass.
func TestImportRulesCatch(t *testing.T) {
	pkgs := []pkg{
		{ImportPath: "huikuan/internal/followup", Deps: []string{"fmt", "huikuan/internal/money", "huikuan/internal/store"}},
		{ImportPath: "huikuan/internal/plans", Deps: []string{"huikuan/internal/web"}},
		{ImportPath: "huikuan/internal/web", Deps: []string{"huikuan/internal/api"}},
		{ImportPath: "huikuan/internal/api/v2", Deps: []string{"huikuan/internal/web"}},
		{ImportPath: "huikuan/internal/cli", Imports: []string{"database/sql"}},
		{ImportPath: "huikuan/internal/jobs", Imports: []string{"github.com/jackc/pgx/v5/stdlib"}},
		{ImportPath: "huikuan/internal/store/plans", Imports: []string{"database/sql", "modernc.org/sqlite"}, Deps: []string{"huikuan/internal/followup"}},
		{ImportPath: "huikuan/internal/money", Deps: []string{"strconv"}},
		{ImportPath: "huikuan/internal/civil", Imports: []string{"database/sql/driver"}},
	}
	got := violations(pkgs)
	want := []string{
		"rules package internal/followup imports internal/store",
		"rules package internal/plans imports internal/web",
		"internal/web imports internal/api",
		"internal/api/v2 imports internal/web",
		"internal/cli imports database/sql",
		"internal/jobs imports github.com/jackc/pgx/v5/stdlib",
	}
	if len(got) != len(want) {
		t.Fatalf("violations:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w+" (") {
			t.Errorf("violation %d = %q; want %q", i, got[i], w)
		}
	}
}
