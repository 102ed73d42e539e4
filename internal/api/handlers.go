package api

import (
	"net/http"
	"strconv"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/export"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

// query reads the common list parameters, collecting bad values.
type query struct {
	r   *http.Request
	bad errs.Invalid
}

func (q *query) str(name string) string { return q.r.URL.Query().Get(name) }

// date reads a date parameter, 0 when absent; a date outside
// civil.FirstDay..LastDay is refused like a malformed one.
func (q *query) date(name string) civil.Date {
	v := q.str(name)
	if v == "" {
		return 0
	}
	d, err := civil.Parse(v)
	if err != nil {
		q.bad.AddCode(0, name, errs.CodeDate, "%v", err)
		return 0
	}
	if err := civil.CheckReportDate(d); err != nil {
		q.bad.AddCode(0, name, errs.CodeRange, "%v", err)
		return 0
	}
	return d
}

func (q *query) limit() int {
	v := q.str("limit")
	if v == "" {
		return 100
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		q.bad.Add(0, "limit", "limit must be a number from 1 to 1000")
	}
	return n
}

func (q *query) cursor() int64 {
	v := q.str("cursor")
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		q.bad.Add(0, "cursor", "not a cursor from this API")
	}
	return n
}

func (s *Server) listCustomers(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	f := store.CustomerFilter{Scope: u.Scope(), Search: q.str("q"), Rep: q.str("rep"), Tier: ledger.Tier(q.str("credit_tier")),
		HasOverdue: q.str("has_overdue") == "true", Today: s.today(), Limit: q.limit(), After: q.str("cursor"), NoTotal: true}
	if f.Tier != "" && !f.Tier.Valid() {
		q.bad.Add(0, "credit_tier", "credit tier must be A, B, C or D")
	}
	if err := q.bad.Err(); err != nil {
		return err
	}
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	if format != "" {
		f.After = "" // the whole list, not the pages after a cursor
		all, err := tables.AllCustomers(r.Context(), s.store, f)
		if err != nil {
			return err
		}
		return s.writeReport(w, r, "customers-"+f.Today.String(), nil, func() []export.Table { return tables.Customers(all, f.Today, exportLang(r)) })
	}
	rows, _, err := s.store.Customers(r.Context(), f)
	if err != nil {
		return err
	}
	out := List[Customer]{Items: []Customer{}}
	for _, c := range rows {
		out.Items = append(out.Items, customerView(c, f.Today))
	}
	if len(rows) == f.Limit {
		out.NextCursor = rows[len(rows)-1].Code
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request, u user.User) error {
	c, err := s.store.CustomerRow(r.Context(), r.PathValue("code"), u.Scope(), s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, customerView(c, s.today()))
}

func (s *Server) statement(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	from, to := q.date("from"), q.date("to")
	if to == 0 {
		to = s.today()
	}
	if from > to {
		q.bad.Add(0, "from", "from is after to")
	}
	if err := q.bad.Err(); err != nil {
		return err
	}
	code := r.PathValue("code")
	if _, err := s.store.CustomerRow(r.Context(), code, u.Scope(), s.today()); err != nil {
		return err
	}
	st, err := s.store.Statement(r.Context(), code, from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) docFilter(r *http.Request, u user.User) (store.DocFilter, error) {
	q := &query{r: r}
	f := store.DocFilter{Scope: u.Scope(), Customer: q.str("customer"), From: q.date("from"), To: q.date("to"),
		OpenOnly: q.str("open") == "true", After: q.cursor(), Limit: q.limit()}
	return f, q.bad.Err()
}

func (s *Server) listInvoices(w http.ResponseWriter, r *http.Request, u user.User) error {
	f, err := s.docFilter(r, u)
	if err != nil {
		return err
	}
	if ff, err := exportFormat(r); err != nil {
		return err
	} else if ff != "" {
		return s.exportDocs(w, r, "invoices", f)
	}
	rows, err := s.store.Invoices(r.Context(), f)
	if err != nil {
		return err
	}
	out := List[Invoice]{Items: []Invoice{}}
	for _, x := range rows {
		out.Items = append(out.Items, invoiceView(x))
	}
	if len(rows) == f.Limit {
		out.NextCursor = strconv.FormatInt(rows[len(rows)-1].ID, 10)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) listPayments(w http.ResponseWriter, r *http.Request, u user.User) error {
	f, err := s.docFilter(r, u)
	if err != nil {
		return err
	}
	if ff, err := exportFormat(r); err != nil {
		return err
	} else if ff != "" {
		return s.exportDocs(w, r, "payments", f)
	}
	rows, err := s.store.Payments(r.Context(), f)
	if err != nil {
		return err
	}
	out := List[Payment]{Items: []Payment{}}
	for _, x := range rows {
		out.Items = append(out.Items, paymentView(x))
	}
	if len(rows) == f.Limit {
		out.NextCursor = strconv.FormatInt(rows[len(rows)-1].ID, 10)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) aging(w http.ResponseWriter, r *http.Request, u user.User) error {
	q := &query{r: r}
	asOf := q.date("as_of")
	if err := q.bad.Err(); err != nil {
		return err
	}
	if asOf == 0 {
		asOf = s.today()
	}
	bk, err := s.store.AgingBuckets(r.Context())
	if err != nil {
		return err
	}
	sc := u.Scope()
	rep, err := s.store.Aging(r.Context(), asOf, bk, store.AgingFilter{Scope: &sc, Rep: q.str("rep")})
	if err != nil {
		return err
	}
	return s.writeReport(w, r, "aging-"+asOf.String(), rep, func() []export.Table { return tables.Aging(rep, exportLang(r)) })
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request, u user.User) error {
	if !u.Role.KeepsBooks() {
		return errs.ErrForbidden
	}
	q := &query{r: r}
	limit := q.limit()
	if err := q.bad.Err(); err != nil {
		return err
	}
	entries, err := s.store.Audit(r.Context(), limit)
	if err != nil {
		return err
	}
	out := List[AuditEntry]{Items: make([]AuditEntry, 0, len(entries))}
	for _, e := range entries {
		out.Items = append(out.Items, auditView(e))
	}
	return writeJSON(w, http.StatusOK, out)
}
