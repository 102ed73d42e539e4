package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// CustomerPage is the data of one customer's page.
type CustomerPage struct {
	Base
	C        store.CustomerRow
	Buckets  []ledger.BucketInfo // this customer's aging
	Promises []store.CommitmentRow
	Kinds    []string // support plan kinds for the form
	Error    string   // a problem with the promise just entered
	// CallError is a problem with the call just logged.
	CallError string
	Calls     []store.CallRow
	// Next is the customer's next follow-up and why, in words.
	Next, NextWhy string
	LogControls   template.HTML
	// Cadence is the customer's own days between calls (0: its tier's),
	// which managers and admins may change.
	Cadence      int
	CanCadence   bool
	CadenceError string // a problem with the cadence just entered
	Once         string // this rendering's name, the ref of the call logged from it
	// CallRows and PromiseRows are the rows of the calls and promises
	// tables, written in Go: html/template took a third of the page's time
	// on their forty rows.
	CallRows, PromiseRows template.HTML
	// Plan is this month's plan section.
	Plan PlanSection
	// Excuses is the customer's excuse history of the last year, newest
	// first.
	Excuses []ExcuseLine
	// LinkURL is the statement link just made; Replies what the dealer
	// did on its statement pages.
	LinkURL string
	Replies []store.Reply
}

// ExcuseLine is one excuse of a customer's history, Repeat when it
// repeats one of the same category within excuse.RepeatDays.
type ExcuseLine struct {
	excuse.Excuse
	Repeat bool
}

// excuseYear is how far back a customer's page shows its excuses.
const excuseYear = 365

// excuseLines is the customer's excuses of the year to today with their
// repeat flags (read from RepeatDays before the year, so that the oldest
// shown is flagged as it should be).
func (s *Server) excuseLines(r *http.Request, code string, today civil.Date) ([]ExcuseLine, error) {
	es, err := s.store.CustomerExcuses(r.Context(), viewerOf(r.Context()).Scope(), code, today.AddDays(-excuseYear-excuse.RepeatDays))
	if err != nil {
		return nil, err
	}
	var out []ExcuseLine
	for i, rep := range excuse.Repeats(es) {
		if es[i].Date >= today.AddDays(-excuseYear) {
			out = append(out, ExcuseLine{es[i], rep})
		}
	}
	return out, nil
}

// InvoiceLine is an invoice with what is still open of it.
type InvoiceLine struct {
	ledger.Invoice
	Open     money.Amount
	Held     money.Amount
	Closed   civil.Date
	Overdue  bool
	DaysLate int
	Pay      *store.PayExpectation // an open invoice's expected payment, once the daily job has predicted it
}

func (s *Server) customer(w http.ResponseWriter, r *http.Request) error {
	return s.customerPage(w, r, r.PathValue("code"), http.StatusOK, problems{})
}

// problems are what was wrong with a form just posted on the customer
// page, shown by that form.
type problems struct {
	call, promise, cadence, plan, measure string
	link                                  string    // a statement link just made (not a problem: shown once)
	planForm                              *PlanForm // the plan form as typed
}

// customerPage renders customer code, with the problems of a form just
// posted.
func (s *Server) customerPage(w http.ResponseWriter, r *http.Request, code string, status int, problem problems) error {
	v := viewerOf(r.Context())
	today := s.today()
	row, err := s.store.CustomerRow(r.Context(), code, v.Scope(), today)
	if err != nil {
		return err
	}
	bk, err := s.store.AgingBuckets(r.Context())
	if err != nil {
		return err
	}
	p := CustomerPage{Base: s.base(r, "customer"), C: row}
	p.Title = row.Name
	p.ActiveNav = "customers"
	p.Buckets = bk.Info()
	for i, a := range ledger.Age(row.Open, today, bk) {
		p.Buckets[i].Amount = a
	}
	if p.Promises, err = s.store.Commitments(r.Context(), store.CommitmentFilter{Scope: v.Scope(), Customer: row.Code, Limit: 20}); err != nil {
		return err
	}
	p.Kinds = store.SupportKinds
	if p.Calls, err = s.store.Calls(r.Context(), store.CallFilter{Scope: v.Scope(), Customer: row.Code, Limit: 20}); err != nil {
		return err
	}
	fu, err := s.store.CustomerFollowup(r.Context(), v.Scope(), row.Code, today)
	if err != nil {
		return err
	}
	if fu.Next != nil {
		p.Next, p.NextWhy = fu.Next.On.String(), fu.Next.Words(p.Lang == Zh)
	}
	p.Cadence, p.CanCadence = fu.Days, v.Role != user.Rep
	p.LogControls, p.Once = logControls(p.Base), once()
	p.CallRows, p.PromiseRows = callRows(p.Base, p.Calls, s.cfg.Location), promiseRows(p.Base, p.Promises)
	if p.Excuses, err = s.excuseLines(r, row.Code, today); err != nil {
		return err
	}
	p.CallError, p.Error, p.CadenceError = problem.call, problem.promise, problem.cadence
	if p.Plan, err = s.planSection(r, row, problem.planForm); err != nil {
		return err
	}
	p.Plan.Error, p.Plan.MeasureError = problem.plan, problem.measure
	p.LinkURL = problem.link
	if p.Replies, err = s.store.Replies(r.Context(), row.Code); err != nil {
		return err
	}
	return s.render(w, status, "customer", "", p)
}

// DocumentsPage is a customer's invoices, payments and statement: the
// reference part of its page, loaded when the rep scrolls to it (or opened
// on its own without JavaScript), so that the page a rep opens to make a
// call does not wait for the whole book.
type DocumentsPage struct {
	Base
	C         store.CustomerRow
	Statement ledger.Statement
	Invoices  []InvoiceLine
	Payments  []ledger.Payment
}

func (s *Server) customerDocuments(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	today := s.today()
	row, err := s.store.CustomerRow(r.Context(), r.PathValue("code"), v.Scope(), today)
	if err != nil {
		return err
	}
	c, book, states, err := s.store.Documents(r.Context(), row.Code)
	if err != nil {
		return err
	}
	p := DocumentsPage{Base: s.base(r, "documents"), C: row}
	p.Title = row.Name
	p.ActiveNav = "customers"
	p.Statement = ledger.MakeStatement(c, book, today.AddMonths(-6), today)
	slices.Reverse(p.Statement.Entries) // newest first on screen
	pays, err := s.store.PayExpectations(r.Context(), row.Code)
	if err != nil {
		return err
	}
	for i, inv := range book.Invoices {
		st := states[i]
		line := InvoiceLine{Invoice: inv, Open: st.Open, Held: st.Held, Closed: st.Closed,
			Overdue: st.Open > 0 && inv.Due < today, DaysLate: max(today.Sub(inv.Due), 0)}
		if e, ok := pays[inv.Number]; ok && st.Closed == civil.Never {
			line.Pay = &e
		}
		p.Invoices = append(p.Invoices, line)
	}
	// Open invoices first, oldest due first; then the settled, newest first.
	slices.SortStableFunc(p.Invoices, func(a, b InvoiceLine) int {
		ao, bo := a.Open > 0, b.Open > 0
		switch {
		case ao != bo && ao:
			return -1
		case ao != bo:
			return 1
		case ao:
			return int(a.Due - b.Due)
		}
		return int(b.Issue - a.Issue)
	})
	if len(p.Invoices) > 60 {
		p.Invoices = p.Invoices[:60]
	}
	p.Payments = book.Payments
	slices.SortFunc(p.Payments, func(a, b ledger.Payment) int { return int(b.Date - a.Date) })
	if len(p.Payments) > 30 {
		p.Payments = p.Payments[:30]
	}
	block := ""
	if r.Header.Get("HX-Request") == "true" {
		block = "documents"
	}
	return s.render(w, http.StatusOK, "documents", block, p)
}

// setCadence gives the customer its own days between calls.
func (s *Server) setCadence(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("cadence_days")))
	if err != nil {
		var bad errs.Invalid
		bad.AddCode(0, "cadence_days", errs.CodeRange, "%v", err)
		err = &bad
	} else {
		err = s.store.SetCustomerCadence(r.Context(), actorOf(r), viewerOf(r.Context()).Scope(), code, days)
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		return s.customerPage(w, r, code, http.StatusBadRequest, problems{cadence: langOf(r).Problem(inv)})
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/customers/"+url.PathEscape(code)+"#calls", http.StatusSeeOther)
	return nil
}

// addCommitment records a promise from the customer page.
func (s *Server) addCommitment(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	n := store.NewCommitment{Customer: code, Made: s.today(), Contact: strings.TrimSpace(r.PostFormValue("contact")),
		SupportKind: r.PostFormValue("support_kind"), Support: strings.TrimSpace(r.PostFormValue("support")), Ref: r.PostFormValue("ref")}
	var bad errs.Invalid
	var err error
	if n.Amount, err = money.Parse(r.PostFormValue("amount")); err != nil {
		bad.AddCode(0, "amount", errs.CodeNumber, "%v", err)
	}
	if d := strings.TrimSpace(r.PostFormValue("date")); d != "" { // none: the store says it is required
		if n.Due, err = civil.Parse(d); err != nil {
			bad.AddCode(0, "date", errs.CodeDate, "%v", err)
		}
	}
	if err = bad.Err(); err == nil {
		_, err = s.store.CreateCommitment(r.Context(), actorOf(r), viewerOf(r.Context()).Scope(), n)
		err = refTaken(err)
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		return s.customerPage(w, r, code, http.StatusBadRequest, problems{promise: langOf(r).Problem(inv)})
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/customers/"+url.PathEscape(code)+"#commitments", http.StatusSeeOther)
	return nil
}

// CredibilityPart is the htmx fragment under the promise form.
type CredibilityPart struct {
	Base
	Cr    *commitment.Credibility
	Error string
}

// scoreCommitment shows, as the rep types, how likely the promise is to be
// kept and why.
func (s *Server) scoreCommitment(w http.ResponseWriter, r *http.Request) error {
	p := CredibilityPart{Base: s.base(r, "customer")}
	n := store.NewCommitment{Customer: r.PathValue("code"), Made: s.today(), SupportKind: r.PostFormValue("support_kind")}
	amount, err1 := money.Parse(r.PostFormValue("amount"))
	due, err2 := civil.Parse(r.PostFormValue("date"))
	if err1 != nil || err2 != nil {
		return s.render(w, http.StatusOK, "customer", "credibility", p) // nothing to score yet
	}
	n.Amount, n.Due = amount, due
	cr, err := s.store.ScoreCommitment(r.Context(), viewerOf(r.Context()).Scope(), n)
	var inv *errs.Invalid
	switch {
	case errors.As(err, &inv):
		p.Error = p.Lang.Problem(inv)
	case err != nil:
		return err
	default:
		p.Cr = &cr
	}
	return s.render(w, http.StatusOK, "customer", "credibility", p)
}

// cancelCommitment withdraws a promise and goes back to its customer.
func (s *Server) cancelCommitment(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	sc := viewerOf(r.Context()).Scope()
	rows, err := s.store.Commitments(r.Context(), store.CommitmentFilter{Scope: sc, ID: id})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errs.ErrNotFound
	}
	if err := s.store.CancelCommitment(r.Context(), actorOf(r), sc, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/customers/"+url.PathEscape(rows[0].Customer)+"#commitments", http.StatusSeeOther)
	return nil
}
