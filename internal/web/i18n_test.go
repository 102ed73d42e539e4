package web

import (
	"io/fs"
	"regexp"
	"testing"

	"huikuan/internal/commitment"
	"huikuan/internal/excuse"
	"huikuan/internal/plan"
	"huikuan/internal/store"
)

// TestEveryMessageExists finds the keys the templates translate and checks
// the catalogue has each, in both languages: a missing key shows its name
// instead of words.
func TestEveryMessageExists(t *testing.T) {
	keys := map[string]bool{}
	re := regexp.MustCompile(`\.T "([^"]+)"`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		for _, m := range re.FindAllSubmatch(b, -1) {
			keys[string(m[1])] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Keys built at run time.
	for _, s := range []commitment.Status{commitment.Open, commitment.Kept, commitment.PartlyKept, commitment.Broken, commitment.Cancelled} {
		keys["st."+string(s)] = true
	}
	for _, k := range append([]string{""}, store.SupportKinds...) {
		keys["sk."+k] = true
	}
	for _, f := range []string{commitment.FlagTooEasy, commitment.FlagImplausible, commitment.FlagNeedsSupportPlan} {
		keys["flag."+f] = true
	}
	for _, v := range commitmentViews {
		keys["view."+v] = true
	}
	for _, k := range []string{"invoice", "credit_note", "payment", "not yet due"} {
		keys[k] = true
	}
	for _, c := range excuse.Categories {
		keys["excuse."+string(c)] = true
	}
	for _, s := range plan.Statuses {
		keys["ps."+string(s)] = true
	}
	for _, k := range plan.MeasureKinds {
		keys["mk."+string(k)] = true
	}
	for _, s := range plan.MeasureStatuses {
		keys["ms."+string(s)] = true
		keys["ms.to."+string(s)] = true
	}
	for k := range keys {
		m, ok := messages[k]
		if !ok || m[0] == "" || m[1] == "" {
			t.Errorf("message %q is missing", k)
		}
	}
}
