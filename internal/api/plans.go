package api

import (
	"fmt"
	"net/http"
	"strconv"

	"huikuan/internal/errs"
	"huikuan/internal/export"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

// listPlans is the month's plans (this month's without month) of the
// customers the user sees, of one rep with rep.
func (s *Server) listPlans(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	month := q.month("month", s.today().MonthStart())
	if err := q.bad.Err(); err != nil {
		return err
	}
	ps, err := s.store.Plans(r.Context(), u.Scope(), month, q.str("rep"))
	if err != nil {
		return err
	}
	effects, err := s.effects(r, u, ps...)
	if err != nil {
		return err
	}
	out := List[Plan]{Items: make([]Plan, 0, len(ps))}
	for _, p := range ps {
		out.Items = append(out.Items, PlanView(p, effects))
	}
	return writeJSON(w, http.StatusOK, out)
}

// listSuggestions is the month's suggested plans of the customers the
// user sees (of one rep with rep; a rep the user does not see is 404), as
// planning.Suggestions makes them for every surface.
func (s *Server) listSuggestions(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	month := q.month("month", s.today().MonthStart())
	if err := q.bad.Err(); err != nil {
		return err
	}
	sgs, err := planning.Suggestions(r.Context(), s.store, u.Scope(), month, q.str("rep"))
	if err != nil {
		return err
	}
	if sgs == nil {
		sgs = []plan.Suggestion{}
	}
	return writeJSON(w, http.StatusOK, List[plan.Suggestion]{Items: sgs})
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request, u user.User) error {
	month, err := pathMonth(r)
	if err != nil {
		return err
	}
	p, err := s.store.Plan(r.Context(), u.Scope(), month, r.PathValue("customer"))
	if err != nil {
		return err
	}
	effects, err := s.effects(r, u, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, PlanView(p, effects))
}

// putPlan saves the whole plan of a customer the user sees, through
// planning.SavePlan (which records the suggestion and its basis). The
// same body again is the same plan: no new promise, no audit entry.
func (s *Server) putPlan(w http.ResponseWriter, r *http.Request, u user.User) error {
	month, err := pathMonth(r)
	if err != nil {
		return err
	}
	customer := r.PathValue("customer")
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in PlanInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		pi, err := in.plan()
		if err != nil {
			return 0, nil, err
		}
		p, err := planning.SavePlan(r.Context(), s.store, *actor(u), u.Scope(), month, customer, pi, s.today())
		if err != nil {
			return 0, nil, err
		}
		effects, err := s.effects(r, u, p)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, PlanView(p, effects), nil
	})
}

// plan converts the body to the rules' input, or an *errs.Invalid naming
// each milestone date that is not one ("milestones[1].due").
func (in PlanInput) plan() (store.PlanInput, error) {
	var bad errs.Invalid
	p := store.PlanInput{Asked: in.Asked, Committed: in.Committed, Status: plan.Status(in.Status), Difficulties: in.Difficulties,
		Advantages: in.Advantages, DifficultyTags: in.DifficultyTags, AdvantageTags: in.AdvantageTags, Contact: in.Contact,
		Milestones: make([]plan.Milestone, len(in.Milestones))}
	for i, m := range in.Milestones {
		p.Milestones[i] = plan.Milestone{Due: date(&bad, fmt.Sprintf("milestones[%d].due", i), m.Due), Amount: m.Amount}
	}
	return p, bad.Err()
}

// addMeasure adds a gap measure to the plan of a customer the user sees
// (a draft plan is made when there is none). A retry with the same
// Idempotency-Key finds the measure it added.
func (s *Server) addMeasure(w http.ResponseWriter, r *http.Request, u user.User) error {
	month, err := pathMonth(r)
	if err != nil {
		return err
	}
	customer := r.PathValue("customer")
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in MeasureInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		n := store.NewMeasure{Kind: plan.MeasureKind(in.Kind), Expected: in.Expected, Owner: in.Owner, Start: date(&bad, "start", in.Start),
			Due: date(&bad, "due", in.Due), Cost: in.Cost, Note: in.Note, IdempotencyKey: r.Header.Get("Idempotency-Key")}
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		m, err := s.store.AddMeasure(r.Context(), *actor(u), u.Scope(), month, customer, n)
		if err != nil {
			return 0, nil, err
		}
		effects, err := planning.MeasureEffects(r.Context(), s.store, u.Scope(), []store.MeasureRow{m}, s.today())
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, measureView(m, effects), nil
	})
}

// patchMeasure changes the given fields of a measure the user sees; its
// status moves by the rules (planned → doing → done | dropped).
func (s *Server) patchMeasure(w http.ResponseWriter, r *http.Request, u user.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return fmt.Errorf("measure %q: %w", r.PathValue("id"), errs.ErrNotFound)
	}
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in MeasurePatch
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		p := store.MeasurePatch{Expected: in.Expected, Owner: in.Owner, Cost: in.Cost, Note: in.Note}
		if in.Status != nil {
			st := plan.MeasureStatus(*in.Status)
			p.Status = &st
		}
		if in.Due != nil {
			d := date(&bad, "due", *in.Due)
			p.Due = &d
		}
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		m, err := s.store.UpdateMeasure(r.Context(), *actor(u), u.Scope(), id, p)
		if err != nil {
			return 0, nil, err
		}
		effects, err := planning.MeasureEffects(r.Context(), s.store, u.Scope(), []store.MeasureRow{m}, s.today())
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, measureView(m, effects), nil
	})
}

// attainmentReport is the month's attainment (this month's without
// month) of the reps the user sees, of one with rep, as
// planning.Attainment makes it for every surface.
func (s *Server) attainmentReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	today := s.today()
	month := q.month("month", today.MonthStart())
	if err := q.bad.Err(); err != nil {
		return err
	}
	rep, err := planning.Attainment(r.Context(), s.store, u.Scope(), month, today, q.str("rep"))
	if err != nil {
		return err
	}
	return s.writeReport(w, r, "attainment-"+rep.Month, rep, func() []export.Table { return tables.Attainment(rep, exportLang(r)) })
}

// effects are the actual effects of the plans' measures, as of today.
func (s *Server) effects(r *http.Request, u user.User, ps ...store.Plan) (map[int64]plan.Effect, error) {
	var ms []store.MeasureRow
	for _, p := range ps {
		ms = append(ms, p.Measures...)
	}
	return planning.MeasureEffects(r.Context(), s.store, u.Scope(), ms, s.today())
}
