// Package api is huikuan's JSON API under /api/v1: the same data and the
// same role rules as the web pages, for other systems. Requests carry an
// API token (Authorization: Bearer …); errors are application/problem+json
// with a field-level errors list; a POST with an Idempotency-Key header is
// answered once and replayed on retry.
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// Server serves the API.
type Server struct {
	store  *store.Store
	log    *slog.Logger
	loc    *time.Location
	now    func() time.Time
	tokens tokenCache
	// flights are the requests with an Idempotency-Key running now.
	flights flights
	// CTISecret signs call-center events (HUIKUAN_CTI_SECRET); without
	// one the webhook is off.
	CTISecret []byte
}

// tokenTTL is how long a token's user is remembered: a machine client
// sends the same token many times a second, and one lookup in the database
// per request was a tenth of the API's time. A token revoked, or a user
// disabled or given a new password, by "huikuan user" (another process,
// whose change this one cannot hear of) may thus keep working in a running
// server for up to this long, and no longer.
const tokenTTL = 5 * time.Second

type cachedUser struct {
	u       user.User
	expires time.Time
}

type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedUser
}

// tokenUser returns the user of a token hash, from the cache or the store.
func (s *Server) tokenUser(ctx context.Context, hash string) (user.User, error) {
	now := s.now()
	s.tokens.mu.Lock()
	c, ok := s.tokens.m[hash]
	s.tokens.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.u, nil
	}
	u, err := s.store.TokenUser(ctx, hash)
	if err != nil {
		return u, err
	}
	go s.touchToken(hash, now)
	s.tokens.mu.Lock()
	if s.tokens.m == nil || len(s.tokens.m) > 10_000 {
		s.tokens.m = map[string]cachedUser{} // forget all rather than grow
	}
	s.tokens.m[hash] = cachedUser{u, now.Add(tokenTTL)}
	s.tokens.mu.Unlock()
	return u, nil
}

// touchToken records when a token was last used (to the minute, for
// "huikuan user token list"), off the request's path: on SQLite it waits
// for the one writer, which an import may hold for seconds.
func (s *Server) touchToken(hash string, now time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.store.TouchAPIToken(ctx, hash, now); err != nil {
		s.log.Warn("recording an API token's use", "err", err)
	}
}

// New returns an API server. now may be nil for the clock.
func New(s *store.Store, log *slog.Logger, loc *time.Location, now func() time.Time) *Server {
	if now == nil {
		now = time.Now
	}
	if loc == nil {
		loc = time.UTC
	}
	return &Server{store: s, log: log, loc: loc, now: now}
}

// route is one endpoint; the same table registers the handlers and is
// checked against the OpenAPI document.
type route struct {
	method, path string
	h            func(w http.ResponseWriter, r *http.Request, u user.User) error
	write        bool // needs a role that may write: admin, manager or finance
}

func (s *Server) routes() []route {
	return []route{
		{"GET", "/api/v1/customers", s.listCustomers, false},
		{"POST", "/api/v1/customers", s.createCustomer, true},
		{"GET", "/api/v1/customers/{code}", s.getCustomer, false},
		{"GET", "/api/v1/customers/{code}/statement", s.statement, false},
		{"GET", "/api/v1/customers/{code}/followup", s.getFollowup, false},
		{"PUT", "/api/v1/customers/{code}/followup", s.setFollowup, true},
		{"GET", "/api/v1/customers/{code}/callsheet", s.callsheet, false},
		{"GET", "/api/v1/invoices", s.listInvoices, false},
		{"POST", "/api/v1/invoices", s.createInvoice, true},
		{"GET", "/api/v1/payments", s.listPayments, false},
		{"POST", "/api/v1/payments", s.createPayment, true},
		{"GET", "/api/v1/reports/aging", s.aging, false},
		{"GET", "/api/v1/reports/credibility", s.credibilityReport, false},
		{"GET", "/api/v1/reports/forecast", s.forecastReport, false},
		{"GET", "/api/v1/reports/paydate", s.paydateReport, false},
		{"GET", "/api/v1/commitments", s.listCommitments, false},
		{"POST", "/api/v1/commitments", s.createCommitment, false},
		{"GET", "/api/v1/commitments/{id}", s.getCommitment, false},
		{"POST", "/api/v1/commitments/{id}/cancel", s.cancelCommitment, false},
		{"GET", "/api/v1/calls", s.listCalls, false},
		{"POST", "/api/v1/calls", s.createCall, false},
		{"POST", "/api/v1/calls/{id}/disposition", s.setDisposition, false},
		{"GET", "/api/v1/worklist", s.worklist, false},
		{"GET", "/api/v1/reports/compliance", s.compliance, false},
		{"GET", "/api/v1/audit", s.audit, false},
		{"GET", "/api/v1/targets", s.listTargets, false},
		{"PUT", "/api/v1/targets/{month}/{rep}", s.setTarget, true},
		{"GET", "/api/v1/plans", s.listPlans, false},
		{"GET", "/api/v1/plans/suggestions", s.listSuggestions, false},
		{"GET", "/api/v1/plans/{month}/{customer}", s.getPlan, false},
		{"PUT", "/api/v1/plans/{month}/{customer}", s.putPlan, false},
		{"POST", "/api/v1/plans/{month}/{customer}/measures", s.addMeasure, false},
		{"PATCH", "/api/v1/measures/{id}", s.patchMeasure, false},
		{"GET", "/api/v1/reports/attainment", s.attainmentReport, false},
		{"GET", "/api/v1/reports/excuses", s.excuseReport, false},
		{"GET", "/api/v1/reports/kpis", s.kpiReport, false},
		{"GET", "/api/v1/reports/scorecard", s.scorecardReport, false},
		{"GET", "/api/v1/disputes", s.listDisputes, false},
		{"POST", "/api/v1/disputes", s.createDisputes, false},
		{"POST", "/api/v1/disputes/{id}/resolve", s.resolveDispute, false},
		{"POST", "/api/v1/imports", s.importFile, true},
	}
}

// Handler returns the API's routes, and the OpenAPI document at
// /api/v1/openapi.json (public, like any API description).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.method+" "+rt.path, s.authed(rt))
	}
	mux.HandleFunc("POST /api/v1/cti/events", s.ctiEvent)
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.problem(w, r, &httpError{http.StatusNotFound, "no such endpoint"})
	})
	return mux
}

// authed checks the bearer token and the role, then runs the handler and
// turns its error into a problem.
func (s *Server) authed(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="huikuan"`)
			s.problem(w, r, &httpError{http.StatusUnauthorized, "an API token is required: Authorization: Bearer <token>"})
			return
		}
		u, err := s.tokenUser(r.Context(), user.HashSecret(token))
		if errors.Is(err, errs.ErrNotFound) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="huikuan", error="invalid_token"`)
			s.problem(w, r, &httpError{http.StatusUnauthorized, "the API token is not valid"})
			return
		} else if err != nil {
			s.problem(w, r, err)
			return
		}
		if rt.write && !u.Role.KeepsBooks() && u.Role != user.Manager {
			s.problem(w, r, errs.ErrForbidden)
			return
		}
		if err := rt.h(w, r, u); err != nil {
			s.problem(w, r, err)
		}
	})
}

func (s *Server) today() civil.Date { return civil.FromTime(s.now().In(s.loc)) }

// httpError is an error with its own status.
type httpError struct {
	status int
	detail string
}

func (e *httpError) Error() string { return e.detail }

// problem writes err as application/problem+json, logging server errors.
// A client that went away (errs.ClientGone, or the request's context
// cancelled) gets nothing and is logged at debug level; a request that ran
// out of its time is a 503, logged as a warning.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, err error) {
	p := Problem{Type: "about:blank", Status: http.StatusInternalServerError}
	var he *httpError
	var inv *errs.Invalid
	switch {
	case errs.ClientGone(err) || errors.Is(r.Context().Err(), context.Canceled):
		s.log.Debug("client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	case errors.Is(err, context.DeadlineExceeded):
		p.Status, p.Detail = http.StatusServiceUnavailable, "the request took too long"
		s.log.Warn("api request took too long", "method", r.Method, "path", r.URL.Path, "err", err)
	case errors.As(err, &he):
		p.Status, p.Detail = he.status, he.detail
	case errors.As(err, &inv):
		p.Status, p.Detail, p.Errors = http.StatusUnprocessableEntity, "the request has invalid fields", inv.Fields
	case errors.Is(err, errs.ErrNotFound):
		p.Status, p.Detail = http.StatusNotFound, err.Error()
	case errors.Is(err, errs.ErrForbidden):
		p.Status, p.Detail = http.StatusForbidden, "your role may not do this"
	case errors.Is(err, errs.ErrConflict):
		p.Status, p.Detail = http.StatusConflict, err.Error()
	default:
		s.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p.Title = http.StatusText(p.Status)
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

//go:embed openapi.json
var openAPI []byte

// Routes lists the served endpoints as "METHOD /path", for the test that
// holds them to the OpenAPI document.
func Routes() []string {
	s := &Server{}
	out := []string{"GET /api/v1/openapi.json", "POST /api/v1/cti/events"}
	for _, r := range s.routes() {
		out = append(out, r.method+" "+r.path)
	}
	return out
}
