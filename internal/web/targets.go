package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
)

// TargetsPage is the form of a month's targets: one amount per rep the
// viewer may set (a manager's team, an admin's every rep).
type TargetsPage struct {
	Base
	Month
	Rows  []TargetRow
	Saved bool
	Error string // a problem with the form as a whole
}

// TargetRow is one rep's line of the targets form: the stored target, the
// value shown in its input (what was typed, after a mistake) and what was
// wrong with it.
type TargetRow struct {
	store.Target
	Value string
	Error string
}

// targets is GET /targets?month=, for managers and admins.
func (s *Server) targets(w http.ResponseWriter, r *http.Request) error {
	m, err := s.monthOf(r)
	if err != nil {
		return err
	}
	p, err := s.targetsPage(r, m)
	if err != nil {
		return err
	}
	p.Saved = r.URL.Query().Get("saved") == "1"
	return s.render(w, http.StatusOK, "targets", "", p)
}

func (s *Server) targetsPage(r *http.Request, m Month) (TargetsPage, error) {
	ts, err := s.store.Targets(r.Context(), viewerOf(r.Context()).Scope(), m.Start)
	if err != nil {
		return TargetsPage{}, err
	}
	p := TargetsPage{Base: s.base(r, "targets"), Month: m}
	p.ActiveNav = "plans"
	for _, t := range ts {
		row := TargetRow{Target: t}
		if t.Set {
			row.Value = t.Amount.String()
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// saveTargets is POST /targets: every changed row of the form is set, in
// one request. Every amount is checked first, so a mistake in one row
// sets none and shows the form again with the row's problem; an amount
// left empty for a rep without a target sets nothing.
func (s *Server) saveTargets(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	month, err := plan.ParseMonth(r.PostFormValue("month"))
	if err != nil {
		return &invalidParam{"month", err.Error()}
	}
	m := Month{Month: plan.MonthKey(month), Prev: plan.MonthKey(month.AddMonths(-1)), Next: plan.MonthKey(month.AddMonths(1)), Start: month}
	p, err := s.targetsPage(r, m)
	if err != nil {
		return err
	}
	stored := map[string]int{}
	for i, row := range p.Rows {
		stored[row.Rep] = i
	}
	reps, values := r.PostForm["rep"], r.PostForm["amount"]
	if len(reps) != len(values) {
		return &invalidParam{"amount", "one amount for each rep"}
	}
	type change struct {
		rep    string
		amount money.Amount
	}
	var changes []change
	bad := false
	for i, rep := range reps {
		at, ok := stored[rep]
		if !ok {
			return errs.ErrNotFound // a rep the viewer does not see or may not set
		}
		row := &p.Rows[at]
		row.Value = strings.TrimSpace(values[i])
		if row.Value == "" && !row.Set {
			continue
		}
		a, err := money.Parse(row.Value)
		var inv errs.Invalid
		if err != nil {
			inv.AddCode(0, "target", errs.CodeNumber, "%v", err)
		} else {
			plan.CheckTarget(&inv, 0, month, a)
		}
		if inv.Err() != nil {
			row.Error, bad = p.Lang.Problem(&inv), true
			continue
		}
		if !row.Set || a != row.Amount {
			changes = append(changes, change{rep, a})
		}
	}
	if bad {
		return s.render(w, http.StatusBadRequest, "targets", "", p)
	}
	for _, c := range changes {
		if _, err := s.store.SetTarget(r.Context(), actorOf(r), v.Scope(), month, c.rep, c.amount); err != nil {
			var inv *errs.Invalid
			if errors.As(err, &inv) {
				p.Error = p.Lang.Problem(inv)
				return s.render(w, http.StatusBadRequest, "targets", "", p)
			}
			return err
		}
	}
	http.Redirect(w, r, "/targets?saved=1&month="+url.QueryEscape(m.Month), http.StatusSeeOther)
	return nil
}
