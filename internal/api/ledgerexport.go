package api

import (
	"net/http"

	"huikuan/internal/export"
	"huikuan/internal/store"
	"huikuan/internal/tables"
)

// exportDocs answers GET /api/v1/invoices or /api/v1/payments asked for
// as a file (?format=csv|xlsx or Accept): every document f selects, not
// one page, in the canonical import columns (tables.LedgerRecords, as the
// CLI's and the pages' ledger exports), so the file imports back unchanged.
func (s *Server) exportDocs(w http.ResponseWriter, r *http.Request, kind string, f store.DocFilter) error {
	ts, _, err := tables.LedgerRecords(r.Context(), s.store, kind, f)
	if err != nil {
		return err
	}
	return s.writeReport(w, r, kind, nil, func() []export.Table { return ts })
}
