package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/forecast"
	"huikuan/internal/ledger"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/tables"
)

const pageSize = 50 // customers a page

// CustomerLine is one line of the list, formatted once in Go: the list is
// the busiest page, and method calls in templates go through reflection.
type CustomerLine struct {
	Code, Name, Rep, Tier  string
	Balance, Overdue, Days string
	OverLimit              bool
}

// CustomersPage is the data of the customer list.
type CustomersPage struct {
	Base
	Filter store.CustomerFilter
	Rows   []CustomerLine
	Total  int
	Page   int
	Pages  int
	// RepOptions are the <option>s of the rep filter, for managers and
	// admins: built in Go, as an admin has hundreds of reps and html/template
	// would run its escapers on each.
	RepOptions template.HTML
	Forecast   *commitment.Forecast // this month's, for reps and managers, when at hand
	TileLater  bool                 // the forecast is being worked out: the page fetches it after
	// Attain is this month's attainment of the viewer's reps (their
	// target and rate), by planning.Attainment as /plans shows it.
	Attain   *plan.Attainment
	PrevURL  string
	NextURL  string
	SortURLs map[string]string
}

// forecast is this month's forecast of the viewer's customers as made
// today, by the model forecast.Scorer picks (the one the daily job saved).
// Admins see the whole company in the report instead: over every customer
// it takes seconds.
func (s *Server) forecast(r *http.Request, v *Viewer) (*commitment.Forecast, error) {
	today := s.today()
	key := forecastKey(v, today)
	if f, ok := s.forecasts.get(key, s.cfg.Now()); ok {
		return f.(*commitment.Forecast), nil
	}
	f, err := forecast.Month(r.Context(), s.store, v.Scope(), today, today)
	if err != nil {
		return nil, err
	}
	s.forecasts.put(key, &f, s.cfg.Now())
	return &f, nil
}

// forecastKey is the cache key of the tile: the scope and the day it is
// made on (a tile of yesterday is not today's, even within its TTL).
func forecastKey(v *Viewer, today civil.Date) string {
	return fmt.Sprintf("tile %+v %s", v.Scope(), today)
}

// attainment is this month's attainment of the viewer's reps as made
// today (planning.Attainment, the figures of /plans), cached like the
// forecast.
func (s *Server) attainment(r *http.Request, v *Viewer) (*plan.Attainment, error) {
	today := s.today()
	key := attainmentKey(v, today)
	if a, ok := s.forecasts.get(key, s.cfg.Now()); ok {
		return a.(*plan.Attainment), nil
	}
	rep, err := planning.Attainment(r.Context(), s.store, v.Scope(), today.MonthStart(), today, "")
	if err != nil {
		return nil, err
	}
	s.forecasts.put(key, &rep.Attainment, s.cfg.Now())
	return &rep.Attainment, nil
}

// attainmentKey is the cache key of the tile's attainment.
func attainmentKey(v *Viewer, today civil.Date) string {
	return fmt.Sprintf("attain %+v %s", v.Scope(), today)
}

// forecastTile is the home page's forecast tile, fetched after the page.
func (s *Server) forecastTile(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	p := CustomersPage{Base: s.base(r, "customers")}
	if v.Role != "admin" {
		f, err := s.forecast(r, v)
		if err != nil {
			return err
		}
		p.Forecast = f
		if p.Attain, err = s.attainment(r, v); err != nil {
			return err
		}
	}
	return s.render(w, http.StatusOK, "customers", "tile", p)
}

// forecastTTL is how long a forecast is reused: it moves slowly within a
// day, and computing it reads every payment of the scope.
const forecastTTL = 5 * time.Minute

// forecastCache keeps recent forecasts by scope (and month).
type forecastCache struct {
	mu sync.Mutex
	m  map[string]cachedForecast
}

type cachedForecast struct {
	f       any
	expires time.Time
}

func (c *forecastCache) get(key string, now time.Time) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	return e.f, true
}

func (c *forecastCache) put(key string, f any, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 1000 {
		c.m = map[string]cachedForecast{}
	}
	c.m[key] = cachedForecast{f, now.Add(forecastTTL)}
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
	if format := downloadFormat(r); format != "" {
		all, err := tables.AllCustomers(r.Context(), s.store, f)
		if err != nil {
			return err
		}
		return s.download(w, r, format, "customers-"+f.Today.String(), tables.Customers(all, f.Today, string(langOf(r)))...)
	}
	rows, total, err := s.store.Customers(r.Context(), f)
	if err != nil {
		return err
	}
	p := CustomersPage{Base: s.base(r, "customers"), Filter: f, Total: total, Page: page, Pages: (total + pageSize - 1) / pageSize}
	for _, c := range rows {
		l := CustomerLine{Code: c.Code, Name: c.Name, Rep: c.Rep, Tier: string(c.Tier), Balance: c.Balance().Format(), OverLimit: c.OverLimit()}
		if c.Overdue != 0 {
			l.Overdue = c.Overdue.Format()
		}
		if d := c.OverdueDays(f.Today); d > 0 {
			l.Days = strconv.Itoa(d)
		}
		p.Rows = append(p.Rows, l)
	}
	p.ActiveNav = "customers"
	if v.Role != "admin" && r.Header.Get("HX-Request") != "true" {
		// Working the forecast out reads every payment of the scope: the
		// list does not wait for it.
		tile, ok := s.forecasts.get(forecastKey(v, f.Today), s.cfg.Now())
		attain, ok2 := s.forecasts.get(attainmentKey(v, f.Today), s.cfg.Now())
		if ok && ok2 {
			p.Forecast, p.Attain = tile.(*commitment.Forecast), attain.(*plan.Attainment)
		} else {
			p.TileLater = true
		}
	}
	if v.Role != "rep" {
		reps, err := s.store.RepCodes(r.Context(), v.Scope())
		if err != nil {
			return err
		}
		p.RepOptions = repOptions(reps, f.Rep)
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
