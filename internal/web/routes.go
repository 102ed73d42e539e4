package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"huikuan/internal/user"
)

// Handler returns every route of the web interface. The caller adds the
// JSON API under /api/.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /static/", s.serveStatic)
	mux.Handle("GET /login", s.public(s.loginForm))
	mux.Handle("POST /login", s.public(s.login))
	mux.Handle("POST /logout", s.page(s.logout))
	mux.Handle("GET /{$}", s.page(func(w http.ResponseWriter, r *http.Request) error {
		home := "/worklist" // a rep's day starts with the call list; a manager's with the team's
		switch viewerOf(r.Context()).Role {
		case user.Admin:
			home = "/customers"
		case user.Finance:
			home = "/imports"
		}
		http.Redirect(w, r, home, http.StatusSeeOther)
		return nil
	}))
	mux.Handle("GET /worklist", s.page(s.worklist))
	mux.Handle("POST /worklist/calls", s.page(s.logCall))
	mux.Handle("POST /calls/{id}/disposition", s.page(s.setDisposition))
	mux.Handle("POST /worklist/feed", s.page(s.newFeed))
	mux.Handle("GET /calendar/{token}", s.public(s.calendarFeed))
	// A dealer's statement page, by its signed link, without a login.
	mux.Handle("GET /d/{token}", s.public(s.dealerPage))
	mux.Handle("POST /d/{token}/{form}", s.limitBody(64<<10, s.public(s.dealerReply)))
	mux.Handle("GET /customers", s.page(s.customers))
	mux.Handle("GET /customers/{code}", s.page(s.customer))
	mux.Handle("GET /customers/{code}/documents", s.page(s.customerDocuments))
	mux.Handle("GET /customers/{code}/sheet", s.page(s.sheet))
	mux.Handle("POST /customers/{code}/commitments", s.page(s.addCommitment))
	mux.Handle("POST /customers/{code}/commitments/score", s.page(s.scoreCommitment))
	mux.Handle("POST /commitments/{id}/cancel", s.page(s.cancelCommitment))
	mux.Handle("POST /customers/{code}/link", s.page(s.makeLink))
	mux.Handle("POST /customers/{code}/link/revoke", s.page(s.revokeLinks))
	mux.Handle("POST /customers/{code}/cadence", s.page(s.setCadence, user.Admin, user.Manager))
	mux.Handle("GET /commitments", s.page(s.commitments))
	mux.Handle("GET /forecast", s.page(s.forecastPage))
	mux.Handle("GET /forecast/tile", s.page(s.forecastTile))
	mux.Handle("GET /plans", s.page(s.plansPage))
	mux.Handle("GET /targets", s.page(s.targets, user.Admin, user.Manager))
	mux.Handle("POST /targets", s.page(s.saveTargets, user.Admin, user.Manager))
	mux.Handle("POST /customers/{code}/plan", s.page(s.savePlan))
	mux.Handle("POST /customers/{code}/plan/measures", s.page(s.addMeasure))
	mux.Handle("POST /measures/{id}", s.page(s.setMeasure))
	mux.Handle("GET /review", s.page(s.review))
	mux.Handle("GET /disputes", s.page(s.disputes))
	mux.Handle("POST /customers/{code}/disputes", s.page(s.openDisputes))
	mux.Handle("POST /disputes/{id}/resolve", s.page(s.resolveDispute, user.Admin, user.Finance))
	mux.Handle("GET /aging", s.page(s.aging))
	mux.Handle("GET /aging.csv", s.page(s.agingCSV))
	mux.Handle("GET /settings", s.page(s.settings, user.Admin))
	mux.Handle("POST /settings/buckets", s.page(s.saveBuckets, user.Admin))
	mux.Handle("POST /settings/calendar", s.page(s.saveCalendar, user.Admin))
	mux.Handle("POST /settings/cadence", s.page(s.saveCadence, user.Admin))
	mux.Handle("POST /settings/playbook", s.page(s.savePlaybook, user.Admin))
	mux.Handle("POST /settings/users", s.page(s.addUser, user.Admin))
	mux.Handle("POST /settings/notify", s.page(s.saveNotify, user.Admin))
	mux.Handle("POST /settings/team-channels", s.page(s.setTeamChannel, user.Admin))
	mux.Handle("POST /settings/team-channels/remove", s.page(s.removeTeamChannel, user.Admin))
	mux.Handle("GET /deliveries", s.page(s.deliveries, user.Admin))
	mux.Handle("POST /deliveries/{id}/resend", s.page(s.resend, user.Admin))
	// Every user's own channels, language and quiet hours.
	mux.Handle("GET /me/messages", s.page(s.messages))
	mux.Handle("POST /me/channels", s.page(s.setMyChannel))
	mux.Handle("POST /me/channels/{kind}/remove", s.page(s.removeMyChannel))
	mux.Handle("POST /me/channels/{kind}/test", s.page(s.testMyChannel))
	mux.Handle("POST /me/prefs", s.page(s.saveMyPrefs))
	mux.Handle("GET /audit", s.page(s.auditLog, user.Admin, user.Finance))
	mux.Handle("GET /ledger/{file}", s.page(s.ledgerExport, user.Admin, user.Finance))
	// The finance upload page.
	books := []user.Role{user.Admin, user.Finance}
	mux.Handle("GET /imports", s.page(s.imports, books...))
	mux.Handle("POST /imports", s.limitBody(maxUpload, s.page(s.upload, books...)))
	mux.Handle("GET /imports/{id}", s.page(s.uploadPage, books...))
	mux.Handle("GET /imports/{id}/progress", s.page(s.importProgress, books...))
	mux.Handle("GET /imports/{id}/check", s.page(s.checkUpload, books...))
	mux.Handle("POST /imports/{id}/reading", s.page(s.setReading, books...))
	mux.Handle("POST /imports/{id}/mapping", s.page(s.setMapping, books...))
	mux.Handle("POST /imports/{id}/run", s.page(s.runImport, books...))
	mux.Handle("POST /imports/{id}/discard", s.page(s.discardUpload, books...))
	// The scorecard dashboards.
	mux.Handle("GET /scorecard", s.page(s.scorecardPage))
	mux.Handle("GET /scorecard/export", s.page(s.scorecardExport))
	mux.Handle("GET /scorecard/{rep}", s.page(s.repScorecard))
	// Cross-origin POSTs are refused before anything else: this guards
	// the login form too, which has no session to tie a token to.
	return secured(http.NewCrossOriginProtection().Handler(s.withViewer(mux)))
}

// secured adds the headers every response should carry.
func secured(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// public wraps a handler anyone may call.
func (s *Server) public(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.serveError(w, r, err)
		}
	})
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	b, ok := s.assets[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch {
	case len(r.URL.Path) > 4 && r.URL.Path[len(r.URL.Path)-4:] == ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case len(r.URL.Path) > 3 && r.URL.Path[len(r.URL.Path)-3:] == ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	if gz := b.gzipped(); gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		w.Write(gz)
		return
	}
	w.Write(b.b)
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// Logged wraps h with a structured log line per request. It never logs
// cookies, headers or form values, where secrets live.
func Logged(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", float64(time.Since(start).Microseconds())/1000)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
