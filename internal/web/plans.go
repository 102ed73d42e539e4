package web

import (
	"fmt"
	"net/http"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

// PlansPage is a month's plan page: for a rep (or a manager drilling down
// to one with ?rep=) their customers' suggestions and plans under their
// waterfall; for a manager or an admin each rep's totals and waterfall and
// the team's (or company's).
type PlansPage struct {
	Base
	Month
	Rep       string // the rep drilled down to, or a rep's own code
	Report    planning.Report
	Waterfall Waterfall // the rep's, or the team's / company's
	// RepFalls are each rep's waterfall, on a manager's or admin's page.
	RepFalls  []Waterfall
	Customers []PlanLine // on a rep's page
	// CanTarget shows the link to the targets page.
	CanTarget bool
}

// Month is the month a page shows, with its neighbours, all YYYY-MM.
type Month struct {
	Month, Prev, Next string
	Start             civil.Date // its first day
}

// PlanLine is one customer of a rep's plan page: its suggestion and, when
// written, its plan.
type PlanLine struct {
	plan.Suggestion
	Plan *store.Plan
}

// Waterfall is a rep's (or a team's) month from the target to what is
// still uncovered, with bars scaled to the larger of the target and what
// is covered: each step starts where the last ended.
type Waterfall struct {
	plan.Attainment
	Label string // the rep, or the team's word
	Steps []WaterfallStep
}

// WaterfallStep is one bar of a waterfall: its name (an i18n key), its
// amount, and where it starts and how wide it is, in percent of the scale.
type WaterfallStep struct {
	Key         string
	Amount      money.Amount
	Class       string
	Left, Width int
}

// waterfall draws a: the target, then collected, promised and measures
// expected one after another, then what is uncovered.
func waterfall(a plan.Attainment, label string) Waterfall {
	covered := a.Collected + a.PromisedWeighted + a.MeasuresExpected
	scale := max(a.Target, covered, 1)
	pct := func(x money.Amount) int { return int(100 * x / scale) }
	w := Waterfall{Attainment: a, Label: label}
	w.Steps = append(w.Steps, WaterfallStep{Key: "wf.target", Amount: a.Target, Class: "target", Width: pct(a.Target)})
	at := money.Amount(0)
	for _, s := range []struct {
		key, class string
		amount     money.Amount
	}{{"wf.collected", "collected", a.Collected}, {"wf.promised", "promised", a.PromisedWeighted}, {"wf.measures", "measures", a.MeasuresExpected}} {
		w.Steps = append(w.Steps, WaterfallStep{Key: s.key, Amount: s.amount, Class: s.class, Left: pct(at), Width: pct(s.amount)})
		at += s.amount
	}
	w.Steps = append(w.Steps, WaterfallStep{Key: "wf.uncovered", Amount: a.Uncovered, Class: "uncovered", Left: pct(min(at, a.Target)), Width: pct(a.Uncovered)})
	return w
}

// monthOf reads ?month= (YYYY-MM), this month by default; a bad month is
// a 400.
func (s *Server) monthOf(r *http.Request) (Month, error) {
	start := s.today().MonthStart()
	if q := r.URL.Query().Get("month"); q != "" {
		d, err := plan.ParseMonth(q)
		if err == nil {
			err = civil.CheckReportDate(d)
		}
		if err != nil {
			return Month{}, &invalidParam{"month", fmt.Sprintf("%q is not a month, YYYY-MM", q)}
		}
		start = d
	}
	return Month{Month: plan.MonthKey(start), Prev: plan.MonthKey(start.AddMonths(-1)), Next: plan.MonthKey(start.AddMonths(1)), Start: start}, nil
}

// plansPage is GET /plans?month=YYYY-MM[&rep=].
func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	m, err := s.monthOf(r)
	if err != nil {
		return err
	}
	p := PlansPage{Base: s.base(r, "plans"), Month: m, Rep: r.URL.Query().Get("rep"), CanTarget: v.Role != user.Rep}
	p.ActiveNav = "plans"
	if v.Role == user.Rep {
		p.Rep = v.Rep
	}
	if p.Report, err = planning.Attainment(r.Context(), s.store, v.Scope(), m.Start, s.today(), p.Rep); err != nil {
		return err
	}
	if f := downloadFormat(r); f != "" {
		return s.download(w, r, f, "attainment-"+p.Report.Month, tables.Attainment(p.Report, string(p.Lang))...)
	}
	if p.Rep == "" {
		p.Waterfall = waterfall(p.Report.Attainment, p.T("wf.all"))
		for _, a := range p.Report.Reps {
			p.RepFalls = append(p.RepFalls, waterfall(a, a.Rep+" "+a.Name))
		}
		return s.render(w, http.StatusOK, "plans", "", p)
	}
	label := p.Rep
	if len(p.Report.Reps) == 1 {
		label += " " + p.Report.Reps[0].Name
	}
	p.Waterfall = waterfall(p.Report.Attainment, label)
	if p.Customers, err = s.planLines(r, v.Scope(), m.Start, p.Rep); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "plans", "", p)
}

// planLines are a rep's customers' suggestions for the month, each with
// its plan when one is written.
func (s *Server) planLines(r *http.Request, sc user.Scope, month civil.Date, rep string) ([]PlanLine, error) {
	sgs, err := planning.Suggestions(r.Context(), s.store, sc, month, rep)
	if err != nil {
		return nil, err
	}
	ps, err := s.store.Plans(r.Context(), sc, month, rep)
	if err != nil {
		return nil, err
	}
	byCustomer := make(map[string]*store.Plan, len(ps))
	for i := range ps {
		byCustomer[ps[i].Customer] = &ps[i]
	}
	out := make([]PlanLine, len(sgs))
	for i, sg := range sgs {
		out[i] = PlanLine{Suggestion: sg, Plan: byCustomer[sg.Customer]}
	}
	return out, nil
}

// Basis is a suggestion's basis in the page's language.
func (b Base) Basis(sg plan.Suggestion) string {
	if b.Lang == En {
		return sg.BasisEN
	}
	return sg.Basis
}

// Rate formats an attainment rate, or a dash without a target.
func (b Base) Rate(r *float64) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100**r)
}

// FallPart is the data of the waterfall block: one waterfall in the
// page's language.
type FallPart struct {
	Base
	W Waterfall
}

// Fall pairs a waterfall with the page's language, for the waterfall
// block.
func (b Base) Fall(w Waterfall) FallPart { return FallPart{Base: b, W: w} }

// Plus1 is i + 1, to number rows from 1.
func (b Base) Plus1(i int) int { return i + 1 }
