package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// TestImportSavedProfile: a profile saved from the upload page is a
// --profile of the command line, defaults included; an unknown name lists
// the saved ones; every import the command line makes is a line of the
// import history.
func TestImportSavedProfile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		importExamples(t, db)
		s, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		mapping := `{"name":"金蝶客户","kind":"customers","columns":{"code":["客户编码"],"name":["客户名称"],"rep":["销售员"]},"defaults":{"region":"华东","credit_tier":"B","credit_limit":"0","payment_terms_days":"30"}}`
		if err := s.SaveImportProfile(context.Background(), store.Actor{Name: "fin"}, store.SavedProfile{Name: "金蝶客户", Kind: "customers", Mapping: mapping}); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "客户.csv")
		os.WriteFile(file, []byte("客户编码,客户名称,销售员\nK9,新客户,R001\n"), 0o644)
		if out := mustRun(t, db, "import", "customers", file, "--profile", "金蝶客户"); !strings.Contains(out, "profile 金蝶客户: 1 customers read; 1 created") {
			t.Errorf("import with the saved profile: %q", out)
		}
		r := run(t, db, "import", "customers", file, "--profile", "没有这个")
		if r.code == 0 || !strings.Contains(r.stderr, "金蝶客户") {
			t.Errorf("an unknown profile: exit %d, %q; want the saved profiles named", r.code, r.stderr)
		}
		h, err := s.Imports(context.Background(), 1)
		if err != nil || len(h) != 1 || h[0].File != "客户.csv" || h[0].Profile != "金蝶客户" || h[0].Created != 1 || h[0].Actor != "cli" || h[0].Mapping != mapping {
			t.Errorf("the history's last line: %+v, %v", h, err)
		}
	})
}
