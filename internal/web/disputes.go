package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/tables"
)

// DisputesPage is the data of the disputes page: the open disputes of the
// customers the viewer sees, oldest first, with a summary by owner; for
// one customer (?customer=C) also the form that carves disputes out of
// its open invoices. Only an admin (finance) gets the resolve forms.
type DisputesPage struct {
	Base
	Customer     string // one customer's disputes, or "" for all
	CustomerName string
	Owner        string // only this owner's ("-" for the unassigned), or "" for all
	Owners       []OwnerLine
	Disputes     []store.DisputeRow
	Total        money.Amount
	CanResolve   bool
	Resolutions  []ledger.Resolution
	// The carve-out form, for one customer.
	Reasons  []excuse.Category
	Admins   []string // the logins a dispute may be given to
	Invoices []OpenInvoice
	Form     DisputeForm
	Error    string
}

// OwnerLine sums the open disputes of one owner ("" for unassigned).
type OwnerLine struct {
	Owner      string
	Count      int
	Amount     money.Amount
	OldestDays int
}

// OpenInvoice is an invoice of the customer that still has an amount not
// in dispute, with what the form holds for it.
type OpenInvoice struct {
	Number string
	Due    civil.Date
	Free   money.Amount // open and not yet held in dispute
	Amount string       // the yuan typed in the form
}

// DisputeForm is what the carve-out form was sent with, shown again with
// a mistake.
type DisputeForm struct {
	Reason excuse.Category
	Owner  string
	Note   string
}

// disputeReasons are the reasons the carve-out form offers: the excuses
// that lead to a dispute of the part concerned, then other.
func disputeReasons() []excuse.Category {
	var out []excuse.Category
	for _, c := range excuse.Categories {
		if c.Disputable() {
			out = append(out, c)
		}
	}
	return append(out, excuse.Other)
}

func (s *Server) disputes(w http.ResponseWriter, r *http.Request) error {
	p, err := s.disputesPage(r, r.URL.Query().Get("customer"), nil)
	if err != nil {
		return err
	}
	if f := downloadFormat(r); f != "" {
		return s.download(w, r, f, "disputes-"+p.Today.String(), tables.Disputes(p.Disputes, string(p.Lang))...)
	}
	return s.render(w, http.StatusOK, "disputes", "", p)
}

// disputesPage loads the page, for one customer when code is set; typed
// is the carve-out form as sent (nil for a fresh one), by invoice.
func (s *Server) disputesPage(r *http.Request, code string, typed map[string]string) (DisputesPage, error) {
	v := viewerOf(r.Context())
	p := DisputesPage{Base: s.base(r, "dispute.page"), Customer: code, Owner: r.URL.Query().Get("owner"), CanResolve: v.Role.KeepsBooks(),
		Resolutions: ledger.Resolutions, Reasons: disputeReasons()}
	p.ActiveNav = "disputes"
	ctx := r.Context()
	if code != "" {
		c, err := s.store.CustomerRow(ctx, code, v.Scope(), s.today())
		if err != nil {
			return p, err
		}
		p.CustomerName = c.Name
		if p.Invoices, err = s.openInvoices(r, code, typed); err != nil {
			return p, err
		}
		if p.Admins, err = s.adminLogins(r); err != nil {
			return p, err
		}
	}
	rows, err := s.store.Disputes(ctx, store.DisputeFilter{Scope: v.Scope(), Customer: code, AsOf: s.today()})
	if err != nil {
		return p, err
	}
	p.Owners = ownerLines(rows)
	for _, d := range rows {
		if p.Owner == "" || d.Owner == p.Owner || p.Owner == "-" && d.Owner == "" {
			p.Disputes = append(p.Disputes, d)
		}
	}
	p.Total = store.DisputedTotal(p.Disputes)
	return p, nil
}

// ownerLines sums rows (oldest first) by owner, in the order of each
// owner's oldest dispute.
func ownerLines(rows []store.DisputeRow) []OwnerLine {
	var out []OwnerLine
	at := map[string]int{}
	for _, d := range rows {
		i, ok := at[d.Owner]
		if !ok {
			i = len(out)
			at[d.Owner] = i
			out = append(out, OwnerLine{Owner: d.Owner, OldestDays: d.AgeDays})
		}
		out[i].Count++
		out[i].Amount += d.Amount
	}
	return out
}

func (s *Server) openInvoices(r *http.Request, code string, typed map[string]string) ([]OpenInvoice, error) {
	ivs, err := s.store.FreeInvoices(r.Context(), viewerOf(r.Context()).Scope(), code)
	if err != nil {
		return nil, err
	}
	var out []OpenInvoice
	for _, iv := range ivs {
		out = append(out, OpenInvoice{Number: iv.Number, Due: iv.Due, Free: iv.Free, Amount: typed[iv.Number]})
	}
	return out, nil
}

func (s *Server) adminLogins(r *http.Request) ([]string, error) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range users {
		if u.Role.KeepsBooks() && !u.Disabled {
			out = append(out, u.Login)
		}
	}
	return out, nil
}

// openDisputes carves disputes out of one or more invoices of a customer
// (fields invoice[] and amount[] in yuan, side by side; rows without an
// amount are skipped; reason, owner, note), all or none, then goes back to
// the page it was sent from (a local Referer) or the customer page. A
// mistake shows the customer's disputes page with the form as sent.
func (s *Server) openDisputes(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	v := viewerOf(r.Context())
	if _, err := s.store.CustomerRow(r.Context(), code, v.Scope(), s.today()); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	o := store.DisputeOpening{Customer: code, Reason: excuse.Category(r.PostFormValue("reason")), Owner: r.PostFormValue("owner"),
		Note: strings.TrimSpace(r.PostFormValue("note")), Opened: s.today()}
	invoices, amounts := r.PostForm["invoice[]"], r.PostForm["amount[]"]
	typed := map[string]string{}
	var bad errs.Invalid
	for i, number := range invoices {
		a := ""
		if i < len(amounts) {
			a = strings.TrimSpace(amounts[i])
		}
		typed[number] = a
		if a == "" {
			continue
		}
		amount, err := money.Parse(a)
		if err != nil {
			bad.AddCode(len(o.Parts)+1, "amount", errs.CodeNumber, "invoice %s: %v", number, err)
		}
		o.Parts = append(o.Parts, store.DisputedPart{Invoice: number, Amount: amount})
	}
	err := bad.Err()
	if err == nil {
		_, err = s.store.OpenDisputes(r.Context(), actorOf(r), v.Scope(), o)
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		p, perr := s.disputesPage(r, code, typed)
		if perr != nil {
			return perr
		}
		p.Form = DisputeForm{Reason: o.Reason, Owner: o.Owner, Note: o.Note}
		p.Error = p.Lang.Problem(inv)
		return s.render(w, http.StatusBadRequest, "disputes", "", p)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, backTo(r, "/customers/"+url.PathEscape(code)), http.StatusSeeOther)
	return nil
}

// backTo is the path and query of the request's Referer when it is a page
// of this server, else fallback.
func backTo(r *http.Request, fallback string) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || !strings.HasPrefix(ref.Path, "/") || strings.HasPrefix(ref.Path, "//") {
		return fallback
	}
	return ref.RequestURI()
}

// resolveDispute ends a dispute with the resolution chosen (admin only,
// the route says), on today, and goes back to the disputes page.
func (s *Server) resolveDispute(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	res := store.DisputeResolution{ID: id, Resolved: s.today(), Resolution: ledger.Resolution(r.PostFormValue("resolution"))}
	if err := s.store.ResolveDisputeAs(r.Context(), actorOf(r), viewerOf(r.Context()).Scope(), res); err != nil {
		return err
	}
	http.Redirect(w, r, backTo(r, "/disputes"), http.StatusSeeOther)
	return nil
}
