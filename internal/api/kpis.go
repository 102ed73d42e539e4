package api

import (
	"net/http"

	"huikuan/internal/export"
	"huikuan/internal/scorecard"
	"huikuan/internal/user"
)

// kpiReport answers the collection KPIs of a period (from..to, by default
// this month so far) for the customers the user sees, narrowed to one rep
// or team.
func (s *Server) kpiReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	today := s.today()
	from, to := q.period(today)
	q.span(from, to)
	if err := q.bad.Err(); err != nil {
		return err
	}
	sc, err := scorecard.Narrow(r.Context(), s.store, u.Scope(), q.str("rep"), q.str("team"), today)
	if err != nil {
		return err
	}
	k, err := scorecard.Period(r.Context(), s.store, sc, from, to)
	if err != nil {
		return err
	}
	return s.writeReport(w, r, "kpis-"+from.String()+"-"+to.String(), k, func() []export.Table {
		return []export.Table{scorecard.KPITable(exportLang(r), k)}
	})
}
