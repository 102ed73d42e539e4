package api

import (
	"net/http"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/forecast"
	"huikuan/internal/user"
)

// credibilityReport is the honest evaluation of the credibility model over
// the installation (admins and managers). Its period is at most
// civil.MaxReportYears long; without from it starts at the first promise,
// no earlier than that before to.
func (s *Server) credibilityReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	if u.Role == user.Rep {
		return errs.ErrForbidden
	}
	q := &query{r: r}
	from, to := q.date("from"), q.date("to")
	if to == 0 {
		to = s.today()
	}
	q.span(from, to)
	if err := q.bad.Err(); err != nil {
		return err
	}
	hs, err := s.store.CommitmentHistories(r.Context())
	if err != nil {
		return err
	}
	ev, err := commitment.Evaluate(r.Context(), hs, from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ev)
}

// span refuses a period from..to longer than a report covers, once both
// dates were read without error; a zero from is the report's default.
func (q *query) span(from, to civil.Date) {
	if len(q.bad.Fields) > 0 || from == 0 {
		return
	}
	if err := civil.CheckReportSpan(from, to); err != nil {
		q.bad.AddCode(0, "from", errs.CodeRange, "%v", err)
	}
}

// period reads from and to: to defaults to today, from to the first of
// to's month, and from may not come after to.
func (q *query) period(today civil.Date) (from, to civil.Date) {
	from, to = q.date("from"), q.date("to")
	if to == 0 {
		to = today
	}
	if from == 0 {
		from = to.MonthStart()
	}
	if len(q.bad.Fields) == 0 && from > to {
		q.bad.Add(0, "from", "from must not be after to")
	}
	return from, to
}

// month reads a YYYY-MM parameter as the month's first day, def when
// absent; a month outside the report dates is refused.
func (q *query) month(name string, def civil.Date) civil.Date {
	m := q.str(name)
	if m == "" {
		return def
	}
	d, err := civil.Parse(m + "-01")
	if err != nil {
		q.bad.AddCode(0, name, errs.CodeDate, "want YYYY-MM")
		return def
	}
	if err := civil.CheckReportDate(d); err != nil {
		q.bad.AddCode(0, name, errs.CodeRange, "%v", err)
		return def
	}
	return d
}

// forecastReport forecasts a month's collections from the customers the
// user sees, by the model forecast.Scorer picks.
func (s *Server) forecastReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	today := s.today()
	start := q.month("month", today.MonthStart())
	asOf := q.date("as_of")
	if asOf == 0 {
		asOf = forecast.AsOf(start, today)
	}
	if len(q.bad.Fields) == 0 && (asOf < start || asOf > start.MonthEnd()) {
		q.bad.Add(0, "as_of", "as_of must be in the month")
	}
	if err := q.bad.Err(); err != nil {
		return err
	}
	f, err := forecast.Month(r.Context(), s.store, u.Scope(), asOf, today)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}
