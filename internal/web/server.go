// Package web is huikuan's server-rendered user interface: html/template
// pages, htmx for partial updates, one CSS file, all embedded in the
// binary. Handlers parse the request, ask the store and the rules, and
// render a typed page; errors are turned into pages in one place.
package web

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/paydate"
	"huikuan/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config configures the web server.
type Config struct {
	Location      *time.Location // business time zone, for "today"
	SecureCookies bool           // set the Secure flag (behind HTTPS)
	// BaseURL starts the links given to outsiders (HUIKUAN_BASE_URL); ""
	// for the address each request came to.
	BaseURL string
	// DealerPerMinute is how many requests an address may make to the
	// dealers' pages a minute; 0: dealerPerMinute.
	DealerPerMinute int
	Now             func() time.Time
}

// Server serves the web pages.
type Server struct {
	store     *store.Store
	log       *slog.Logger
	cfg       Config
	pages     map[string]*template.Template
	static    map[string]string // logical name → hashed URL
	assets    map[string]*asset // hashed URL → content
	limiter   *limiter
	forecasts forecastCache
	dash      dashCache // the scorecard dashboards' figures
	jobs      importJobs
	// dealerRate limits the dealers' statement pages by address.
	dealerRate *rateWindow
}

// New returns a server, parsing every template once; it fails on a broken
// template rather than at the first request.
func New(s *store.Store, log *slog.Logger, cfg Config) (*Server, error) {
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	srv := &Server{store: s, log: log, cfg: cfg, limiter: newLimiter(cfg.Now), dealerRate: &rateWindow{limit: cmp.Or(cfg.DealerPerMinute, dealerPerMinute)}}
	if err := srv.loadStatic(); err != nil {
		return nil, err
	}
	if err := srv.loadTemplates(); err != nil {
		return nil, err
	}
	return srv, nil
}

// loadStatic gives every static file a URL with a hash of its content, so
// browsers may cache it for ever.
func (s *Server) loadStatic() error {
	s.static, s.assets = map[string]string{}, map[string]*asset{}
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		s.static[name], s.assets[url] = url, &asset{b: b}
		return nil
	})
}

// asset is a static file's content, and the same gzipped, made when first
// asked for: ECharts is over a megabyte, a third of that compressed, which
// matters on a phone.
type asset struct {
	b    []byte
	once sync.Once
	gz   []byte
}

func (a *asset) gzipped() []byte {
	a.once.Do(func() {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(a.b) // a bytes.Buffer takes every write
		zw.Close()
		if buf.Len() < len(a.b) {
			a.gz = buf.Bytes()
		}
	})
	return a.gz
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"yuan":   func(a money.Amount) string { return a.Format() },
		"wan":    func(a money.Amount) string { return a.FormatWan() },
		"static": func(name string) string { return s.static[name] },
		"date":   dateOrBlank,
		"tiers":  func() []string { return []string{"A", "B", "C", "D"} },
		"pct":    func(p float64) string { return fmt.Sprintf("%.0f%%", 100*p) },
		"signed": func(x float64) string { return fmt.Sprintf("%+.2f", x) },
		"when":   func(t time.Time) string { return t.In(s.cfg.Location).Format("2006-01-02 15:04:05") },
		"clock":  func(t time.Time) string { return t.In(s.cfg.Location).Format("15:04") },
		"seq":    func(n int) []int { return make([]int, n) },
	}
}

func (s *Server) loadTemplates() error {
	s.pages = map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(s.funcs()).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return fmt.Errorf("template %s: %w", base, err)
		}
		s.pages[strings.TrimSuffix(base, ".html")] = t
	}
	return nil
}

// Base is what every page shows around its content.
type Base struct {
	Lang      Lang
	Title     string
	User      *Viewer
	CSRF      string
	Path      string // the page's path and query, for the language switch
	Today     civil.Date
	ActiveNav string
}

// PayWhy says in the page's language what moved an invoice's expected
// payment most.
func (b Base) PayWhy(e *store.PayExpectation) string {
	return paydate.Why(e.Reasons, string(b.Lang), 3)
}

// T translates for the page's language.
func (b Base) T(key string) string { return b.Lang.T(key) }

// Tf translates and formats.
func (b Base) Tf(key string, args ...any) string { return fmt.Sprintf(b.Lang.T(key), args...) }

// Bucket names an aging bucket in the page's language.
func (b Base) Bucket(info ledger.BucketInfo) string {
	switch {
	case info.From == nil:
		return b.T("not yet due")
	case info.To == nil && b.Lang == Zh:
		return fmt.Sprintf("%d天以上", *info.From-1)
	case info.To == nil:
		return fmt.Sprintf("over %d days", *info.From-1)
	}
	return info.Label
}

// SwitchURL returns the page's URL in the other language.
func (b Base) SwitchURL() string {
	p := b.Path
	sep := "?"
	if strings.Contains(p, "?") {
		sep = "&"
	}
	return p + sep + "lang=" + string(b.Lang.Other())
}

// render writes a page, or with block set only that template (an htmx
// fragment). It renders into a buffer first so a template error never
// leaves half a page.
func (s *Server) render(w http.ResponseWriter, status int, page, block string, data any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("no page %q", page)
	}
	if block == "" {
		block = "layout.html"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// handlerFunc is a page handler that returns its error for serveError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// ErrorPage is the data of the error page.
type ErrorPage struct {
	Base
	Status  int
	Message string
}

// serveError turns a handler's error into a status and an error page,
// logging only server errors. A client that went away (errs.ClientGone, or
// the request's context cancelled) gets nothing and is logged at debug
// level; a request that ran out of its time is a 503, logged as a warning.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	status, key := http.StatusInternalServerError, "error"
	var inv *errs.Invalid
	var bad *invalidParam
	switch {
	case errs.ClientGone(err) || errors.Is(r.Context().Err(), context.Canceled):
		s.log.Debug("client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusServiceUnavailable
		s.log.Warn("request took too long", "method", r.Method, "path", r.URL.Path, "err", err)
	case errors.As(err, &bad):
		status, key = http.StatusBadRequest, "bad.request"
		inv = &errs.Invalid{Fields: []errs.FieldError{{Field: bad.field, Message: bad.msg}}}
	case errors.Is(err, errs.ErrNotFound):
		status, key = http.StatusNotFound, "not.found"
	case errors.Is(err, errs.ErrForbidden):
		status, key = http.StatusForbidden, "forbidden"
	case errors.As(err, &inv):
		status, key = http.StatusBadRequest, "bad.request"
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	b := s.base(r, key)
	msg := b.T(key)
	if inv != nil {
		msg = b.Lang.Problem(inv)
	}
	var rerr error
	if r.Header.Get("HX-Request") == "true" {
		// htmx shows a 400 in place of the part it asked for.
		rerr = s.render(w, status, "error", "problem", msg)
	} else {
		rerr = s.render(w, status, "error", "", ErrorPage{Base: b, Status: status, Message: msg})
	}
	if rerr != nil {
		http.Error(w, msg, status)
	}
}

// base fills the common page data of a request.
func (s *Server) base(r *http.Request, titleKey string) Base {
	lang := langOf(r)
	b := Base{Lang: lang, Title: lang.T(titleKey), Path: r.URL.RequestURI(), Today: s.today()}
	if v := viewerOf(r.Context()); v != nil {
		b.User, b.CSRF = v, v.CSRF
	}
	b.Path = withoutLang(b.Path)
	return b
}

func withoutLang(uri string) string {
	p, q, ok := strings.Cut(uri, "?")
	if !ok {
		return p
	}
	var keep []string
	for _, kv := range strings.Split(q, "&") {
		if !strings.HasPrefix(kv, "lang=") && kv != "" {
			keep = append(keep, kv)
		}
	}
	if len(keep) == 0 {
		return p
	}
	return p + "?" + strings.Join(keep, "&")
}

func (s *Server) today() civil.Date { return civil.FromTime(s.cfg.Now().In(s.cfg.Location)) }
