package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// SettingsPage is the data of the admin's settings page.
type SettingsPage struct {
	Base
	Buckets  string // "0, 30, 60, 90, 180"
	Holidays string // one date a line
	Workdays string
	Users    []user.User
	Cadence  followup.Policy
	// Intervals are the cadence's days between calls, tier by tier.
	Intervals []TierDays
	Saved     bool
	Error     string
	Added     string // the message with a new user's first password
	// Playbook is the counters to excuses, and FactNames the facts they
	// may name.
	Playbook  []PlaybookRow
	FactNames []string
	// Notify is when the morning's messages go and what managers are
	// alerted to; TeamChannels the teams' group robots, and the form for
	// one (a team has robots, not e-mail).
	Notify          store.NotifySettings
	TeamChannels    []ChannelView
	TeamChannelForm ChannelForm
}

// TierDays is a credit tier's days between calls.
type TierDays struct {
	Tier string
	Days int
}

// invalidParam is a bad value in a form or query, shown to the user.
type invalidParam struct{ field, msg string }

func (e *invalidParam) Error() string { return e.field + ": " + e.msg }

func (s *Server) settingsPage(r *http.Request) (SettingsPage, error) {
	p := SettingsPage{Base: s.base(r, "settings")}
	p.ActiveNav = "settings"
	pb, err := s.store.Playbook(r.Context())
	if err != nil {
		return p, err
	}
	p.Playbook, p.FactNames = playbookRows(pb), excuse.FactNames
	bk, err := s.store.AgingBuckets(r.Context())
	if err != nil {
		return p, err
	}
	var parts []string
	for _, b := range bk {
		parts = append(parts, strconv.Itoa(b))
	}
	p.Buckets = strings.Join(parts, ", ")
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return p, err
	}
	p.Holidays, p.Workdays = joinDates(cal.Holidays), joinDates(cal.Workdays)
	if p.Cadence, err = s.store.FollowupPolicy(r.Context()); err != nil {
		return p, err
	}
	for _, t := range []ledger.Tier{ledger.TierA, ledger.TierB, ledger.TierC, ledger.TierD} {
		p.Intervals = append(p.Intervals, TierDays{string(t), p.Cadence.Interval[t]})
	}
	if p.Notify, err = s.store.NotifySettings(r.Context()); err != nil {
		return p, err
	}
	chans, err := s.store.Channels(r.Context())
	if err != nil {
		return p, err
	}
	for _, c := range chans {
		if c.Team != "" {
			p.TeamChannels = append(p.TeamChannels, channelView(c))
		}
	}
	p.TeamChannelForm = ChannelForm{Lang: p.Lang, Kinds: store.RobotKinds}
	p.Users, err = s.store.Users(r.Context())
	p.Saved = r.URL.Query().Get("saved") == "1"
	return p, err
}

func joinDates(ds []civil.Date) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return strings.Join(out, "\n")
}

func (s *Server) settings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.settingsPage(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "settings", "", p)
}

func actorOf(r *http.Request) store.Actor {
	v := viewerOf(r.Context())
	return store.Actor{UserID: v.ID, Name: v.Login}
}

// settingsSaved answers a settings form after the store took it: the page
// again with the mistake (400) when err is one, back to the page's
// section (anchor, "" for the top) marked saved when it is nil.
func (s *Server) settingsSaved(w http.ResponseWriter, r *http.Request, err error, anchor string) error {
	if errors.As(err, new(*errs.Invalid)) {
		return s.settingsError(w, r, err)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?saved=1"+anchor, http.StatusSeeOther)
	return nil
}

// settingsError shows the settings page again with the problem.
func (s *Server) settingsError(w http.ResponseWriter, r *http.Request, err error) error {
	p, perr := s.settingsPage(r)
	if perr != nil {
		return perr
	}
	p.Error = err.Error()
	return s.render(w, http.StatusBadRequest, "settings", "", p)
}

func (s *Server) saveBuckets(w http.ResponseWriter, r *http.Request) error {
	var b ledger.Buckets
	for _, f := range strings.FieldsFunc(r.PostFormValue("buckets"), func(c rune) bool { return c == ',' || c == ' ' || c == '，' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return s.settingsError(w, r, &invalidParam{"buckets", strconv.Quote(f) + " is not a number of days"})
		}
		b = append(b, n)
	}
	return s.settingsSaved(w, r, s.store.SetAgingBuckets(r.Context(), actorOf(r), b), "")
}

// addUser creates a user with a generated first password, shown once.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request) error {
	u := user.User{Login: strings.TrimSpace(r.PostFormValue("login")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: user.Role(r.PostFormValue("role")), Rep: strings.TrimSpace(r.PostFormValue("rep")), Team: strings.TrimSpace(r.PostFormValue("team"))}
	if err := u.Validate(); err != nil {
		return s.settingsError(w, r, &invalidParam{"user", err.Error()})
	}
	secret, _ := user.NewSecret()
	pw := secret[:16]
	hash, err := user.HashPassword(pw)
	if err != nil {
		return err
	}
	if _, err := s.store.CreateUser(r.Context(), actorOf(r), u, hash); err != nil {
		if errors.Is(err, errs.ErrConflict) || errors.As(err, new(*errs.Invalid)) {
			return s.settingsError(w, r, err)
		}
		return err
	}
	p, err := s.settingsPage(r)
	if err != nil {
		return err
	}
	p.Added = p.Tf("user.added", u.Login, pw)
	return s.render(w, http.StatusOK, "settings", "", p)
}

// saveCadence changes the follow-up cadence.
func (s *Server) saveCadence(w http.ResponseWriter, r *http.Request) error {
	p := followup.DefaultPolicy()
	for _, f := range []struct {
		name string
		into *int
	}{{"interval_A", nil}, {"interval_B", nil}, {"interval_C", nil}, {"interval_D", nil},
		{"reminder_days", &p.ReminderDays}, {"after_broken_days", &p.AfterBrokenDays}, {"retry_days", &p.RetryDays}, {"soon_days", &p.SoonDays}, {"capacity", &p.Capacity}} {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(f.name)))
		if err != nil {
			return s.settingsError(w, r, &invalidParam{f.name, "a whole number is needed"})
		}
		if f.into == nil {
			p.Interval[ledger.Tier(strings.TrimPrefix(f.name, "interval_"))] = n
		} else {
			*f.into = n
		}
	}
	return s.settingsSaved(w, r, s.store.SetFollowupPolicy(r.Context(), actorOf(r), p), "")
}

func (s *Server) saveCalendar(w http.ResponseWriter, r *http.Request) error {
	var cal store.CalendarDays
	for _, f := range []struct {
		name string
		into *[]civil.Date
	}{{"holidays", &cal.Holidays}, {"workdays", &cal.Workdays}} {
		for _, line := range strings.Fields(r.PostFormValue(f.name)) {
			d, err := civil.Parse(line)
			if err != nil {
				return s.settingsError(w, r, &invalidParam{f.name, err.Error()})
			}
			*f.into = append(*f.into, d)
		}
	}
	return s.settingsSaved(w, r, s.store.SetCalendar(r.Context(), actorOf(r), cal), "")
}
