package api

import (
	"net/http"
	"strconv"

	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/export"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

func commitmentView(c store.CommitmentRow) Commitment {
	v := Commitment{ID: c.ID, Customer: c.Customer, Amount: c.Commitment.Amount, Date: c.Due, Made: c.Made, Contact: c.Contact,
		SupportKind: c.SupportKind, Support: c.Support, CreatedBy: c.CreatedBy, Status: string(c.Status), Fulfilled: c.Fulfilled, Credibility: credibilityView(c.Credibility), CallID: c.CallID, PlanID: c.PlanID}
	if c.DecidedOn != 0 {
		d := c.DecidedOn
		v.DecidedOn = &d
	}
	return v
}

func (s *Server) createCommitment(w http.ResponseWriter, r *http.Request, u user.User) error {
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in CommitmentInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		n := store.NewCommitment{Customer: in.Customer, Amount: in.Amount, Due: date(&bad, "date", in.Date), Made: date(&bad, "made_on", in.Made),
			Contact: in.Contact, SupportKind: in.SupportKind, Support: in.Support, IdempotencyKey: r.Header.Get("Idempotency-Key")}
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		if n.Made == 0 {
			n.Made = s.today()
		}
		c, err := s.store.CreateCommitment(r.Context(), *actor(u), u.Scope(), n)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, commitmentView(c), nil
	})
}

func (s *Server) listCommitments(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	f := store.CommitmentFilter{Scope: u.Scope(), Customer: q.str("customer"), Status: commitment.Status(q.str("status")), WithReasons: true}
	switch f.Status {
	case "", commitment.Open, commitment.Kept, commitment.PartlyKept, commitment.Broken, commitment.Cancelled:
	default:
		q.bad.Add(0, "status", "status must be open, kept, partly_kept, broken or cancelled")
	}
	if err := q.bad.Err(); err != nil {
		return err
	}
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	if format != "" {
		rows, err := tables.AllCommitments(r.Context(), s.store, f)
		if err != nil {
			return err
		}
		return s.writeReport(w, r, "commitments-"+s.today().String(), nil, func() []export.Table { return tables.Commitments(rows, exportLang(r)) })
	}
	rows, err := s.store.Commitments(r.Context(), f)
	if err != nil {
		return err
	}
	out := List[Commitment]{Items: []Commitment{}}
	for _, c := range rows {
		out.Items = append(out.Items, commitmentView(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) commitmentByID(r *http.Request, u user.User) (store.CommitmentRow, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.CommitmentRow{}, errs.ErrNotFound
	}
	rows, err := s.store.Commitments(r.Context(), store.CommitmentFilter{Scope: u.Scope(), ID: id, WithReasons: true})
	if err != nil {
		return store.CommitmentRow{}, err
	}
	if len(rows) == 0 {
		return store.CommitmentRow{}, errs.ErrNotFound
	}
	return rows[0], nil
}

func (s *Server) getCommitment(w http.ResponseWriter, r *http.Request, u user.User) error {
	c, err := s.commitmentByID(r, u)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, commitmentView(c))
}

func (s *Server) cancelCommitment(w http.ResponseWriter, r *http.Request, u user.User) error {
	c, err := s.commitmentByID(r, u)
	if err != nil {
		return err
	}
	if err := s.store.CancelCommitment(r.Context(), *actor(u), u.Scope(), c.ID); err != nil {
		return err
	}
	c, err = s.commitmentByID(r, u)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, commitmentView(c))
}
