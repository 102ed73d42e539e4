package api

import (
	"net/http"
	"strconv"

	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/export"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

// DisputeInput is the body of POST /disputes: parts of one or more
// invoices set aside at once, all or none.
type DisputeInput struct {
	Customer string              `json:"customer"` // optional: every invoice must be this customer's
	Parts    []DisputedPartInput `json:"parts"`
	Reason   string              `json:"reason"`    // an excuse category, or empty
	Owner    string              `json:"owner"`     // login of who must resolve it, or empty
	Note     string              `json:"note"`      //
	Opened   string              `json:"opened_on"` // default today
	CallID   int64               `json:"call_id"`   // the call it was carved out in, or 0
}

// DisputedPartInput is one invoice's disputed part in a DisputeInput.
type DisputedPartInput struct {
	Invoice string       `json:"invoice"`
	Amount  money.Amount `json:"amount"`
}

// ResolutionInput is the body of POST /disputes/{id}/resolve.
type ResolutionInput struct {
	Resolution string `json:"resolution"`
	Resolved   string `json:"resolved_on"` // default today
}

func (s *Server) listDisputes(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	f := store.DisputeFilter{Scope: u.Scope(), Customer: q.str("customer"), AsOf: q.date("date")}
	switch q.str("status") {
	case "", "open":
	case "all":
		f.All = true
	default:
		q.bad.Add(0, "status", "status must be open or all")
	}
	if err := q.bad.Err(); err != nil {
		return err
	}
	if f.AsOf == 0 {
		f.AsOf = s.today()
	}
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	if format != "" {
		f.Limit = tables.MaxRows // the whole list
	}
	rows, err := s.store.Disputes(r.Context(), f)
	if err != nil {
		return err
	}
	out := List[store.DisputeRow]{Items: []store.DisputeRow{}}
	out.Items = append(out.Items, rows...)
	return s.writeReport(w, r, "disputes-"+f.AsOf.String(), out, func() []export.Table { return tables.Disputes(rows, exportLang(r)) })
}

func (s *Server) createDisputes(w http.ResponseWriter, r *http.Request, u user.User) error {
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in DisputeInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		o := store.DisputeOpening{Customer: in.Customer, Reason: excuse.Category(in.Reason), Owner: in.Owner, Note: in.Note,
			Opened: date(&bad, "opened_on", in.Opened), CallID: in.CallID}
		for _, p := range in.Parts {
			o.Parts = append(o.Parts, store.DisputedPart{Invoice: p.Invoice, Amount: p.Amount})
		}
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		if o.Opened == 0 {
			o.Opened = s.today()
		}
		ids, err := s.store.OpenDisputes(r.Context(), *actor(u), u.Scope(), o)
		if err != nil {
			return 0, nil, err
		}
		out := List[store.DisputeRow]{Items: []store.DisputeRow{}}
		for _, id := range ids {
			rows, err := s.store.Disputes(r.Context(), store.DisputeFilter{Scope: u.Scope(), ID: id, AsOf: s.today()})
			if err != nil {
				return 0, nil, err
			}
			out.Items = append(out.Items, rows...)
		}
		return http.StatusCreated, out, nil
	})
}

// resolveDispute ends a dispute: finance's decision, so admin only.
func (s *Server) resolveDispute(w http.ResponseWriter, r *http.Request, u user.User) error {
	if !u.Role.KeepsBooks() {
		return errs.ErrForbidden
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in ResolutionInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		res := store.DisputeResolution{ID: id, Resolution: ledger.Resolution(in.Resolution), Resolved: date(&bad, "resolved_on", in.Resolved)}
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		if res.Resolved == 0 {
			res.Resolved = s.today()
		}
		if err := s.store.ResolveDisputeAs(r.Context(), *actor(u), u.Scope(), res); err != nil {
			return 0, nil, err
		}
		rows, err := s.store.Disputes(r.Context(), store.DisputeFilter{Scope: u.Scope(), ID: id, All: true, AsOf: s.today()})
		if err != nil {
			return 0, nil, err
		}
		if len(rows) == 0 {
			return 0, nil, errs.ErrNotFound
		}
		return http.StatusOK, rows[0], nil
	})
}
