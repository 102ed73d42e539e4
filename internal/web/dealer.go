package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/link"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// DealerPage is a dealer's statement page (客户对账), opened by its signed
// link without a login: its statement as of the link's day and its open
// invoices — nothing of other customers, nothing of the reps.
type DealerPage struct {
	Base
	Token     string
	Name      string
	Statement ledger.Statement
	Open      []store.InvoiceRow
	Expires   time.Time
	Done      string // confirm, mismatch or promise: what was just recorded
	Problem   string
	Form      string // the form the problem is in
}

// dealerLang is the dealer page's language: Chinese unless English is
// asked for.
func dealerLang(r *http.Request) Lang {
	if r.URL.Query().Get("lang") == "en" || r.PostFormValue("lang") == "en" {
		return En
	}
	return Zh
}

// openLink checks the request's link and its address's rate; a bad link
// is a page of its own and a 4xx, never data.
func (s *Server) openLink(w http.ResponseWriter, r *http.Request) (store.Link, bool, error) {
	if !s.dealerRate.allow(clientAddr(r), s.cfg.Now()) {
		w.Header().Set("Retry-After", "60")
		return store.Link{}, false, s.dealerProblem(w, r, http.StatusTooManyRequests, "dealer.too-many")
	}
	l, err := s.store.OpenLink(r.Context(), r.PathValue("token"), s.cfg.Now())
	switch {
	case errors.Is(err, link.ErrInvalid):
		return l, false, s.dealerProblem(w, r, http.StatusForbidden, "dealer.invalid")
	case errors.Is(err, link.ErrExpired):
		return l, false, s.dealerProblem(w, r, http.StatusGone, "dealer.expired")
	case errors.Is(err, store.ErrLinkRevoked):
		return l, false, s.dealerProblem(w, r, http.StatusGone, "dealer.revoked")
	}
	return l, err == nil, err
}

func (s *Server) dealerProblem(w http.ResponseWriter, r *http.Request, status int, key string) error {
	lang := dealerLang(r)
	b := Base{Lang: lang, Title: lang.T("dealer.title"), Path: r.URL.Path, Today: s.today()}
	return s.render(w, status, "error", "", ErrorPage{Base: b, Status: status, Message: lang.T(key)})
}

func (s *Server) dealerPage(w http.ResponseWriter, r *http.Request) error {
	l, ok, err := s.openLink(w, r)
	if !ok {
		return err
	}
	return s.showDealer(w, r, l, http.StatusOK, r.URL.Query().Get("done"), "", "")
}

func (s *Server) showDealer(w http.ResponseWriter, r *http.Request, l store.Link, status int, done, form, problem string) error {
	st, err := s.store.Statement(r.Context(), l.Customer, l.AsOf.MonthStart(), l.AsOf)
	if err != nil {
		return err
	}
	open, err := s.store.Invoices(r.Context(), store.DocFilter{Scope: user.Scope{Customer: l.Customer}, OpenOnly: true, Limit: 200})
	if err != nil {
		return err
	}
	lang := dealerLang(r)
	p := DealerPage{Base: Base{Lang: lang, Title: lang.T("dealer.title"), Path: r.URL.Path, Today: s.today()},
		Token: r.PathValue("token"), Name: l.CustomerName, Statement: st, Open: open, Expires: l.Expires, Done: done, Form: form, Problem: problem}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, status, "dealer", "", p)
}

// dealerReply takes one of the page's three forms.
func (s *Server) dealerReply(w http.ResponseWriter, r *http.Request) error {
	l, ok, err := s.openLink(w, r)
	if !ok {
		return err
	}
	name, addr, now := strings.TrimSpace(r.PostFormValue("name")), clientAddr(r), s.cfg.Now()
	form := r.PathValue("form")
	switch form {
	case "confirm":
		var bal money.Amount
		if bal, err = money.Parse(r.PostFormValue("balance")); err == nil {
			err = s.store.ConfirmBalance(r.Context(), l, name, bal, addr, now)
		}
	case "mismatch":
		var parts []store.MismatchPart
		for i := range 3 {
			inv := strings.TrimSpace(r.PostFormValue("invoice" + strconv.Itoa(i)))
			if inv == "" {
				continue
			}
			a, perr := money.Parse(r.PostFormValue("amount" + strconv.Itoa(i)))
			if perr != nil {
				err = &errs.Invalid{Fields: []errs.FieldError{{Row: i + 1, Field: "amount", Message: perr.Error()}}}
				break
			}
			parts = append(parts, store.MismatchPart{Invoice: inv, Amount: a})
		}
		if err == nil {
			err = s.store.ReportMismatch(r.Context(), l, name, parts, strings.TrimSpace(r.PostFormValue("note")), addr, now)
		}
	case "promise":
		a, perr := money.Parse(r.PostFormValue("amount"))
		due, derr := civil.Parse(strings.TrimSpace(r.PostFormValue("date")))
		switch {
		case perr != nil:
			err = &errs.Invalid{Fields: []errs.FieldError{{Field: "amount", Message: perr.Error()}}}
		case derr != nil:
			err = &errs.Invalid{Fields: []errs.FieldError{{Field: "date", Message: derr.Error()}}}
		default:
			_, err = s.store.ProposePromise(r.Context(), l, name, a, due, addr, now)
		}
	default:
		return errs.ErrNotFound
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		return s.showDealer(w, r, l, http.StatusBadRequest, "", form, dealerLang(r).Problem(inv))
	} else if err != nil {
		return err
	}
	q := url.Values{"done": {form}}
	if dealerLang(r) == En {
		q.Set("lang", "en")
	}
	http.Redirect(w, r, "/d/"+url.PathEscape(r.PathValue("token"))+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// rateWindow counts requests by address over a minute: the dealer pages
// are open to anyone with a link, so no address may hammer them.
type rateWindow struct {
	mu    sync.Mutex
	limit int
	seen  map[string][]time.Time
}

// dealerPerMinute is how many dealer-page requests an address may make a
// minute: a person confirming, reporting and proposing needs a handful.
const dealerPerMinute = 30

func (rw *rateWindow) allow(addr string, now time.Time) bool {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.seen == nil {
		rw.seen = map[string][]time.Time{}
	}
	if len(rw.seen) > 10000 { // forget everyone now and then rather than grow
		rw.seen = map[string][]time.Time{}
	}
	recent := rw.seen[addr][:0]
	for _, t := range rw.seen[addr] {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	if len(recent) >= rw.limit {
		rw.seen[addr] = recent
		return false
	}
	rw.seen[addr] = append(recent, now)
	return true
}

// makeLink makes a statement link of the customer, as of today, for
// whoever sees the customer, and shows it on the customer page once.
func (s *Server) makeLink(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	days, err := strconv.Atoi(r.PostFormValue("days"))
	if err != nil {
		days = store.LinkDays
	}
	tok, err := s.store.CreateLink(r.Context(), actorOf(r), viewerOf(r.Context()).Scope(), code, s.today(), days, s.cfg.Now())
	if err != nil {
		return err
	}
	return s.customerPage(w, r, code, http.StatusOK, problems{link: s.dealerURL(r, tok)})
}

func (s *Server) revokeLinks(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if _, err := s.store.RevokeLinks(r.Context(), actorOf(r), viewerOf(r.Context()).Scope(), code, s.cfg.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/customers/"+url.PathEscape(code)+"#dealer-link", http.StatusSeeOther)
	return nil
}

// dealerURL is a link's address: under HUIKUAN_BASE_URL when it is set,
// else under the address this request came to.
func (s *Server) dealerURL(r *http.Request, token string) string {
	base := s.cfg.BaseURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil || s.cfg.SecureCookies {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return link.URL(base, token)
}
