package web

import (
	"net/http"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/store"
	"huikuan/internal/tables"
)

// ledgerExport is GET /ledger/KIND.FORMAT[?from=D&to=D&rep=CODE], KIND
// customers, invoices or payments and FORMAT csv or xlsx, admin only (it is the whole
// ledger): the records in the canonical import columns, which `huikuan
// import` reads back unchanged (tables.LedgerRecords, as the CLI's export).
func (s *Server) ledgerExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.DocFilter{Scope: tables.LedgerScope(q.Get("rep"))}
	for _, p := range []struct {
		name string
		d    *civil.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(p.name); v != "" {
			d, err := civil.Parse(v)
			if err != nil {
				return &invalidParam{p.name, err.Error()}
			}
			*p.d = d
		}
	}
	kind, format, _ := strings.Cut(r.PathValue("file"), ".")
	ts, ok, err := tables.LedgerRecords(r.Context(), s.store, kind, f)
	if err != nil {
		return err
	}
	if !ok {
		return &invalidParam{"file", "want customers, invoices or payments, then .csv or .xlsx"}
	}
	return s.download(w, r, format, kind, ts...)
}
