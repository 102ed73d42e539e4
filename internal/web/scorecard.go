package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/habit"
	"huikuan/internal/planning"
	"huikuan/internal/scorecard"
	"huikuan/internal/user"
)

// trendMonths is how many months the dashboards draw.
const trendMonths = 12

// maxProfiles is how many reps the habit radar draws: beyond it the shapes
// cover each other, and the profiles are drawn as bars by rep.
const maxProfiles = 12

// ScorecardPage is the scorecard of a month, for a team (the manager's
// dashboard: attainment by rep, twelve months of KPIs, the aging trend,
// each rep's habit profile and the rep to coach first) or for one rep
// (their habits weakest first and their own twelve months).
type ScorecardPage struct {
	Base
	Month
	Team    string   // the team shown; "" with All for the company
	All     bool     // an admin's whole company
	Teams   []string // the teams an admin may pick
	RepView bool     // one rep's page
	Query   string   // the page's month and team, for the download links
	// Attainment is the month's, by rep (the team page only).
	Attainment planning.Report
	// Trend is one KPIs per month, oldest first, the last the page's month
	// (up to today for this month).
	Trend   []scorecard.KPIs
	Buckets []string // the aging buckets' labels, as in Trend's last month
	Card    scorecard.Card
	// Rep is the rep's card on a rep's page.
	Rep      scorecard.RepCard
	Profiles []Profile // each rep's score by habit, habits in order 1–6
	Coach    *Coach    // the rep to coach first, when any habit is scored
	// Tables are the page's tables, each with its chart, in page order.
	Tables []ChartTable
}

// Profile is one rep's habit scores, habits in DESIGN.md's order.
type Profile struct {
	Rep, Name string
	Scores    [6]*int
}

// Coach is the weakest rep's weakest habit.
type Coach struct {
	Rep   scorecard.RepCard
	Habit scorecard.Habit
}

// habitCodes are the six habits' codes in DESIGN.md's order.
var habitCodes = func() []string {
	out := make([]string, len(habit.Codes))
	for i, c := range habit.Codes {
		out[i] = string(c)
	}
	return out
}()

// scorecardPage is GET /scorecard?month=YYYY-MM[&team=]: a manager's team,
// an admin's pick of a team or the company; a rep is sent to their own
// page.
func (s *Server) scorecardPage(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	if v.Role == user.Rep {
		to := "/scorecard/" + url.PathEscape(v.Rep)
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	p, sc, err := s.scorecardBase(r, r.URL.Query().Get("team"), "")
	if err != nil {
		return err
	}
	if p.Attainment, err = s.dashAttainment(r.Context(), sc, p.Start); err != nil {
		return err
	}
	if err := s.fillScorecard(r, &p, sc); err != nil {
		return err
	}
	p.Profiles, p.Coach = profiles(p.Card), coach(p.Card)
	p.Tables = append([]ChartTable{p.attainmentTable(p.Attainment), p.profileTable()}, p.trendTables()...)
	return s.render(w, http.StatusOK, "scorecard", "", p)
}

// repScorecard is GET /scorecard/{rep}?month=YYYY-MM: a rep's own page, or
// a manager's or admin's view of one of their reps (others are 403 or 404,
// as scorecard.Narrow says).
func (s *Server) repScorecard(w http.ResponseWriter, r *http.Request) error {
	p, sc, err := s.scorecardBase(r, "", r.PathValue("rep"))
	if err != nil {
		return err
	}
	p.RepView = true
	if err := s.fillScorecard(r, &p, sc); err != nil {
		return err
	}
	for _, rc := range p.Card.Reps {
		if rc.Rep == r.PathValue("rep") {
			p.Rep = rc
		}
	}
	if p.Rep.Rep == "" {
		p.Rep.Rep = r.PathValue("rep")
	}
	p.Title = p.Tf("sc.rep-title", p.Rep.Rep+" "+p.Rep.Name, p.Month.Month)
	p.Tables = append([]ChartTable{p.habitTable()}, p.trendTables()...)
	return s.render(w, http.StatusOK, "scorecard", "", p)
}

// scorecardBase reads the month and narrows the viewer's scope to the team
// or rep asked for.
func (s *Server) scorecardBase(r *http.Request, team, rep string) (ScorecardPage, user.Scope, error) {
	v := viewerOf(r.Context())
	m, err := s.monthOf(r)
	if err != nil {
		return ScorecardPage{}, user.Scope{}, err
	}
	if m.Start > s.today() {
		return ScorecardPage{}, user.Scope{}, &invalidParam{"month", fmt.Sprintf("%q is after this month", m.Month)}
	}
	if m.Start == s.today().MonthStart() {
		m.Next = ""
	}
	sc, err := scorecard.Narrow(r.Context(), s.store, v.Scope(), rep, team, s.today())
	if err != nil {
		return ScorecardPage{}, sc, err
	}
	p := ScorecardPage{Base: s.base(r, "scorecard"), Month: m, Team: sc.Team, All: sc.All}
	p.ActiveNav = "scorecard"
	p.Title = p.Tf("sc.title", m.Month)
	q := url.Values{"month": {m.Month}}
	if team != "" {
		q.Set("team", team)
	}
	if rep != "" {
		q.Set("rep", rep)
	}
	p.Query = q.Encode()
	if v.Scope().All && rep == "" {
		if p.Teams, err = s.teams(r, m.Start); err != nil {
			return p, sc, err
		}
	}
	return p, sc, nil
}

// fillScorecard adds what both pages show: the twelve months and the
// month's six-habit card.
func (s *Server) fillScorecard(r *http.Request, p *ScorecardPage, sc user.Scope) error {
	var err error
	if p.Trend, err = s.dashTrend(r.Context(), sc, p.Start); err != nil {
		return err
	}
	if p.Buckets, err = s.bucketNames(r, p.Base, p.Trend); err != nil {
		return err
	}
	p.Card, err = s.dashCard(r.Context(), sc, p.Start, string(p.Lang))
	return err
}

// bucketNames name the aging trend's buckets in the page's language as
// the aging report does, or by the trend's own labels when the buckets
// were changed since.
func (s *Server) bucketNames(r *http.Request, b Base, trend []scorecard.KPIs) ([]string, error) {
	if len(trend) == 0 {
		return nil, nil
	}
	bk, err := s.store.AgingBuckets(r.Context())
	if err != nil {
		return nil, err
	}
	last, info := trend[len(trend)-1].Aging, bk.Info()
	names := make([]string, len(last))
	for i, a := range last {
		names[i] = a.Label
		if len(info) == len(last) && info[i].Label == a.Label {
			names[i] = b.Bucket(info[i])
		}
	}
	return names, nil
}

// teams are the teams of the reps with a line in the month's targets, in
// order.
func (s *Server) teams(r *http.Request, month civil.Date) ([]string, error) {
	ts, err := s.store.Targets(r.Context(), user.Scope{All: true}, month)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range ts {
		if t.Team != "" && !slices.Contains(out, t.Team) {
			out = append(out, t.Team)
		}
	}
	slices.Sort(out)
	return out, nil
}

// profiles are the card's reps' scores by habit number.
func profiles(c scorecard.Card) []Profile {
	out := make([]Profile, len(c.Reps))
	for i, rc := range c.Reps {
		out[i] = Profile{Rep: rc.Rep, Name: rc.Name}
		for _, h := range rc.Habits {
			if h.Habit >= 1 && h.Habit <= 6 {
				out[i].Scores[h.Habit-1] = h.Score
			}
		}
	}
	return out
}

// coach picks the rep to coach first — the one whose scored habits have
// the lowest mean score (ties: the lower rep code) — and their weakest
// habit, the first of their card. Nil when no habit is scored.
func coach(c scorecard.Card) *Coach {
	var best *Coach
	bestMean := 0.0
	for _, rc := range c.Reps {
		sum, n := 0, 0
		for _, h := range rc.Habits {
			if h.Score != nil {
				sum, n = sum+*h.Score, n+1
			}
		}
		if n == 0 || len(rc.Habits) == 0 {
			continue
		}
		mean := float64(sum) / float64(n)
		if best == nil || mean < bestMean || mean == bestMean && rc.Rep < best.Rep.Rep {
			best, bestMean = &Coach{Rep: rc, Habit: rc.Habits[0]}, mean
		}
	}
	return best
}
