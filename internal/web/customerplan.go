package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
)

// PlanSection is this month's plan on a customer's page: the suggestion
// with its basis, the plan form, the milestones' progress and the gap
// measures.
type PlanSection struct {
	Month
	Sug      *plan.Suggestion
	Plan     *store.Plan // nil until one is written
	Form     PlanForm
	Statuses []plan.Status
	Kinds    []plan.MeasureKind
	Measures []MeasureLine
	// MeasureDue and Owner are the add-measure form's defaults.
	MeasureDue, Owner   string
	Error, MeasureError string
}

// PlanForm is the plan form's values: the stored plan's, a new plan's
// defaults, or what was typed when it had a mistake.
type PlanForm struct {
	Asked, Committed string
	Status           plan.Status
	Difficulties     string
	Advantages       string
	DifficultyTags   []Chip
	AdvantageTags    []Chip
	Contact          string
	Rows             []MilestoneForm
}

// Chip is a tag the form offers, tapped on or not.
type Chip struct {
	Tag string
	On  bool
}

// MilestoneForm is one row of the plan form's milestones.
type MilestoneForm struct{ Due, Amount string }

// MeasureLine is a measure with the statuses it may move to.
type MeasureLine struct {
	store.MeasureRow
	Next []plan.MeasureStatus
	// Effect is what the measure brought so far (planning.MeasureEffects).
	Effect plan.Effect
}

// defaultRows is how many milestone rows a new plan's form shows.
const defaultRows = 3

// planSection loads the section of customer row for this month; form,
// when not nil, is what was typed.
func (s *Server) planSection(r *http.Request, row store.CustomerRow, form *PlanForm) (PlanSection, error) {
	v := viewerOf(r.Context())
	today := s.today()
	month := today.MonthStart()
	sec := PlanSection{Month: Month{Month: plan.MonthKey(month), Start: month}, Statuses: plan.Statuses, Kinds: plan.MeasureKinds,
		Owner: v.Name, MeasureDue: min(today.AddDays(7), month.MonthEnd()).String()}
	sg, err := planning.Suggestion(r.Context(), s.store, v.Scope(), month, row.Code)
	if err != nil {
		return sec, err
	}
	sec.Sug = &sg
	p, err := s.store.Plan(r.Context(), v.Scope(), month, row.Code)
	switch {
	case errors.Is(err, errs.ErrNotFound):
	case err != nil:
		return sec, err
	default:
		sec.Plan = &p
		effects, err := planning.MeasureEffects(r.Context(), s.store, v.Scope(), p.Measures, today)
		if err != nil {
			return sec, err
		}
		for _, m := range p.Measures {
			sec.Measures = append(sec.Measures, MeasureLine{MeasureRow: m, Next: measureMoves(m.Status), Effect: effects[m.ID]})
		}
	}
	switch {
	case form != nil:
		sec.Form = *form
	case sec.Plan != nil:
		sec.Form = formOf(sec.Plan.Input())
	default:
		sec.Form = newPlanForm(sg, row.Contact, today)
	}
	return sec, nil
}

// measureMoves are the statuses a measure in status from may move to.
func measureMoves(from plan.MeasureStatus) []plan.MeasureStatus {
	var out []plan.MeasureStatus
	for _, to := range plan.MeasureStatuses {
		if to != from && plan.CheckMeasureMove(from, to) == nil {
			out = append(out, to)
		}
	}
	return out
}

// newPlanForm is the form of a plan not yet written: the suggestion
// asked, the customer's contact, and three weekly milestones from today,
// none after the month's end.
func newPlanForm(sg plan.Suggestion, contact string, today civil.Date) PlanForm {
	f := PlanForm{Status: plan.Draft, Contact: contact, Asked: amountValue(sg.Suggested)}
	end := today.MonthEnd()
	for i := range defaultRows {
		f.Rows = append(f.Rows, MilestoneForm{Due: min(today.AddDays(7*(i+1)), end).String()})
	}
	f.DifficultyTags, f.AdvantageTags = chips(plan.DifficultyTags, nil), chips(plan.AdvantageTags, nil)
	return f
}

// formOf is the form of a stored plan, with at least the default number
// of milestone rows.
func formOf(in plan.Input) PlanForm {
	f := PlanForm{Asked: amountValue(in.Asked), Committed: amountValue(in.Committed), Status: in.Status, Difficulties: in.Difficulties,
		Advantages: in.Advantages, Contact: in.Contact,
		DifficultyTags: chips(plan.DifficultyTags, in.DifficultyTags), AdvantageTags: chips(plan.AdvantageTags, in.AdvantageTags)}
	for _, m := range in.Milestones {
		f.Rows = append(f.Rows, MilestoneForm{Due: m.Due.String(), Amount: amountValue(m.Amount)})
	}
	for len(f.Rows) < defaultRows {
		f.Rows = append(f.Rows, MilestoneForm{})
	}
	return f
}

// chips are the suggested tags, then the chosen ones the suggestions
// lack, each on when chosen.
func chips(suggested, chosen []string) []Chip {
	var out []Chip
	for _, t := range suggested {
		out = append(out, Chip{t, slices.Contains(chosen, t)})
	}
	for _, t := range chosen {
		if !slices.Contains(suggested, t) {
			out = append(out, Chip{t, true})
		}
	}
	return out
}

// amountValue is an amount as a form's input shows it, "" for none.
func amountValue(a money.Amount) string {
	if a == 0 {
		return ""
	}
	return a.String() // no ¥ or separators: what a phone's number pad types
}

// readPlanForm reads the plan form as typed, and the plan it says, with
// the problems of its amounts and dates (named as plan.CheckPlan names
// them). Milestone rows left empty are dropped.
func readPlanForm(r *http.Request) (PlanForm, store.PlanInput, *errs.Invalid) {
	f := PlanForm{Asked: strings.TrimSpace(r.PostFormValue("asked")), Committed: strings.TrimSpace(r.PostFormValue("committed")),
		Status: plan.Status(r.PostFormValue("status")), Difficulties: strings.TrimSpace(r.PostFormValue("difficulties")),
		Advantages: strings.TrimSpace(r.PostFormValue("advantages")), Contact: strings.TrimSpace(r.PostFormValue("contact"))}
	in := store.PlanInput{Status: f.Status, Difficulties: f.Difficulties, Advantages: f.Advantages, Contact: f.Contact,
		DifficultyTags: tagsOf(r, "dtag"), AdvantageTags: tagsOf(r, "atag")}
	f.DifficultyTags, f.AdvantageTags = chips(plan.DifficultyTags, in.DifficultyTags), chips(plan.AdvantageTags, in.AdvantageTags)
	var bad errs.Invalid
	in.Asked = formAmount(&bad, "asked", f.Asked)
	in.Committed = formAmount(&bad, "committed", f.Committed)
	dues, amounts := r.PostForm["ms_due"], r.PostForm["ms_amount"]
	for i := range min(len(dues), len(amounts)) {
		row := MilestoneForm{Due: strings.TrimSpace(dues[i]), Amount: strings.TrimSpace(amounts[i])}
		if row.Amount == "" {
			continue // a row not used; a date alone is the default one
		}
		at := "milestones[" + strconv.Itoa(len(f.Rows)) + "]."
		m := plan.Milestone{Amount: formAmount(&bad, at+"amount", row.Amount)}
		if row.Due != "" {
			d, err := civil.Parse(row.Due)
			if err != nil {
				bad.AddCode(0, at+"due", errs.CodeDate, "%v", err)
			}
			m.Due = d
		}
		f.Rows, in.Milestones = append(f.Rows, row), append(in.Milestones, m)
	}
	for len(f.Rows) < defaultRows {
		f.Rows = append(f.Rows, MilestoneForm{})
	}
	return f, in, &bad
}

// formAmount parses an amount typed in field, 0 for nothing.
func formAmount(bad *errs.Invalid, field, s string) money.Amount {
	if s == "" {
		return 0
	}
	a, err := money.Parse(s)
	if err != nil {
		bad.AddCode(0, field, errs.CodeNumber, "%v", err)
	}
	return a
}

// tagsOf reads the tags tapped on (name) and those typed (name_more,
// separated by commas, either kind, or spaces), each once.
func tagsOf(r *http.Request, name string) []string {
	more := strings.FieldsFunc(r.PostFormValue(name+"_more"), func(c rune) bool { return c == ',' || c == '，' || c == '、' || c == ' ' })
	out := []string{}
	for _, t := range append(slices.Clone(r.PostForm[name]), more...) {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// monthOfForm reads the month a form was shown for.
func monthOfForm(r *http.Request) (civil.Date, error) {
	m, err := plan.ParseMonth(r.PostFormValue("month"))
	if err != nil {
		return 0, &invalidParam{"month", err.Error()}
	}
	return m, nil
}

// savePlan is POST /customers/{code}/plan: the plan form, saved through
// planning.SavePlan. Saving the same form twice (a double tap) changes
// nothing the second time. A mistake shows the page again with the form
// as typed.
func (s *Server) savePlan(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	month, err := monthOfForm(r)
	if err != nil {
		return err
	}
	f, in, bad := readPlanForm(r)
	err = bad.Err()
	if err == nil {
		_, err = planning.SavePlan(r.Context(), s.store, actorOf(r), viewerOf(r.Context()).Scope(), month, code, in, s.today())
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		return s.customerPage(w, r, code, http.StatusBadRequest, problems{plan: langOf(r).Problem(inv), planForm: &f})
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/customers/"+url.PathEscape(code)+"#plan", http.StatusSeeOther)
	return nil
}

// addMeasure is POST /customers/{code}/plan/measures: a gap measure on
// the customer's plan for the month. The form's ref records it once
// however many times it is sent.
func (s *Server) addMeasure(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	month, err := monthOfForm(r)
	if err != nil {
		return err
	}
	n := store.NewMeasure{Kind: plan.MeasureKind(r.PostFormValue("kind")), Owner: strings.TrimSpace(r.PostFormValue("owner")),
		Note: strings.TrimSpace(r.PostFormValue("note")), Ref: r.PostFormValue("ref")}
	var bad errs.Invalid
	n.Expected = formAmount(&bad, "expected", strings.TrimSpace(r.PostFormValue("expected")))
	n.Cost = formAmount(&bad, "cost", strings.TrimSpace(r.PostFormValue("cost")))
	if d := strings.TrimSpace(r.PostFormValue("due")); d != "" {
		if n.Due, err = civil.Parse(d); err != nil {
			bad.AddCode(0, "due", errs.CodeDate, "%v", err)
		}
	}
	if err = bad.Err(); err == nil {
		_, err = s.store.AddMeasure(r.Context(), actorOf(r), viewerOf(r.Context()).Scope(), month, code, n)
		err = refTaken(err)
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		return s.customerPage(w, r, code, http.StatusBadRequest, problems{measure: langOf(r).Problem(inv)})
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/customers/"+url.PathEscape(code)+"#measures", http.StatusSeeOther)
	return nil
}

// setMeasure is POST /measures/{id}: a measure's status button. Tapping
// the status it has already changes nothing.
func (s *Server) setMeasure(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	st := plan.MeasureStatus(r.PostFormValue("status"))
	m, err := s.store.UpdateMeasure(r.Context(), actorOf(r), viewerOf(r.Context()).Scope(), id, store.MeasurePatch{Status: &st})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/customers/"+url.PathEscape(m.Customer)+"#measures", http.StatusSeeOther)
	return nil
}
