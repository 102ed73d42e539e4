package api

import (
	"errors"
	"net/http"
	"strconv"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/export"
	"huikuan/internal/followup"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

func (s *Server) createCall(w http.ResponseWriter, r *http.Request, u user.User) error {
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in CallInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		n := store.NewCall{Customer: in.Customer, At: s.now(), Channel: in.Channel, Direction: in.Direction, Disposition: in.Disposition,
			Notes: in.Notes, AmountAsked: in.AmountAsked, AmountAgreed: in.AmountAgreed, NextFollowup: date(&bad, "next_followup", in.NextFollowup), Ref: in.Ref,
			IdempotencyKey: r.Header.Get("Idempotency-Key"), Excuse: in.Excuse, ExcuseAmount: in.ExcuseAmount}
		if in.At != nil {
			n.At = *in.At
		}
		n.Date = civil.FromTime(n.At.In(s.loc))
		if err := civil.CheckReportDate(n.Date); err != nil { // a day beyond 9999 could not be read back
			bad.AddCode(0, "at", errs.CodeRange, "%v", err)
		}
		if c := in.Commitment; c != nil {
			n.Commitment = &store.NewCommitment{Amount: c.Amount, Due: date(&bad, "commitment.date", c.Date), Contact: c.Contact, SupportKind: c.SupportKind, Support: c.Support}
		}
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		c, err := s.store.LogCall(r.Context(), *actor(u), u.Scope(), n)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, c, nil
	})
}

func (s *Server) listCalls(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	f := store.CallFilter{Scope: u.Scope(), Customer: q.str("customer"), Rep: q.str("rep"), From: q.date("from"), To: q.date("to"),
		Pending: q.str("pending") == "true" || q.str("pending") == "1", Limit: q.limit()}
	if err := q.bad.Err(); err != nil {
		return err
	}
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	if format != "" {
		calls, err := tables.AllCalls(r.Context(), s.store, f)
		if err != nil {
			return err
		}
		return s.writeReport(w, r, "calls-"+s.today().String(), nil, func() []export.Table { return tables.Calls(calls, s.loc, exportLang(r)) })
	}
	calls, err := s.store.Calls(r.Context(), f)
	if err != nil {
		return err
	}
	if calls == nil {
		calls = []store.CallRow{}
	}
	return writeJSON(w, http.StatusOK, List[store.CallRow]{Items: calls})
}

func (s *Server) setDisposition(w http.ResponseWriter, r *http.Request, u user.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in DispositionInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		next := date(&bad, "next_followup", in.NextFollowup)
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		err := s.store.SetDisposition(r.Context(), *actor(u), u.Scope(), id, in.Disposition, in.Notes, next)
		if err != nil && !errors.Is(err, errs.ErrConflict) {
			return 0, nil, err
		}
		c, cerr := s.store.Call(r.Context(), u.Scope(), id)
		if err != nil && (cerr != nil || c.Disposition != in.Disposition) {
			return 0, nil, err // another outcome was given
		}
		// Given now, or the same outcome given before (a retry, maybe
		// after a crash): the call as it stands.
		return http.StatusOK, c, cerr
	})
}

// worklist is a rep's ranked call list: a rep's own; a manager or admin
// names the rep.
func (s *Server) worklist(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	rep, day := q.str("rep"), q.date("date")
	if err := q.bad.Err(); err != nil {
		return err
	}
	if u.Role == user.Rep {
		if rep != "" && rep != u.Rep {
			return errs.ErrForbidden
		}
		rep = u.Rep
	}
	if rep == "" {
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "rep", Message: "name the rep whose list to show"}}}
	}
	if day == 0 {
		day = s.today()
	}
	items, err := s.store.Worklist(r.Context(), u.Scope(), rep, day)
	if err != nil {
		return err
	}
	if items == nil {
		items = []followup.Item{}
	}
	return writeJSON(w, http.StatusOK, Worklist{Date: day, Items: items, Rep: rep})
}

// compliance is each rep's follow-up compliance over a period (this month
// by default), for managers and admins.
func (s *Server) compliance(w http.ResponseWriter, r *http.Request, u user.User) error {
	if u.Role == user.Rep {
		return errs.ErrForbidden
	}
	q := &query{r: r}
	from, to := q.date("from"), q.date("to")
	if err := q.bad.Err(); err != nil {
		return err
	}
	today := s.today()
	if to == 0 {
		to = today
	}
	if from == 0 {
		from = to.MonthStart()
	}
	c, err := s.store.Compliance(r.Context(), u.Scope(), from, to, today)
	if err != nil {
		return err
	}
	if c == nil {
		c = []store.Compliance{}
	}
	return writeJSON(w, http.StatusOK, ComplianceReport{From: from, Reps: c, To: to})
}

func (s *Server) getFollowup(w http.ResponseWriter, r *http.Request, u user.User) error {
	f, err := s.followup(r, u, r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

// setFollowup gives a customer its own cadence (managers and admins):
// setting the same value again changes nothing, so a retry is harmless.
func (s *Server) setFollowup(w http.ResponseWriter, r *http.Request, u user.User) error {
	if !u.Role.LeadsReps() {
		return errs.ErrForbidden
	}
	code := r.PathValue("code")
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in FollowupInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		if in.CadenceDays == nil {
			return 0, nil, &errs.Invalid{Fields: []errs.FieldError{{Field: "cadence_days", Message: "cadence_days is required: the customer's days between calls, 0 for its tier's"}}}
		}
		if err := s.store.SetCustomerCadence(r.Context(), *actor(u), u.Scope(), code, *in.CadenceDays); err != nil {
			return 0, nil, err
		}
		f, err := s.followup(r, u, code)
		return http.StatusOK, f, err
	})
}

func (s *Server) followup(r *http.Request, u user.User, code string) (Followup, error) {
	fu, err := s.store.CustomerFollowup(r.Context(), u.Scope(), code, s.today())
	return Followup{Customer: code, CadenceDays: fu.Days, Next: fu.Next}, err
}
