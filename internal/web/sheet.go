package web

import (
	"html/template"
	"net/http"

	"huikuan/internal/callsheet"
	"huikuan/internal/excuse"
)

// SheetPage is a customer's call sheet (催款提纲): one phone screen to read
// before dialling, with the outcome buttons at its foot.
type SheetPage struct {
	Base
	S           callsheet.Sheet
	LogControls template.HTML
	Once        string
	CallError   string
	// The carve-out form (the disputes page's, on the sheet).
	Invoices []OpenInvoice
	Reasons  []excuse.Category
	Admins   []string
}

func (s *Server) sheet(w http.ResponseWriter, r *http.Request) error {
	return s.sheetPage(w, r, r.PathValue("code"), http.StatusOK, "")
}

// sheetPage renders the sheet of customer code, with the problem of a call
// just logged from it.
func (s *Server) sheetPage(w http.ResponseWriter, r *http.Request, code string, status int, problem string) error {
	v := viewerOf(r.Context())
	p := SheetPage{Base: s.base(r, "callsheet"), CallError: problem}
	var err error
	if p.S, err = callsheet.Make(r.Context(), s.store, v.Scope(), code, s.today(), string(p.Lang)); err != nil {
		return err
	}
	p.Title = p.S.Name + " · " + p.T("callsheet")
	p.LogControls, p.Once = logControls(p.Base), once()
	if p.Invoices, err = s.openInvoices(r, code, nil); err != nil {
		return err
	}
	if p.Admins, err = s.adminLogins(r); err != nil {
		return err
	}
	p.Reasons = disputeReasons()
	return s.render(w, status, "sheet", "", p)
}
