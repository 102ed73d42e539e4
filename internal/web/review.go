package web

import (
	"net/http"

	"huikuan/internal/commitment"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// ReviewPage is the month-end review: target, planned, committed,
// collected and attainment per rep, and for one rep (?rep=) per customer
// with what lies behind each miss — the milestones broken or partly kept
// and the customer's excuses in the month's calls.
type ReviewPage struct {
	Base
	Month
	Rep       string
	Report    planning.Report
	Customers []ReviewLine
}

// ReviewLine is one customer of a rep's review.
type ReviewLine struct {
	Customer, Name   string
	Status           plan.Status // "" without a plan
	Asked, Committed money.Amount
	Collected        money.Amount
	// Rate is collected ÷ committed, nil without a commitment.
	Rate *float64
	// Miss is a customer that paid less than it committed (or, without
	// a commitment, than it was asked).
	Miss bool
	// Behind is a Miss while the month still runs: not yet a miss.
	Behind  bool
	Broken  []store.MilestoneRow
	Excuses []store.CallRow
}

// reviewCallLimit bounds the calls of a month read for their excuses.
const reviewCallLimit = 5000

// reviewCustomerLimit bounds the customers of a rep whose names the review
// looks up: the most store.Customers lists at once (a rep has a few hundred
// at most; beyond it a line shows the code).
const reviewCustomerLimit = 500

// review is GET /review?month=[&rep=].
func (s *Server) review(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	m, err := s.monthOf(r)
	if err != nil {
		return err
	}
	p := ReviewPage{Base: s.base(r, "review"), Month: m, Rep: r.URL.Query().Get("rep")}
	p.ActiveNav = "plans"
	if v.Role == user.Rep {
		p.Rep = v.Rep
	}
	if p.Report, err = planning.Attainment(r.Context(), s.store, v.Scope(), m.Start, s.today(), p.Rep); err != nil {
		return err
	}
	if p.Rep != "" {
		if p.Customers, err = s.reviewLines(r, m, user.Scope{Rep: p.Rep}, p.Report); err != nil {
			return err
		}
	}
	return s.render(w, http.StatusOK, "review", "", p)
}

// reviewLines are the customers of one rep (sc, a rep's scope, checked by
// planning.Attainment to be within the viewer's) that had a plan or paid
// in the month, plans first.
func (s *Server) reviewLines(r *http.Request, m Month, sc user.Scope, rep planning.Report) ([]ReviewLine, error) {
	ps, err := s.store.Plans(r.Context(), sc, m.Start, "")
	if err != nil {
		return nil, err
	}
	paid := map[string]money.Amount{}
	var names []string
	if rep.AsOf >= m.Start {
		cps, err := s.store.PaidBetween(r.Context(), sc, m.Start, rep.AsOf)
		if err != nil {
			return nil, err
		}
		for _, c := range cps {
			paid[c.Customer] = c.Amount
			names = append(names, c.Customer)
		}
	}
	calls, err := s.store.Calls(r.Context(), store.CallFilter{Scope: sc, From: m.Start, To: m.Start.MonthEnd(), Limit: reviewCallLimit})
	if err != nil {
		return nil, err
	}
	excuses := map[string][]store.CallRow{}
	for _, c := range calls {
		if c.Disposition == followup.ReachedExcuse {
			excuses[c.Customer] = append(excuses[c.Customer], c)
		}
	}
	var out []ReviewLine
	seen := map[string]bool{}
	over := s.today() > m.Start.MonthEnd()
	for _, p := range ps {
		l := ReviewLine{Customer: p.Customer, Name: p.CustomerName, Status: p.Status, Asked: p.Asked, Collected: paid[p.Customer], Excuses: excuses[p.Customer]}
		if p.Status == plan.Agreed {
			l.Committed = p.Committed
		}
		if l.Committed > 0 {
			rate := float64(l.Collected) / float64(l.Committed)
			l.Rate = &rate
		}
		short := l.Collected < max(l.Committed, l.Asked)
		l.Miss, l.Behind = short && over, short && !over
		for _, ms := range p.Milestones {
			if ms.Status == commitment.Broken || ms.Status == commitment.PartlyKept {
				l.Broken = append(l.Broken, ms)
			}
		}
		out, seen[p.Customer] = append(out, l), true
	}
	var rest []string
	for _, c := range names {
		if !seen[c] {
			rest = append(rest, c)
		}
	}
	if len(rest) == 0 {
		return out, nil
	}
	rows, _, err := s.store.Customers(r.Context(), store.CustomerFilter{Scope: sc, Today: s.today(), Limit: reviewCustomerLimit, NoTotal: true})
	if err != nil {
		return nil, err
	}
	nameOf := make(map[string]string, len(rows))
	for _, c := range rows {
		nameOf[c.Code] = c.Name
	}
	for _, c := range rest {
		name := nameOf[c]
		if name == "" {
			name = c
		}
		out = append(out, ReviewLine{Customer: c, Name: name, Collected: paid[c], Excuses: excuses[c]})
	}
	return out, nil
}
