package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// WorklistPage is the rep's morning (今日工作台): the ranked call list,
// calls from the call center waiting for an outcome, and for managers how
// each rep of the team stands.
type WorklistPage struct {
	Base
	Rep          string
	Reps         []string // for managers and admins: whose list to show
	Items        []WorkItem
	Today, Later int // items for today and if time permits
	Pending      []store.CallRow
	Team         []RepStanding
	Dispositions []string
	Flash        string
	Error        string
	// LogControls are the outcome buttons and the promise fields under
	// each customer: the same for all, so written once per page.
	LogControls template.HTML
	// Once names this rendering of the page: each customer's form sends it
	// as the call's ref, so a tap sent again after a network failure logs
	// the call once.
	Once string
}

// WorkItem is a list item with its words in the page's language.
type WorkItem struct {
	followup.Item
	Words  []string
	Advice string
}

// RepStanding is one rep's line in the manager's view: the list, the
// calls made today and the cadence kept this month.
type RepStanding struct {
	store.Compliance
	Listed, MustCall, CallsToday int
}

func (s *Server) worklist(w http.ResponseWriter, r *http.Request) error {
	return s.worklistPage(w, r, http.StatusOK, "", "")
}

func (s *Server) worklistPage(w http.ResponseWriter, r *http.Request, status int, flash, problem string) error {
	v := viewerOf(r.Context())
	today := s.today()
	p := WorklistPage{Base: s.base(r, "worklist"), Dispositions: followup.Dispositions, Flash: flash, Error: problem, Once: once()}
	p.ActiveNav = "worklist"
	ctx := r.Context()
	if v.Role == user.Rep {
		p.Rep = v.Rep
	} else {
		reps, err := s.store.RepCodes(ctx, v.Scope())
		if err != nil {
			return err
		}
		p.Reps, p.Rep = reps, r.FormValue("rep")
		if !slices.Contains(reps, p.Rep) && len(reps) > 0 {
			p.Rep = reps[0]
		}
		if p.Team, err = s.teamStanding(r, v, today); err != nil {
			return err
		}
	}
	items, err := s.store.Worklist(ctx, v.Scope(), p.Rep, today)
	if err != nil {
		return err
	}
	p.LogControls = logControls(p.Base)
	zh := p.Lang == Zh
	for _, it := range items {
		wi := WorkItem{Item: it, Advice: followup.ActionWords(it.Action, zh)}
		for _, reason := range it.Reasons {
			wi.Words = append(wi.Words, reason.Words(zh))
		}
		p.Items = append(p.Items, wi)
		if it.Today {
			p.Today++
		} else {
			p.Later++
		}
	}
	if p.Pending, err = s.store.Calls(ctx, store.CallFilter{Scope: v.Scope(), Rep: p.Rep, Pending: true, Limit: 20}); err != nil {
		return err
	}
	block := ""
	if r.Header.Get("HX-Request") == "true" {
		block = "list"
	}
	return s.render(w, status, "worklist", block, p)
}

// teamStanding is each rep's list size, calls today and this month's
// compliance, for the reps a manager (or admin) sees.
func (s *Server) teamStanding(r *http.Request, v *Viewer, today civil.Date) ([]RepStanding, error) {
	ctx := r.Context()
	lists, err := s.store.Worklists(ctx, v.Scope(), "", today)
	if err != nil {
		return nil, err
	}
	comp, err := s.store.Compliance(ctx, v.Scope(), today.MonthStart(), today, today)
	if err != nil {
		return nil, err
	}
	calls, err := s.store.Calls(ctx, store.CallFilter{Scope: v.Scope(), From: today, To: today, Limit: 10000})
	if err != nil {
		return nil, err
	}
	by := map[string]*RepStanding{}
	get := func(rep string) *RepStanding {
		if by[rep] == nil {
			by[rep] = &RepStanding{Compliance: store.Compliance{Rep: rep}}
		}
		return by[rep]
	}
	for rep, items := range lists {
		st := get(rep)
		st.Listed = len(items)
		for _, it := range items {
			if it.MustCall {
				st.MustCall++
			}
		}
	}
	for _, c := range comp {
		get(c.Rep).Compliance = c
	}
	for _, c := range calls {
		get(c.Rep).CallsToday++
	}
	var out []RepStanding
	for _, st := range by {
		out = append(out, *st)
	}
	// Who is behind first: the lowest share of follow-ups on time.
	slices.SortFunc(out, func(a, b RepStanding) int {
		if a.OnTimeShare != b.OnTimeShare {
			if a.OnTimeShare < b.OnTimeShare {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Rep, b.Rep)
	})
	return out, nil
}

// refTaken says a form's ref recorded for another customer (a crafted or
// stale form) as a problem of the form, not a server error.
func refTaken(err error) error {
	if errors.Is(err, errs.ErrConflict) {
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "ref", Message: "this form was sent before for another customer: open the page again"}}}
	}
	return err
}

// logCall records a call from the worklist (or a customer's page) and
// shows the list again: one tap on how it went, typing only for a
// promise or notes.
func (s *Server) logCall(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	now := s.cfg.Now()
	n := store.NewCall{
		Customer: r.PostFormValue("customer"), At: now, Date: s.today(),
		Channel: r.PostFormValue("channel"), Disposition: r.PostFormValue("disposition"),
		Notes: formNotes(r), Ref: r.PostFormValue("ref"),
		Excuse: excuse.Category(r.PostFormValue("excuse")),
	}
	if n.Disposition == "" && n.Excuse != "" {
		n.Disposition = followup.ReachedExcuse // an excuse's button says only which
	}
	// Problems are named by the fields of a call (store.NewCall), as the
	// store names its own.
	var bad errs.Invalid
	amount := func(input, field string) money.Amount {
		f := strings.TrimSpace(r.PostFormValue(input))
		if f == "" {
			return 0
		}
		a, err := money.Parse(f)
		if err != nil {
			bad.AddCode(0, field, errs.CodeNumber, "%v", err)
		}
		return a
	}
	date := func(input, field string) civil.Date {
		f := strings.TrimSpace(r.PostFormValue(input))
		if f == "" {
			return 0
		}
		d, err := civil.Parse(f)
		if err != nil {
			bad.AddCode(0, field, errs.CodeDate, "%v", err)
		}
		return d
	}
	n.AmountAsked, n.AmountAgreed, n.NextFollowup = amount("asked", "amount_asked"), amount("agreed", "amount_agreed"), date("next", "next_followup")
	if n.Disposition == followup.ReachedExcuse { // typed for an excuse, and another button tapped: not an excuse's
		n.ExcuseAmount = amount("excuse_amount", "excuse_amount")
	}
	if n.Excuse == excuse.WillPaySoon {
		// "I'll transfer it tomorrow" is written down as a dated promise,
		// with its credibility, not as a note: the amount and the day
		// the excuse's fields hold.
		n.Disposition, n.Excuse, n.ExcuseAmount = followup.ReachedPromised, "", 0
		promise, due := amount("excuse_amount", "commitment.amount"), date("excuse_date", "commitment.date")
		n.Commitment = &store.NewCommitment{Amount: promise, Due: due}
	} else if n.Disposition == followup.ReachedPromised {
		promise, due := amount("amount", "commitment.amount"), date("date", "commitment.date")
		if promise > 0 || due != 0 {
			n.Commitment = &store.NewCommitment{Amount: promise, Due: due, SupportKind: r.PostFormValue("support_kind"), Support: strings.TrimSpace(r.PostFormValue("support"))}
		}
	}
	err := bad.Err()
	var c store.CallRow
	if err == nil {
		c, err = s.store.LogCall(r.Context(), actorOf(r), v.Scope(), n)
		err = refTaken(err)
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		if r.Header.Get("HX-Request") == "true" {
			// Shown on the customer's card, whose fields keep what the rep
			// typed.
			w.Header().Set("HX-Retarget", `[data-problem="`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(n.Customer)+`"]`)
			w.Header().Set("HX-Reswap", "innerHTML")
			return s.render(w, http.StatusBadRequest, "worklist", "problem", langOf(r).Problem(inv))
		}
		switch r.PostFormValue("from") {
		case "customer":
			return s.customerPage(w, r, n.Customer, http.StatusBadRequest, problems{call: langOf(r).Problem(inv)})
		case "sheet":
			return s.sheetPage(w, r, n.Customer, http.StatusBadRequest, langOf(r).Problem(inv))
		}
		who := n.Customer
		if row, err := s.store.CustomerRow(r.Context(), n.Customer, v.Scope(), s.today()); err == nil {
			who = row.Name
		}
		return s.worklistPage(w, r, http.StatusBadRequest, "", who+" · "+langOf(r).Problem(inv))
	} else if err != nil {
		return err
	}
	return s.afterCall(w, r, c)
}

// formNotes is what the rep typed as the call's notes: the excuse's and
// the promise's fields each have a notes input, of which one is typed.
func formNotes(r *http.Request) string {
	r.ParseForm()
	var typed []string
	for _, v := range r.PostForm["notes"] {
		if v = strings.TrimSpace(v); v != "" {
			typed = append(typed, v)
		}
	}
	return strings.Join(typed, "; ")
}

// afterCall shows the list again (htmx), or goes back where the call was
// logged from.
func (s *Server) afterCall(w http.ResponseWriter, r *http.Request, c store.CallRow) error {
	b := s.base(r, "worklist")
	flash := c.CustomerName + " · " + b.T("disp."+c.Disposition)
	if c.Excuse != "" {
		flash += " · " + b.T("excuse."+string(c.Excuse))
	}
	if r.Header.Get("HX-Request") == "true" {
		return s.worklistPage(w, r, http.StatusOK, flash, "")
	}
	back := "/worklist"
	if rep := r.PostFormValue("rep"); rep != "" {
		back += "?rep=" + url.QueryEscape(rep)
	}
	switch r.PostFormValue("from") {
	case "customer":
		back = "/customers/" + url.PathEscape(c.Customer) + "#calls"
	case "sheet":
		back = "/customers/" + url.PathEscape(c.Customer) + "/sheet"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// setDisposition gives a call from the call center its outcome.
func (s *Server) setDisposition(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	d := r.PostFormValue("disposition")
	err = s.store.SetDisposition(r.Context(), actorOf(r), viewerOf(r.Context()).Scope(), id, d, strings.TrimSpace(r.PostFormValue("notes")), 0)
	var inv *errs.Invalid
	switch {
	case errors.As(err, &inv):
		return s.worklistPage(w, r, http.StatusBadRequest, "", langOf(r).Problem(inv))
	case errors.Is(err, errs.ErrConflict): // given on another phone meanwhile
		return s.worklistPage(w, r, http.StatusBadRequest, "", langOf(r).T("call.has.outcome"))
	case err != nil:
		return err
	}
	c, err := s.store.Call(r.Context(), viewerOf(r.Context()).Scope(), id)
	if err != nil {
		return err
	}
	return s.afterCall(w, r, c)
}

// once returns a new random token, naming one rendering of a form.
func once() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
