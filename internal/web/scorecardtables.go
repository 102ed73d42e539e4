package web

import (
	"net/url"
	"slices"
	"strconv"

	"huikuan/internal/money"
	"huikuan/internal/planning"
	"huikuan/internal/scorecard"
)

// ChartTable is one table of the scorecard pages, with the chart
// charts.js draws from it (Chart "" draws none). The handler fills every
// cell's text and raw value in Go, so the template only prints them: the
// dashboard renders in a fraction of the time reflection took over
// per-cell method calls.
type ChartTable struct {
	Title string
	Class string // the table's own class, which tests and CSS find it by
	Chart string // line, bar, stack or radar
	Unit  string // yuan, pct, days or score: how the value axis reads
	Max   string // the top of the value axis, if fixed
	Head  []Head
	Rows  []Row
	Foot  []string // a total line: its label, then its cells' texts
	Empty string   // what the body says without rows
	Note  string
}

// Head is one column header; Series columns are drawn, Scale multiplies
// their values for the chart (a ratio drawn in percent).
type Head struct {
	Text, Scale, Habit string
	Num, Series        bool
}

// Row is one line: its label (a link when Link is set) and cells, and
// the data attributes that say what it is.
type Row struct {
	Rep, Month, From, To, Habit string
	Label, Link, Title          string
	Cells                       []Cell
}

// Cell is one figure: its text, its raw value in data-v when HasV, the
// KPI's JSON name in data-k; Words cells hold sentences.
type Cell struct {
	K, V, Text  string
	HasV, Words bool
}

func money2(a money.Amount) Cell { return Cell{V: a.String(), Text: a.FormatWan(), HasV: true} }

func (b Base) days(k string, r *float64) Cell {
	return Cell{K: k, V: b.Nv(r), Text: b.Days(r), HasV: true}
}
func (b Base) pct(k string, r *float64) Cell {
	return Cell{K: k, V: b.Nv(r), Text: b.Pct(r), HasV: true}
}

func (b Base) monthRow(k scorecard.KPIs, cells ...Cell) Row {
	m := b.MonthKey(k)
	return Row{Month: m, From: k.From.String(), To: k.To.String(), Label: m, Cells: cells}
}

// trendTables are the twelve months: collections, DSO, CEI and the kept
// rates, and the aging at each month end.
func (p *ScorecardPage) trendTables() []ChartTable {
	b := p.Base
	num := func(key string, series bool) Head { return Head{Text: b.T(key), Num: true, Series: series} }
	coll := ChartTable{Title: b.T("sc.collections"), Class: "trend collections", Chart: "line", Unit: "yuan",
		Head: []Head{{Text: b.T("month")}, num("sc.collected", true), num("sc.credit-sales", true), num("sc.target", false), num("sc.rate", false)}}
	dso := ChartTable{Title: b.T("sc.dso-trend"), Class: "trend dso", Chart: "line", Unit: "days",
		Head: []Head{{Text: b.T("month")}, num("sc.dso", true), num("sc.countback", true), num("sc.bpdso", true), num("sc.add", false), num("sc.ar-end", false)}}
	cei := ChartTable{Title: b.T("sc.cei-trend"), Class: "trend cei", Chart: "line", Unit: "pct", Note: b.T("sc.cei-note"),
		Head: []Head{{Text: b.T("month")}, {Text: "CEI", Num: true, Series: true}, {Text: b.T("sc.kept-count"), Num: true, Series: true, Scale: "100"},
			{Text: b.T("sc.kept-amount"), Num: true, Series: true, Scale: "100"}, num("sc.reached", false), num("sc.promise-rate", false)}}
	aging := ChartTable{Title: b.T("sc.aging-trend"), Class: "trend aging", Chart: "stack", Unit: "yuan", Head: []Head{{Text: b.T("month")}}}
	for _, name := range p.Buckets {
		aging.Head = append(aging.Head, Head{Text: name, Num: true, Series: true})
	}
	aging.Head = append(aging.Head, num("sc.overdue-ratio", false))
	for _, k := range p.Trend {
		target := Cell{Text: "—"}
		if k.Target != nil {
			target.Text = k.Target.FormatWan()
		}
		c, s, ar := money2(k.Collected), money2(k.CreditSales), money2(k.AREnd)
		c.K, s.K, ar.K = "collected", "credit_sales", "ar_end"
		coll.Rows = append(coll.Rows, b.monthRow(k, c, s, target, b.pct("collection_rate", k.CollectionRate)))
		dso.Rows = append(dso.Rows, b.monthRow(k, b.days("dso", k.DSO), b.days("dso_countback", k.DSOCountback), b.days("bpdso", k.BPDSO), b.days("add", k.ADD), ar))
		cei.Rows = append(cei.Rows, b.monthRow(k, b.days("cei", k.CEI), b.pct("kept_rate_count", k.KeptRateCount), b.pct("kept_rate_amount", k.KeptRateAmount),
			b.pct("reached_rate", k.ReachedRate), b.pct("promise_rate", k.PromiseRate)))
		row := b.monthRow(k)
		for i := range p.Buckets {
			if i < len(k.Aging) {
				row.Cells = append(row.Cells, money2(k.Aging[i].Amount))
			} else {
				row.Cells = append(row.Cells, Cell{Text: "—", HasV: true})
			}
		}
		row.Cells = append(row.Cells, b.pct("overdue_ratio", k.OverdueRatio))
		aging.Rows = append(aging.Rows, row)
	}
	return []ChartTable{coll, dso, cei, aging}
}

// repLink is a rep's scorecard for the page's month.
func (p *ScorecardPage) repLink(rep string) string {
	return "/scorecard/" + url.PathEscape(rep) + "?month=" + p.Month.Month
}

// attainmentTable is the month's target and collections by rep.
func (p *ScorecardPage) attainmentTable(r planning.Report) ChartTable {
	b := p.Base
	t := ChartTable{Title: b.T("sc.attainment"), Class: "attainment", Chart: "bar", Unit: "yuan",
		Head: []Head{{Text: b.T("rep")}, {Text: b.T("sc.target"), Num: true, Series: true}, {Text: b.T("sc.collected"), Num: true, Series: true}, {Text: b.T("sc.rate"), Num: true}}}
	for _, a := range r.Reps {
		target := Cell{Text: "—", HasV: true}
		if a.TargetSet {
			target = money2(a.Target)
		}
		t.Rows = append(t.Rows, Row{Rep: a.Rep, Label: b.RepLabel(a.Rep, a.Name), Link: p.repLink(a.Rep),
			Cells: []Cell{target, money2(a.Collected), {Text: b.Rate(a.Rate)}}})
	}
	total := "—"
	if r.TargetSet {
		total = r.Target.FormatWan()
	}
	t.Foot = []string{b.T("total"), total, r.Collected.FormatWan(), b.Rate(r.Rate)}
	return t
}

// profileTable is each rep's score by habit, habits in order 1–6: a
// radar when there are few enough reps for their shapes to be told apart,
// else bars by rep.
func (p *ScorecardPage) profileTable() ChartTable {
	b := p.Base
	t := ChartTable{Title: b.T("sc.profiles"), Class: "profiles", Chart: "radar", Max: "100", Empty: b.T("sc.no-data"), Note: b.T("sc.score-note"), Head: []Head{{Text: b.T("rep")}}}
	switch {
	case !slices.ContainsFunc(p.Profiles, scored):
		t.Chart = "" // nothing to draw
	case len(p.Profiles) > maxProfiles:
		t.Chart, t.Unit = "bar", "score"
	}
	for _, code := range habitCodes {
		t.Head = append(t.Head, Head{Text: b.HabitName(code), Habit: code, Num: true, Series: true})
	}
	for _, pr := range p.Profiles {
		row := Row{Rep: pr.Rep, Label: b.RepLabel(pr.Rep, pr.Name), Link: p.repLink(pr.Rep)}
		for _, s := range pr.Scores {
			row.Cells = append(row.Cells, Cell{V: b.Iv(s), Text: b.Score(s), HasV: true})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// scored is whether a rep has a score for any habit.
func scored(pr Profile) bool {
	return slices.ContainsFunc(pr.Scores[:], func(s *int) bool { return s != nil })
}

// habitTable is one rep's six habits, weakest first.
func (p *ScorecardPage) habitTable() ChartTable {
	b := p.Base
	t := ChartTable{Title: b.T("sc.habits"), Class: "habits", Chart: "bar", Unit: "score", Max: "100", Empty: b.T("sc.no-data"), Note: b.T("sc.score-note"),
		Head: []Head{{Text: b.T("sc.habit")}, {Text: b.T("sc.value"), Num: true}, {Text: b.T("sc.median"), Num: true},
			{Text: b.T("sc.score"), Num: true, Series: true}, {Text: b.T("sc.finding")}, {Text: b.T("sc.tip")}}}
	for _, h := range p.Rep.Habits {
		t.Rows = append(t.Rows, Row{Habit: h.Code, Label: b.HabitName(h.Code), Title: h.Definition, Cells: []Cell{
			{V: b.Nv(h.Value), Text: b.Pct(h.Value), HasV: true}, {V: b.Nv(h.TeamMedian), Text: b.Pct(h.TeamMedian), HasV: true},
			{V: b.Iv(h.Score), Text: b.Score(h.Score), HasV: true}, {Text: h.Finding, Words: true}, {Text: h.Tip, Words: true}}})
	}
	return t
}

// Cols is how many columns the table has, for a body without rows.
func (t ChartTable) Cols() string { return strconv.Itoa(len(t.Head)) }
