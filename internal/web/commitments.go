package web

import (
	"net/http"

	"huikuan/internal/commitment"
	"huikuan/internal/store"
)

// CommitmentsPage is the data of the commitments page: one view of the
// promises a rep must act on.
type CommitmentsPage struct {
	Base
	View     string   // today, week, broken or plan
	Views    []string // the tabs
	Rep      string
	Reps     []string
	Promises []store.CommitmentRow
}

var commitmentViews = []string{"today", "week", "broken", "plan"}

func (s *Server) commitments(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	today := s.today()
	p := CommitmentsPage{Base: s.base(r, "commitments"), View: r.URL.Query().Get("view"), Views: commitmentViews, Rep: r.URL.Query().Get("rep")}
	p.ActiveNav = "commitments"
	f := store.CommitmentFilter{Scope: v.Scope(), Rep: p.Rep, WithReasons: true, Limit: 200}
	switch p.View {
	case "week":
		f.Status, f.DueFrom, f.DueTo = commitment.Open, today, today.AddDays(6)
	case "broken":
		f.Status, f.DecidedFrom = commitment.Broken, today.AddDays(-30)
	case "plan":
		f.NeedsPlan = true
	default:
		p.View = "today"
		f.Status, f.DueFrom, f.DueTo = commitment.Open, today, today
	}
	var err error
	if p.Promises, err = s.store.Commitments(r.Context(), f); err != nil {
		return err
	}
	if v.Role != "rep" {
		if p.Reps, err = s.store.RepCodes(r.Context(), v.Scope()); err != nil {
			return err
		}
	}
	return s.render(w, http.StatusOK, "commitments", "", p)
}
