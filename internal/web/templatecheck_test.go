package web

import (
	"slices"
	"testing"

	"github.com/jba/templatecheck"
)

// pageTypes is the data each page's templates are executed with: the
// whole page (layout.html) and the blocks rendered alone as htmx parts.
var pageTypes = map[string]map[string]any{
	"aging":       {"layout.html": AgingPage{}},
	"audit":       {"layout.html": AuditPage{}},
	"commitments": {"layout.html": CommitmentsPage{}},
	"customer":    {"layout.html": CustomerPage{}, "credibility": CredibilityPart{}},
	"customers":   {"layout.html": CustomersPage{}, "list": CustomersPage{}, "tile": CustomersPage{}},
	"documents":   {"layout.html": DocumentsPage{}, "documents": DocumentsPage{}},
	"disputes":    {"layout.html": DisputesPage{}},
	"error":       {"layout.html": ErrorPage{}, "problem": ""},
	"forecast":    {"layout.html": ForecastPage{}},
	"imports":     {"layout.html": ImportsPage{}},
	"upload":      {"layout.html": UploadPage{}, "progress": UploadPage{}, "check": UploadPage{}},
	"login":       {"layout.html": LoginPage{}},
	"dealer":      {"layout.html": DealerPage{}},
	"plans":       {"layout.html": PlansPage{}, "waterfall": FallPart{}},
	"review":      {"layout.html": ReviewPage{}},
	"scorecard":   {"layout.html": ScorecardPage{}},
	"targets":     {"layout.html": TargetsPage{}},
	"settings":    {"layout.html": SettingsPage{}},
	"messages":    {"layout.html": MessagesPage{}},
	"deliveries":  {"layout.html": DeliveriesPage{}},
	"sheet":       {"layout.html": SheetPage{}},
	"worklist":    {"layout.html": WorklistPage{}, "list": WorklistPage{}, "problem": ""},
}

// TestTemplatesTypeCheck type-checks every page template against the
// struct its handler passes: a field the struct lacks, a method called
// with the wrong arguments or a range over what cannot be ranged fails
// here, not on the request that reaches it.
func TestTemplatesTypeCheck(t *testing.T) {
	s := testServer(t)
	for _, page := range slices.Sorted(func(yield func(string) bool) {
		for p := range s.pages {
			if !yield(p) {
				return
			}
		}
	}) {
		blocks, ok := pageTypes[page]
		if !ok {
			t.Errorf("page %s has no entry in pageTypes: name the struct its handler passes", page)
			continue
		}
		for block, data := range blocks {
			tp := s.pages[page].Lookup(block)
			if tp == nil {
				t.Errorf("page %s has no block %q", page, block)
				continue
			}
			if err := templatecheck.CheckHTML(tp, data); err != nil {
				t.Errorf("page %s, block %s: %v", page, block, err)
			}
		}
	}
	for page := range pageTypes {
		if s.pages[page] == nil {
			t.Errorf("pageTypes names %s, which is not a page", page)
		}
	}
}

// TestTwinTemplatesTypeCheck does the same for the template twins of the
// fragments written in Go.
func TestTwinTemplatesTypeCheck(t *testing.T) {
	s := testServer(t)
	twins := twinPage(t, s, "worklist")
	for block, data := range map[string]any{
		"cards.today": WorklistPage{}, "cards.later": WorklistPage{}, "logcontrols": Base{},
		"callrows": CustomerPage{}, "promiserows": CustomerPage{}, "charttable": ChartTable{},
		"repoptions": struct {
			Reps     []string
			Selected string
		}{},
	} {
		if err := templatecheck.CheckHTML(twins.Lookup(block), data); err != nil {
			t.Errorf("twin %s: %v", block, err)
		}
	}
}
