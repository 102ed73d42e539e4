package web

// DASH STUB of the export helper's download.go (notes/contract.md), until
// it lands; deleted by the merge that brings it.

import (
	"net/http"

	"huikuan/internal/export"
)

func (s *Server) download(w http.ResponseWriter, r *http.Request, format, filename string, tables ...export.Table) error {
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`.csv"`)
		return export.WriteCSV(w, tables[0])
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`.xlsx"`)
		return export.WriteXLSX(w, tables...)
	}
	return &invalidParam{"format", "want xlsx or csv"}
}
