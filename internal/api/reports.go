package api

import (
	"net/http"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/user"
)

// credibilityReport is the honest evaluation of the credibility model over
// the installation (admins and managers).
func (s *Server) credibilityReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	if u.Role == user.Rep {
		return errs.ErrForbidden
	}
	q := &query{r: r}
	from, to := q.date("from"), q.date("to")
	if err := q.bad.Err(); err != nil {
		return err
	}
	if to == 0 {
		to = s.today()
	}
	hs, err := s.store.CommitmentHistories(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, commitment.Evaluate(hs, from, to))
}

// forecastReport forecasts a month's collections from the customers the
// user sees.
func (s *Server) forecastReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	today := s.today()
	start := today.MonthStart()
	if m := q.str("month"); m != "" {
		d, err := civil.Parse(m + "-01")
		if err != nil {
			q.bad.Add(0, "month", "want YYYY-MM")
		}
		start = d
	}
	asOf := q.date("as_of")
	if asOf == 0 {
		asOf = min(today, start.MonthEnd())
	}
	if asOf < start || asOf > start.MonthEnd() {
		q.bad.Add(0, "as_of", "as_of must be in the month")
	}
	if err := q.bad.Err(); err != nil {
		return err
	}
	hs, err := s.store.ScopedHistories(r.Context(), u.Scope())
	if err != nil {
		return err
	}
	daily, first, err := s.store.DailyReceipts(r.Context(), u.Scope())
	if err != nil {
		return err
	}
	all, err := s.store.CommitmentHistories(r.Context())
	if err != nil {
		return err
	}
	// The model learns from the whole installation, what was settled
	// before the month; it scores the user's own commitments.
	f := commitment.MakeForecast(hs, daily, first, asOf, commitment.Train(all, start), start.MonthEnd() < today)
	return writeJSON(w, http.StatusOK, f)
}
