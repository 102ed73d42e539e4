package web

import (
	"errors"
	"net/http"
	"strings"

	"huikuan/internal/errs"
	"huikuan/internal/excuse"
)

// PlaybookRow is one category's counters in the settings editor.
type PlaybookRow struct {
	Category excuse.Category
	Zh, En   string
}

// playbookRows are the rows of a playbook, in the categories' order.
func playbookRows(p excuse.Playbook) []PlaybookRow {
	rows := make([]PlaybookRow, len(excuse.Categories))
	for i, c := range excuse.Categories {
		rows[i] = PlaybookRow{c, p[c].Zh, p[c].En}
	}
	return rows
}

// savePlaybook saves the admin's counters. A counter naming a fact that
// does not exist is refused with the fact's name, and the editor shows
// again what was typed.
func (s *Server) savePlaybook(w http.ResponseWriter, r *http.Request) error {
	p := excuse.Playbook{}
	for _, c := range excuse.Categories {
		p[c] = excuse.Counter{Zh: strings.TrimSpace(r.PostFormValue("zh." + string(c))), En: strings.TrimSpace(r.PostFormValue("en." + string(c)))}
	}
	err := s.store.SetPlaybook(r.Context(), actorOf(r), p)
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		page, perr := s.settingsPage(r)
		if perr != nil {
			return perr
		}
		page.Error, page.Playbook = err.Error(), playbookRows(p)
		return s.render(w, http.StatusBadRequest, "settings", "", page)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?saved=1#playbook", http.StatusSeeOther)
	return nil
}
