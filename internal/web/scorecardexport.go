package web

import (
	"net/http"

	"huikuan/internal/export"
	"huikuan/internal/scorecard"
)

// scorecardExport is GET /scorecard/export?what=card|kpis&format=xlsx|csv
// &month=YYYY-MM[&team=|&rep=]: the month's six-habit scorecard
// (scorecard.Card.Tables) or the KPIs of the twelve months the page shows,
// a row a month (scorecard.KPITable), for the scope the page showed,
// through the one download helper.
func (s *Server) scorecardExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, sc, err := s.scorecardBase(r, q.Get("team"), q.Get("rep"))
	if err != nil {
		return err
	}
	var tables []export.Table
	var name string
	switch q.Get("what") {
	case "card":
		card, err := s.dashCard(r.Context(), sc, p.Start, string(p.Lang))
		if err != nil {
			return err
		}
		tables, name = card.Tables(string(p.Lang)), "scorecard-"+p.Month.Month
	case "kpis":
		trend, err := s.dashTrend(r.Context(), sc, p.Start)
		if err != nil {
			return err
		}
		tables, name = []export.Table{scorecard.KPITable(string(p.Lang), trend...)}, "kpis-"+p.Month.Month
	default:
		return &invalidParam{"what", "want card or kpis"}
	}
	return s.download(w, r, q.Get("format"), name, tables...)
}
