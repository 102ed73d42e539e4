package web

import (
	"net/http"

	"huikuan/internal/store"
)

// AuditPage is the data of the audit log page.
type AuditPage struct {
	Base
	Entries []store.AuditEntry
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.store.Audit(r.Context(), 200)
	if err != nil {
		return err
	}
	p := AuditPage{Base: s.base(r, "audit"), Entries: entries}
	p.ActiveNav = "settings"
	return s.render(w, http.StatusOK, "audit", "", p)
}
