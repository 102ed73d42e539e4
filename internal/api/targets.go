package api

import (
	"errors"
	"net/http"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/plan"
	"huikuan/internal/user"
)

// listTargets is the month's target of every rep the user sees (a rep:
// their own), this month's without month.
func (s *Server) listTargets(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	month := q.month("month", s.today().MonthStart())
	if err := q.bad.Err(); err != nil {
		return err
	}
	ts, err := s.store.Targets(r.Context(), u.Scope(), month)
	if err != nil {
		return err
	}
	out := List[Target]{Items: make([]Target, 0, len(ts))}
	for _, t := range ts {
		out.Items = append(out.Items, targetView(t))
	}
	return writeJSON(w, http.StatusOK, out)
}

// setTarget sets a rep's target for a month (the route lets only admins
// and managers in; the store refuses a manager another team's rep as one
// it does not know). Setting the same amount again changes nothing.
func (s *Server) setTarget(w http.ResponseWriter, r *http.Request, u user.User) error {
	if !u.Role.LeadsReps() {
		return errs.ErrForbidden
	}
	month, err := pathMonth(r)
	if err != nil {
		return err
	}
	rep := r.PathValue("rep")
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in TargetInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		if in.Amount == nil {
			return 0, nil, &errs.Invalid{Fields: []errs.FieldError{{Field: "amount", Code: errs.CodeRequired, Message: "amount is required: the target in minor units, 0 for none"}}}
		}
		t, err := s.store.SetTarget(r.Context(), *actor(u), u.Scope(), month, rep, *in.Amount)
		if err != nil {
			return 0, nil, renameField(err, "target", "amount")
		}
		return http.StatusOK, targetView(t), nil
	})
}

// pathMonth reads the {month} of the path (YYYY-MM) as the month's first
// day, or an *errs.Invalid on "month".
func pathMonth(r *http.Request) (civil.Date, error) {
	var bad errs.Invalid
	m, err := plan.ParseMonth(r.PathValue("month"))
	if err != nil {
		bad.AddCode(0, "month", errs.CodeDate, "want YYYY-MM")
		return 0, bad.Err()
	}
	plan.CheckMonth(&bad, 0, "month", m)
	return m, bad.Err()
}

// renameField renames, in an *errs.Invalid, the field the rules call from
// to the name the request gave it: the target import's column "target"
// is the body's "amount".
func renameField(err error, from, to string) error {
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		for i := range inv.Fields {
			if inv.Fields[i].Field == from {
				inv.Fields[i].Field = to
			}
		}
	}
	return err
}
