package web

import (
	"net/http"
	"net/url"
	"strconv"

	"huikuan/internal/ledger"
	"huikuan/internal/store"
)

const pageSize = 50 // customers a page

// CustomersPage is the data of the customer list.
type CustomersPage struct {
	Base
	Filter   store.CustomerFilter
	Rows     []store.CustomerRow
	Total    int
	Page     int
	Pages    int
	Reps     []string // rep codes for the filter, for managers and admins
	PrevURL  string
	NextURL  string
	SortURLs map[string]string
}

func (s *Server) customers(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f := store.CustomerFilter{
		Scope: v.Scope(), Search: q.Get("q"), Rep: q.Get("rep"), Tier: ledger.Tier(q.Get("tier")),
		HasOverdue: q.Get("overdue") == "1", Today: s.today(), Sort: q.Get("sort"), Desc: q.Get("desc") == "1",
		Limit: pageSize, Offset: (page - 1) * pageSize,
	}
	if !f.Tier.Valid() {
		f.Tier = ""
	}
	rows, total, err := s.store.Customers(r.Context(), f)
	if err != nil {
		return err
	}
	p := CustomersPage{Base: s.base(r, "customers"), Filter: f, Rows: rows, Total: total, Page: page, Pages: (total + pageSize - 1) / pageSize}
	p.ActiveNav = "customers"
	if v.Role != "rep" {
		if p.Reps, err = s.store.RepCodes(r.Context(), v.Scope()); err != nil {
			return err
		}
	}
	link := func(change map[string]string) string {
		u := url.Values{}
		for k, vs := range q {
			if k != "lang" && len(vs) > 0 && vs[0] != "" {
				u.Set(k, vs[0])
			}
		}
		for k, val := range change {
			if val == "" {
				u.Del(k)
			} else {
				u.Set(k, val)
			}
		}
		return "/customers?" + u.Encode()
	}
	if page > 1 {
		p.PrevURL = link(map[string]string{"page": strconv.Itoa(page - 1)})
	}
	if page < p.Pages {
		p.NextURL = link(map[string]string{"page": strconv.Itoa(page + 1)})
	}
	p.SortURLs = map[string]string{}
	for k := range store.CustomerSorts {
		desc := ""
		if f.Sort == k && !f.Desc || f.Sort == "" && k == "code" && !f.Desc {
			desc = "1"
		}
		p.SortURLs[k] = link(map[string]string{"sort": k, "desc": desc, "page": ""})
	}
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "list" {
		return s.render(w, http.StatusOK, "customers", "list", p)
	}
	return s.render(w, http.StatusOK, "customers", "", p)
}
