package api

import (
	"net/http"

	"huikuan/internal/export"
	"huikuan/internal/scorecard"
	"huikuan/internal/user"
)

// scorecardReport answers the six-habit scorecard of a month (?month=,
// this month by default) for the reps the user sees — a rep themself, a
// manager their team, an admin everyone — narrowed to one ?rep=, in
// ?lang= (zh or en; else Accept-Language, else zh); ?format=xlsx|csv
// downloads its tables.
func (s *Server) scorecardReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	today := s.today()
	month := q.month("month", today.MonthStart())
	if err := q.bad.Err(); err != nil {
		return err
	}
	if _, err := exportFormat(r); err != nil {
		return err // a bad ?format= before any work
	}
	sc, err := scorecard.Narrow(r.Context(), s.store, u.Scope(), q.str("rep"), "", today)
	if err != nil {
		return err
	}
	lang := exportLang(r)
	card, err := scorecard.Month(r.Context(), s.store, sc, month, today, lang)
	if err != nil {
		return err
	}
	return s.writeReport(w, r, "scorecard-"+card.Month, card, func() []export.Table { return card.Tables(lang) })
}
