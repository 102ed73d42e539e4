package deliver

import (
	"context"
	"slices"
	"strings"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/notify"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// EnqueueAlerts batches the managers' alerts of day: for each team whose
// manager or robot has a channel, one message a channel telling of the
// promises broken and plans declined since the last batch (the pending
// alert events) and of the reps behind on their follow-ups today. The
// messages and the marking of their events are one transaction. A team
// nobody hears for keeps its events until they are a week old. Nothing is
// made on a day that is not a working day. It returns how many messages
// were new.
func EnqueueAlerts(ctx context.Context, s *store.Store, day civil.Date, baseURL string, now time.Time) (int, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	if !cal.Calendar().IsWorkday(day) {
		return 0, nil
	}
	to, err := recipients(ctx, s)
	if err != nil {
		return 0, err
	}
	if len(to) == 0 { // nobody to tell: the events wait until they are old news
		news, stale, err := s.PendingAlerts(ctx)
		if _, stale = fresh(news, stale, day); err != nil || len(stale) == 0 {
			return 0, err
		}
		return s.EnqueueBatch(ctx, []store.AlertBatch{{Events: stale}}, day, now)
	}
	alerts, events, stale, err := Alerts(ctx, s, day, baseURL)
	if err != nil {
		return 0, err
	}
	batches := []store.AlertBatch{{Events: stale}}
	for team, a := range alerts {
		if len(to[team]) == 0 {
			continue // nobody to tell: its events wait until they are old news
		}
		b := store.AlertBatch{Events: events[team]}
		for _, r := range to[team] {
			m := a.Message(r.lang)
			b.Messages = append(b.Messages, store.Outgoing{Key: store.AlertKey(day, team, r.who, r.ch.Kind), ChannelID: r.ch.ID, Kind: r.ch.Kind, Subject: m.Subject, Body: m.Markdown})
		}
		batches = append(batches, b)
	}
	return s.EnqueueBatch(ctx, batches, day, now)
}

// Alerts composes each team's alert of day, by team, with the alert
// events each tells of (to be marked with it) and the stale ones (a
// promise kept or a plan agreed since, or news older than a week: to be
// marked and dropped).
func Alerts(ctx context.Context, s *store.Store, day civil.Date, baseURL string) (map[string]notify.Alert, map[string][]int64, []int64, error) {
	news, stale, err := s.PendingAlerts(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	news, stale = fresh(news, stale, day)
	rules, err := s.NotifySettings(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	url := strings.TrimRight(baseURL, "/") + "/scorecard"
	alerts, events := map[string]notify.Alert{}, map[string][]int64{}
	get := func(team string) notify.Alert {
		a, ok := alerts[team]
		if !ok {
			a = notify.Alert{Team: team, Day: day, URL: url}
		}
		return a
	}
	for _, e := range news {
		a := get(e.Team)
		if e.Kind == store.AlertPromiseBroken {
			a.Broken = append(a.Broken, notify.AlertPromise{Customer: e.Customer, Name: e.Name, Rep: e.Rep, Left: e.Amount, Due: e.Due})
		} else {
			a.Declined = append(a.Declined, notify.AlertPlan{Customer: e.Customer, Name: e.Name, Rep: e.Rep, Asked: e.Amount, On: e.Day})
		}
		alerts[e.Team] = a
		events[e.Team] = append(events[e.Team], e.ID)
	}
	names := map[string]string{}
	var teams []string
	for _, u := range users {
		if u.Role == user.Rep && u.Rep != "" {
			names[u.Rep] = u.Name
		}
		if u.Role == user.Manager && !u.Disabled && u.Team != "" && !slices.Contains(teams, u.Team) {
			teams = append(teams, u.Team)
		}
	}
	for _, team := range teams {
		lists, err := s.Worklists(ctx, user.Scope{Team: team}, "", day)
		if err != nil {
			return nil, nil, nil, err
		}
		a := get(team)
		for rep, items := range lists {
			if r, ok := behind(rep, items, day, rules.AlertLateFollowups); ok {
				r.Name = cmpOr(names[rep], rep)
				a.Behind = append(a.Behind, r)
			}
		}
		slices.SortFunc(a.Behind, func(x, y notify.AlertRep) int { return y.Late - x.Late })
		alerts[team] = a
	}
	for team, a := range alerts {
		if a.Empty() {
			delete(alerts, team)
		}
	}
	return alerts, events, stale, nil
}

// fresh moves the events older than store.NewsDays on day to stale.
func fresh(news []store.AlertEvent, stale []int64, day civil.Date) ([]store.AlertEvent, []int64) {
	var out []store.AlertEvent
	for _, e := range news {
		if e.Day < day.AddDays(-store.NewsDays) {
			stale = append(stale, e.ID)
		} else {
			out = append(out, e)
		}
	}
	return out, stale
}

// behind counts a rep's must-call customers whose call was due before
// day: a follow-up, a reminder or a call after a broken promise that is
// late. At least least of them make the rep behind.
func behind(rep string, items []followup.Item, day civil.Date, least int) (notify.AlertRep, bool) {
	r := notify.AlertRep{Rep: rep}
	for _, it := range items {
		if !it.MustCall || len(it.Reasons) == 0 {
			continue
		}
		first := it.Reasons[0].On
		for _, why := range it.Reasons {
			first = min(first, why.On)
		}
		if first < day {
			r.Late++
			if r.Oldest == 0 || first < r.Oldest {
				r.Oldest = first
			}
		}
	}
	return r, r.Late >= least
}

// recipient is a channel an alert goes to, in its owner's language; who
// is the manager's login or "team" for the team's robot.
type recipient struct {
	who  string
	lang string
	ch   store.Channel
}

// recipients are, by team, the channels of the team's managers and the
// team's own robots.
func recipients(ctx context.Context, s *store.Store) (map[string][]recipient, error) {
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	chans, err := s.Channels(ctx)
	if err != nil {
		return nil, err
	}
	prefs, err := s.AllNotifyPrefs(ctx)
	if err != nil {
		return nil, err
	}
	managers := map[int64]user.User{}
	for _, u := range users {
		if u.Role == user.Manager && !u.Disabled && u.Team != "" {
			managers[u.ID] = u
		}
	}
	out := map[string][]recipient{}
	for _, ch := range chans {
		if ch.Team != "" {
			out[ch.Team] = append(out[ch.Team], recipient{who: "team", lang: "zh", ch: ch})
			continue
		}
		m, ok := managers[ch.UserID]
		if !ok {
			continue
		}
		p, ok := prefs[m.ID]
		if !ok {
			p = store.DefaultNotifyPrefs
		}
		out[m.Team] = append(out[m.Team], recipient{who: m.Login, lang: p.Lang, ch: ch})
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
