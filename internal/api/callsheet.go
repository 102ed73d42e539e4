package api

import (
	"net/http"

	"huikuan/internal/callsheet"
	"huikuan/internal/user"
)

// callsheet is a customer's call sheet on ?date= (default today), its
// counters in ?lang= (zh, the default, or en): callsheet.Make, as the
// sheet page and `huikuan callsheet` show it. A rep reads own customers'
// only; another's is not found.
func (s *Server) callsheet(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	day := q.date("date")
	if day == 0 {
		day = s.today()
	}
	lang := r.URL.Query().Get("lang")
	switch lang {
	case "":
		lang = "zh"
	case "zh", "en":
	default:
		q.bad.Add(0, "lang", "lang must be zh or en")
	}
	if err := q.bad.Err(); err != nil {
		return err
	}
	sh, err := callsheet.Make(r.Context(), s.store, u.Scope(), r.PathValue("code"), day, lang)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sh)
}

// excuseReport is what followed the excuses of ?from= to ?to= (default
// this month to today) of the customers the user sees: callsheet.Excuses.
func (s *Server) excuseReport(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	from, to := q.period(s.today())
	if err := q.bad.Err(); err != nil {
		return err
	}
	rep, err := callsheet.Excuses(r.Context(), s.store, u.Scope(), from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}
