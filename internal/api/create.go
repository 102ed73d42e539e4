package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

const maxBody = 1 << 20

// decode reads a JSON body strictly: unknown fields and trailing data are
// errors naming what is wrong, and so is a body that is not UTF-8, which
// encoding/json would quietly store as U+FFFD.
func decode(body []byte, v any) error {
	if !utf8.Valid(body) {
		return &errs.Invalid{Fields: []errs.FieldError{{Message: "the body is not valid UTF-8"}}}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		field := ""
		if errors.As(err, &te) {
			field = te.Field
		} else if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			field = strings.Trim(f, `"`)
		}
		return &errs.Invalid{Fields: []errs.FieldError{{Field: field, Message: "the body is not valid JSON for this request: " + err.Error()}}}
	}
	if dec.More() {
		return &errs.Invalid{Fields: []errs.FieldError{{Message: "the body has data after the JSON object"}}}
	}
	return nil
}

// idempotent runs a create once per Idempotency-Key: a retry with the same
// key and body gets the first response again, a reuse of the key for
// another body is refused (422), also while the first runs. Without a key
// the create runs; creating a record that exists with the same content is
// itself harmless.
//
// The key is reserved (a pending row) before the create runs. A duplicate
// arriving while the first runs in this process waits for its answer and
// replays it (or, after idempotencyWait, is told 409). A key left pending
// by a process that stopped before it answered (or that another instance
// runs) is run again: so create must be idempotent by itself, in its own
// transaction — the same body must find the record it wrote (payments,
// invoices and customers by number or code, calls and promises by a ref
// made from the key) — and it writes each record exactly once however
// often it runs.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, u user.User, create func(body []byte) (int, any, error)) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return &httpError{http.StatusRequestEntityTooLarge, "the body is larger than 1 MiB"}
	}
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		status, v, err := create(body)
		if err != nil {
			return err
		}
		return writeJSON(w, status, v)
	}
	if len(key) > 200 {
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "Idempotency-Key", Message: "at most 200 characters"}}}
	}
	sum := sha256.Sum256([]byte(r.Method + " " + r.URL.Path + "\n" + string(body)))
	req := hex.EncodeToString(sum[:])
	for range 3 {
		mine, running := s.flights.start(u.ID, key, req)
		if mine != nil {
			return s.runOnce(w, r, u, key, req, mine, func() (int, any, error) { return create(body) })
		}
		if running.request != req {
			return anotherUsage
		}
		if err := running.wait(r.Context()); err != nil {
			return err
		}
		if held, ok, err := s.store.IdempotentResponse(r.Context(), u.ID, key); err != nil {
			return err
		} else if ok && !held.Pending() {
			return replay(w, held, req)
		}
		// The first failed: the key is free, or pending for a retry.
	}
	return inProgress
}

// runOnce runs the create of a request holding its key in this process:
// it reserves the key, or replays the answer stored for it, and stores
// the create's answer.
func (s *Server) runOnce(w http.ResponseWriter, r *http.Request, u user.User, key, req string, mine *flight, create func() (int, any, error)) error {
	defer s.flights.end(u.ID, key, mine)
	held, reserved, err := s.store.ReserveIdempotencyKey(r.Context(), u.ID, key, req)
	if err != nil {
		return err
	}
	if !reserved && (held.Request != req || !held.Pending()) {
		return replay(w, held, req)
	}
	// Reserved now, or left pending by a process that stopped before it
	// answered: the create finds what that one wrote, if anything.
	status, v, err := create()
	// The answer is stored even when the client has gone: its retry gets it.
	ctx := context.WithoutCancel(r.Context())
	if err != nil {
		if nothingWritten(err) {
			err = errors.Join(err, s.store.ReleaseIdempotencyKey(ctx, u.ID, key, req))
		}
		return err
	}
	out, err := json.Marshal(v)
	if err != nil {
		return err
	}
	saved, err := s.store.SaveIdempotentResponse(ctx, u.ID, key, store.StoredResponse{Request: req, Status: status, Body: out})
	if err != nil {
		return err
	}
	if !saved { // another instance answered first: its answer stands
		done, _, err := s.store.IdempotentResponse(ctx, u.ID, key)
		if err != nil {
			return err
		}
		return replay(w, done, req)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(append(out, '\n'))
	return err
}

// replay answers a request with the answer stored for its key, or refuses
// it when the key was used for another request.
func replay(w http.ResponseWriter, done store.StoredResponse, req string) error {
	if done.Request != req {
		return anotherUsage
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(done.Status)
	_, err := w.Write(append(done.Body, '\n'))
	return err
}

func actor(u user.User) *store.Actor { return &store.Actor{UserID: u.ID, Name: u.Login} }

// scopeOf is the scope a write by u speaks of: problems with records
// outside it are told as for records that do not exist.
func scopeOf(u user.User) *user.Scope {
	sc := u.Scope()
	return &sc
}

// status is 201 when the batch created something, 200 when the record was
// already there with the same content.
func status(c store.Counts) int {
	if c.Created > 0 {
		return http.StatusCreated
	}
	return http.StatusOK
}

func (s *Server) createCustomer(w http.ResponseWriter, r *http.Request, u user.User) error {
	if !u.Role.KeepsBooks() {
		return errs.ErrForbidden
	}
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in CustomerInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		c := in.customer()
		var bad errs.Invalid
		ledger.CheckCustomer(c, 0, &bad)
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		res, err := s.store.Apply(r.Context(), store.Batch{Customers: []ledger.Customer{c}, Actor: actor(u), AuditRecords: true})
		if err != nil {
			return 0, nil, err
		}
		row, err := s.store.CustomerRow(r.Context(), c.Code, u.Scope(), s.today())
		return status(res.Customers), customerView(row, s.today()), err
	})
}

// visible refuses a customer the user may not see as if it did not exist.
func (s *Server) visible(r *http.Request, u user.User, code string) error {
	if u.Scope().All || code == "" {
		return nil
	}
	if _, err := s.store.CustomerRow(r.Context(), code, u.Scope(), s.today()); errors.Is(err, errs.ErrNotFound) {
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "customer", Message: "unknown customer " + code}}}
	} else if err != nil {
		return err
	}
	return nil
}

func (s *Server) createInvoice(w http.ResponseWriter, r *http.Request, u user.User) error {
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in InvoiceInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		inv := ledger.Invoice{Number: in.Number, Customer: in.Customer, Issue: date(&bad, "issue_date", in.IssueDate), Due: date(&bad, "due_date", in.DueDate), Amount: in.Amount, Electronic: in.Electronic}
		bad.Also(func(more *errs.Invalid) { ledger.CheckInvoice(inv, 0, more) })
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		if err := s.visible(r, u, inv.Customer); err != nil {
			return 0, nil, err
		}
		res, err := s.store.Apply(r.Context(), store.Batch{Invoices: []ledger.Invoice{inv}, Actor: actor(u), AuditRecords: true, Scope: scopeOf(u)})
		if err != nil {
			return 0, nil, withoutRows(err)
		}
		rows, err := s.store.Invoices(r.Context(), store.DocFilter{Scope: u.Scope(), Number: inv.Number, Limit: 1})
		if err != nil || len(rows) == 0 {
			return 0, nil, errors.Join(err, errs.ErrNotFound)
		}
		return status(res.Invoices), invoiceView(rows[0]), nil
	})
}

func (s *Server) createPayment(w http.ResponseWriter, r *http.Request, u user.User) error {
	return s.idempotent(w, r, u, func(body []byte) (int, any, error) {
		var in PaymentInput
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		var bad errs.Invalid
		p := ledger.Payment{Number: in.Number, Customer: in.Customer, Date: date(&bad, "date", in.Date), Amount: in.Amount, Invoices: in.Invoices}
		bad.Also(func(more *errs.Invalid) { ledger.CheckPayment(p, 0, more) })
		if err := bad.Err(); err != nil {
			return 0, nil, err
		}
		if err := s.visible(r, u, p.Customer); err != nil {
			return 0, nil, err
		}
		res, err := s.store.Apply(r.Context(), store.Batch{Payments: []ledger.Payment{p}, Actor: actor(u), AuditRecords: true, Scope: scopeOf(u)})
		if err != nil {
			return 0, nil, withoutRows(err)
		}
		rows, err := s.store.Payments(r.Context(), store.DocFilter{Scope: u.Scope(), Number: p.Number, Limit: 1})
		if err != nil || len(rows) == 0 {
			return 0, nil, errors.Join(err, errs.ErrNotFound)
		}
		return status(res.Payments), paymentView(rows[0]), nil
	})
}

// date parses a date field; an empty one is left for the record's checks.
func date(bad *errs.Invalid, field, v string) civil.Date {
	if v == "" {
		return 0
	}
	d, err := civil.Parse(v)
	if err != nil {
		bad.Add(0, field, "%v", err)
	}
	return d
}

// withoutRows drops the row numbers the store gives a one-record batch.
func withoutRows(err error) error {
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		for i := range inv.Fields {
			inv.Fields[i].Row = 0
		}
	}
	return err
}
