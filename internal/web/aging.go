package web

import (
	"net/http"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/tables"
)

// AgingPage is the data of the aging report.
type AgingPage struct {
	Base
	Report    *ledger.AgingReport
	Bars      []Bar
	ByRep     []RepAging
	Customers []ledger.CustomerAging // the largest, at most 100
}

// Bar is one bucket of the chart: its share of the largest bucket, in %.
type Bar struct {
	Label   string
	Amount  money.Amount
	Percent int
}

// RepAging is one rep's line: the sums of their customers' lines.
type RepAging struct {
	Rep     string
	Buckets []money.Amount
	Total   money.Amount
}

func (s *Server) agingReport(r *http.Request) (*ledger.AgingReport, error) {
	asOf := s.today()
	if v := r.URL.Query().Get("as_of"); v != "" {
		d, err := civil.Parse(v)
		if err == nil {
			err = civil.CheckReportDate(d)
		}
		if err != nil {
			return nil, &invalidParam{"as_of", err.Error()}
		}
		asOf = d
	}
	bk, err := s.store.AgingBuckets(r.Context())
	if err != nil {
		return nil, err
	}
	sc := viewerOf(r.Context()).Scope()
	return s.store.Aging(r.Context(), asOf, bk, store.AgingFilter{Scope: &sc, Rep: r.URL.Query().Get("rep")})
}

func (s *Server) aging(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.agingReport(r)
	if err != nil {
		return err
	}
	if f := downloadFormat(r); f != "" {
		return s.download(w, r, f, "aging-"+rep.AsOf.String(), tables.Aging(rep, string(langOf(r)))...)
	}
	p := AgingPage{Base: s.base(r, "aging"), Report: rep}
	p.ActiveNav = "aging"
	var top money.Amount
	for _, b := range rep.Buckets {
		top = max(top, b.Amount)
	}
	for _, b := range rep.Buckets {
		pct := 0
		if top > 0 {
			pct = int(float64(b.Amount) * 100 / float64(top)) // no ×100 of a sum in int64
		}
		p.Bars = append(p.Bars, Bar{Label: p.Bucket(b), Amount: b.Amount, Percent: pct})
	}
	byRep := map[string]*RepAging{}
	for _, c := range rep.Customers {
		ra := byRep[c.Rep]
		if ra == nil {
			ra = &RepAging{Rep: c.Rep, Buckets: make([]money.Amount, len(rep.Buckets))}
			byRep[c.Rep] = ra
		}
		for i, a := range c.Buckets {
			ra.Buckets[i] += a
		}
		ra.Total += c.Total
	}
	for _, ra := range byRep {
		p.ByRep = append(p.ByRep, *ra)
	}
	slices.SortFunc(p.ByRep, func(a, b RepAging) int { return int(b.Total - a.Total) })
	p.Customers = slices.Clone(rep.Customers)
	slices.SortStableFunc(p.Customers, func(a, b ledger.CustomerAging) int { return int(b.Total - a.Total) })
	p.Customers = p.Customers[:min(100, len(p.Customers))]
	return s.render(w, http.StatusOK, "aging", "", p)
}

// agingCSV exports every customer line, amounts in yuan.
func (s *Server) agingCSV(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.agingReport(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="aging-`+rep.AsOf.String()+`.csv"`)
	return rep.WriteCSV(w)
}
