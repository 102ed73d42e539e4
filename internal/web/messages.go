package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"huikuan/internal/deliver"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/notify"
	"huikuan/internal/store"
)

// MessagesPage is a user's own page of how huikuan reaches them: their
// channels (addresses masked: a robot's key is never shown again), the
// language of their messages and their quiet hours.
type MessagesPage struct {
	Base
	Channels    []ChannelView
	Prefs       store.NotifyPrefs
	ChannelForm ChannelForm
	Done        string // saved, removed, test
	Error       string
}

// ChannelForm is what the channel form's fields need: the kinds it
// offers, in the reader's language.
type ChannelForm struct {
	Lang
	Kinds []string
}

// ChannelView is a channel as pages show it.
type ChannelView struct {
	Owner   string // login or team
	Kind    string
	Address string // masked
	Secret  bool
}

func channelView(c store.Channel) ChannelView {
	return ChannelView{Owner: c.Login + c.Team, Kind: c.Kind, Address: notify.Mask(c.Address), Secret: c.Secret != ""}
}

func (s *Server) messagesPage(r *http.Request) (MessagesPage, error) {
	p := MessagesPage{Base: s.base(r, "messages"), Done: r.URL.Query().Get("done")}
	p.ChannelForm = ChannelForm{Lang: p.Lang, Kinds: store.ChannelKinds}
	p.ActiveNav = "messages"
	v := viewerOf(r.Context())
	chans, err := s.store.Channels(r.Context())
	if err != nil {
		return p, err
	}
	for _, c := range chans {
		if c.UserID == v.ID {
			p.Channels = append(p.Channels, channelView(c))
		}
	}
	prefs, err := s.store.AllNotifyPrefs(r.Context())
	p.Prefs = store.DefaultNotifyPrefs
	if got, ok := prefs[v.ID]; ok {
		p.Prefs = got
	}
	return p, err
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) error {
	p, err := s.messagesPage(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "messages", "", p)
}

// messagesError shows the page again with what was wrong.
func (s *Server) messagesError(w http.ResponseWriter, r *http.Request, err error) error {
	if !errors.As(err, new(*errs.Invalid)) && !errors.As(err, new(*invalidParam)) {
		return err
	}
	p, perr := s.messagesPage(r)
	if perr != nil {
		return perr
	}
	p.Error = err.Error()
	return s.render(w, http.StatusBadRequest, "messages", "", p)
}

// channelForm reads a channel from a form: its kind, address and secret.
func channelForm(r *http.Request) store.Channel {
	return store.Channel{Kind: r.PostFormValue("kind"), Address: strings.TrimSpace(r.PostFormValue("address")), Secret: strings.TrimSpace(r.PostFormValue("secret"))}
}

func (s *Server) setMyChannel(w http.ResponseWriter, r *http.Request) error {
	c := channelForm(r)
	c.Login = viewerOf(r.Context()).Login
	if err := s.store.SetChannel(r.Context(), actorOf(r), c); err != nil {
		return s.messagesError(w, r, err)
	}
	http.Redirect(w, r, "/me/messages?done=saved", http.StatusSeeOther)
	return nil
}

func (s *Server) removeMyChannel(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.RemoveChannel(r.Context(), actorOf(r), viewerOf(r.Context()).Login, "", r.PathValue("kind")); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/messages?done=removed", http.StatusSeeOther)
	return nil
}

// testMyChannel puts a test message in the outbox; serve's worker sends it
// within its tick.
func (s *Server) testMyChannel(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	chans, err := s.store.Channels(r.Context())
	if err != nil {
		return err
	}
	for _, c := range chans {
		if c.UserID == v.ID && c.Kind == r.PathValue("kind") {
			if err := deliver.EnqueueTest(r.Context(), s.store, c, s.cfg.Now()); err != nil {
				return err
			}
			http.Redirect(w, r, "/me/messages?done=test", http.StatusSeeOther)
			return nil
		}
	}
	return errs.ErrNotFound
}

func (s *Server) saveMyPrefs(w http.ResponseWriter, r *http.Request) error {
	p := store.NotifyPrefs{Lang: r.PostFormValue("lang"), QuietFrom: r.PostFormValue("quiet_from"), QuietTo: r.PostFormValue("quiet_to")}
	if err := s.store.SetNotifyPrefs(r.Context(), actorOf(r), viewerOf(r.Context()).Login, p); err != nil {
		return s.messagesError(w, r, err)
	}
	http.Redirect(w, r, "/me/messages?done=saved", http.StatusSeeOther)
	return nil
}

// DeliveriesPage is the admin's list of the outbox: what went, what
// waits, what failed and why, with a resend.
type DeliveriesPage struct {
	Base
	Status   string // the filter: "", pending, sending, sent, failed
	Statuses []string
	Rows     []DeliveryRow
	Resent   bool
}

// DeliveryRow is a delivery as the list shows it.
type DeliveryRow struct {
	ID       int64
	Created  time.Time
	Kind     string
	To       string // the channel's owner and masked address, or the dealer's address masked
	Subject  string
	Status   string
	Attempts int
	Next     time.Time // when a waiting delivery is tried
	Answer   string
	Sent     time.Time
}

// deliveriesShown is how many of the latest deliveries the page lists.
const deliveriesShown = 200

func (s *Server) deliveries(w http.ResponseWriter, r *http.Request) error {
	p := DeliveriesPage{Base: s.base(r, "deliveries"), Status: r.URL.Query().Get("status"), Statuses: []string{"pending", "sending", "sent", "failed"}, Resent: r.URL.Query().Get("resent") == "1"}
	p.ActiveNav = "settings"
	ds, err := s.store.Deliveries(r.Context(), p.Status, deliveriesShown)
	if err != nil {
		return err
	}
	chans, err := s.store.Channels(r.Context())
	if err != nil {
		return err
	}
	byID := map[int64]store.Channel{}
	for _, c := range chans {
		byID[c.ID] = c
	}
	for _, d := range ds {
		to := notify.Mask(d.Address)
		if c, ok := byID[d.ChannelID]; ok {
			to = c.Login + c.Team + " · " + notify.Mask(c.Address)
		} else if d.Address == "" { // a user's or team's channel, since removed
			to = p.T("deliveries.removed")
		}
		row := DeliveryRow{ID: d.ID, Created: d.Created, Kind: d.Kind, To: to, Subject: d.Subject, Status: d.Status, Attempts: d.Attempts, Answer: d.Answer, Sent: d.Sent}
		if d.Status == "pending" && d.Attempts > 0 { // waiting for its next try
			row.Next = d.NextAt
		}
		p.Rows = append(p.Rows, row)
	}
	return s.render(w, http.StatusOK, "deliveries", "", p)
}

func (s *Server) resend(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	if err := s.store.Resend(r.Context(), actorOf(r), id, s.cfg.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/deliveries?resent=1", http.StatusSeeOther)
	return nil
}

// saveNotify saves the installation's message rules (settings page).
func (s *Server) saveNotify(w http.ResponseWriter, r *http.Request) error {
	n := store.NotifySettings{DigestAt: strings.TrimSpace(r.PostFormValue("digest_at")), Statements: r.PostFormValue("statements") == "on"}
	least, err := money.Parse(strings.TrimSpace(r.PostFormValue("alert_broken_min")))
	if err != nil {
		return s.settingsError(w, r, &invalidParam{"alert_broken_min", err.Error()})
	}
	n.AlertBrokenMin = least
	if n.AlertLateFollowups, err = strconv.Atoi(strings.TrimSpace(r.PostFormValue("alert_late_followups"))); err != nil {
		return s.settingsError(w, r, &invalidParam{"alert_late_followups", "a whole number is needed"})
	}
	return s.settingsSaved(w, r, s.store.SetNotifySettings(r.Context(), actorOf(r), n), "#messages")
}

// setTeamChannel sets a team's group robot (settings page).
func (s *Server) setTeamChannel(w http.ResponseWriter, r *http.Request) error {
	c := channelForm(r)
	c.Team = strings.TrimSpace(r.PostFormValue("team"))
	if c.Team == "" {
		return s.settingsError(w, r, &invalidParam{"team", "name the team"})
	}
	return s.settingsSaved(w, r, s.store.SetChannel(r.Context(), actorOf(r), c), "#messages")
}

func (s *Server) removeTeamChannel(w http.ResponseWriter, r *http.Request) error {
	return s.settingsSaved(w, r, s.store.RemoveChannel(r.Context(), actorOf(r), "", r.PostFormValue("team"), r.PostFormValue("kind")), "#messages")
}
