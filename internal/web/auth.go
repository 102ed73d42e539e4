package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"huikuan/internal/errs"
	"huikuan/internal/user"
)

const (
	sessionCookie = "huikuan_session"
	sessionTTL    = 12 * time.Hour
)

// Viewer is the logged-in user of a request.
type Viewer struct {
	user.User
	CSRF string // the token state-changing forms must carry
}

type viewerKey struct{}

func viewerOf(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// csrfToken derives a session's form token from its secret, so it needs no
// storage and dies with the session.
func csrfToken(sessionSecret string) string {
	h := sha256.Sum256([]byte("csrf:" + sessionSecret))
	return hex.EncodeToString(h[:16])
}

// withViewer finds the session of the request, if any, and remembers the
// language asked for in ?lang= in a cookie.
func (s *Server) withViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
			http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 86400, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, err := s.store.SessionUser(r.Context(), user.HashSecret(c.Value), s.cfg.Now())
			if err == nil {
				r = r.WithContext(context.WithValue(r.Context(), viewerKey{}, &Viewer{User: u, CSRF: csrfToken(c.Value)}))
			} else if !errors.Is(err, errs.ErrNotFound) {
				s.serveError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// page wraps a handler of a page for logged-in users with one of roles (any
// role when none is given): others are sent to the login page or refused,
// and a state-changing request must carry the session's CSRF token.
func (s *Server) page(h handlerFunc, roles ...user.Role) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewerOf(r.Context())
		if v == nil {
			if r.Header.Get("HX-Request") == "true" {
				// A part of a page asked for after the session ended (a
				// phone left overnight): the whole page goes to the login,
				// and back to where the user was.
				next := "/"
				if u, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil && u.Path != "" {
					next = u.RequestURI()
				}
				w.Header().Set("HX-Redirect", "/login?next="+url.QueryEscape(next))
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if len(roles) > 0 && !hasRole(v.Role, roles) {
			s.serveError(w, r, errs.ErrForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(v.CSRF)) != 1 {
				s.serveError(w, r, errs.ErrForbidden)
				return
			}
		}
		if err := h(w, r); err != nil {
			s.serveError(w, r, err)
		}
	})
}

func hasRole(r user.Role, roles []user.Role) bool {
	for _, x := range roles {
		if r == x {
			return true
		}
	}
	return false
}

// LoginPage is the data of the login form.
type LoginPage struct {
	Base
	Login string
	Next  string
	Error string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, http.StatusOK, "login", "", LoginPage{Base: s.base(r, "login"), Next: safeNext(r.URL.Query().Get("next"))})
}

// login checks the password and starts a session. Failures are counted,
// in the database, by login and address together, by login and by address
// (user.LoginCounters); a login that must wait is answered 429 with
// Retry-After and its password is not checked. Every password checked costs
// one hash, whether the login exists or not.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	login, pw := strings.TrimSpace(r.PostFormValue("login")), r.PostFormValue("password")
	page := LoginPage{Base: s.base(r, "login"), Login: login, Next: safeNext(r.PostFormValue("next"))}
	addr := clientAddr(r)
	counters := user.LoginCounters(login, addr)
	now := s.limiter.now()
	wait, err := s.store.LoginWait(r.Context(), counters, now)
	if err != nil {
		return err
	}
	if wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		page.Error = page.T("login.locked")
		return s.render(w, http.StatusTooManyRequests, "login", "", page)
	}
	u, hash, err := s.store.UserPassword(r.Context(), login)
	if err != nil && !errors.Is(err, errs.ErrNotFound) {
		return err
	}
	if err != nil {
		hash = user.DummyHash() // the same cost as a login that exists
	}
	if !user.CheckPassword(hash, pw) || err != nil {
		if err := s.store.LoginFailed(r.Context(), counters, now); err != nil {
			return err
		}
		s.log.Info("login failed", "login", login, "addr", addr)
		page.Error = page.T("login.failed")
		return s.render(w, http.StatusUnauthorized, "login", "", page)
	}
	secret, hashed := user.NewSecret()
	if err := s.store.CreateSession(r.Context(), u.ID, hashed, s.cfg.Now().Add(sessionTTL)); err != nil {
		return err
	}
	if err := s.store.LoginSucceeded(r.Context(), counters[0].Key); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	s.log.Info("login", "login", login, "addr", addr)
	next := page.Next
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), user.HashSecret(c.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps only a path on this host, or returns "" (the login then
// goes to /), so the login form cannot send people to another site. Browsers
// drop tabs and newlines from a URL and read a backslash as a slash, so
// "/\t/evil.example" is "//evil.example" to them: next must begin with one
// slash and no second slash or backslash, parse as a path without scheme or
// host, and have no control character or white space, as written or once
// percent-decoded.
func safeNext(next string) string {
	if len(next) > 2000 || !localPath(next) {
		return ""
	}
	decoded, err := url.PathUnescape(next)
	if err != nil || !localPath(decoded) {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	return next
}

// localPath reports whether p starts with a single slash and has no
// control character or white space.
func localPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return false
	}
	return !strings.ContainsFunc(p, func(r rune) bool {
		return unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError
	})
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limiter is the clock of the login's failure counts, which live in the
// database (store.LoginFailed) so that a restart or a second server keeps
// them; the limits are user.PairLimit, AccountLimit and AddressLimit.
type limiter struct {
	now func() time.Time
}

func newLimiter(now func() time.Time) *limiter { return &limiter{now: now} }
