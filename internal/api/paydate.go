package api

import (
	"net/http"

	"huikuan/internal/errs"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// paydateReport is the pay-date model's evaluation (store.PaydateReport,
// what `huikuan report paydate --format json` prints) over the customers
// the user sees: admins and finance the whole company, a manager the
// team's; reps are refused.
func (s *Server) paydateReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	if u.Role == user.Rep {
		return errs.ErrForbidden
	}
	q := &query{r: r}
	from, to, trainUntil := q.date("from"), q.date("to"), q.date("train_until")
	if err := q.bad.Err(); err != nil {
		return err
	}
	o, err := store.PaydateOptions(s.today(), from, to, trainUntil)
	if err != nil {
		return err
	}
	ev, err := s.store.PaydateReport(r.Context(), u.Scope(), o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ev)
}
