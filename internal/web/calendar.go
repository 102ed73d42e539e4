package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/user"
)

// newFeed gives the viewer a new secret calendar feed and shows its
// address once: the old address stops working.
func (s *Server) newFeed(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	token, hash := user.NewSecret()
	if err := s.store.SetFeedToken(r.Context(), v.ID, hash); err != nil {
		return err
	}
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	feed := fmt.Sprintf("%s://%s/calendar/%s.ics", scheme, r.Host, token)
	b := s.base(r, "worklist")
	return s.worklistPage(w, r, http.StatusOK, b.T("feed.created")+" "+feed, "")
}

// calendarFeed serves a rep's follow-ups as iCalendar: today's list and
// the next follow-up of each customer in the coming week, as all-day
// events. The secret in the address is the only credential, as calendar
// apps cannot log in.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok {
		return errs.ErrNotFound
	}
	u, err := s.store.FeedUser(r.Context(), user.HashSecret(token))
	if errors.Is(err, errs.ErrNotFound) {
		return errs.ErrNotFound
	} else if err != nil {
		return err
	}
	today := s.today()
	var cal icsWriter
	cal.line("BEGIN:VCALENDAR")
	cal.line("VERSION:2.0")
	cal.line("PRODID:-//huikuan//worklist//ZH")
	cal.line("CALSCALE:GREGORIAN")
	cal.line("X-WR-CALNAME:" + icsText("回款跟进 "+u.Rep))
	cal.line("X-PUBLISHED-TTL:PT1H")
	if u.Role == user.Rep {
		items, err := s.store.Worklist(r.Context(), u.Scope(), u.Rep, today)
		if err != nil {
			return err
		}
		stamp := s.cfg.Now().UTC().Format("20060102T150405Z")
		for _, it := range items {
			var words []string
			for _, reason := range it.Reasons {
				words = append(words, reason.Words(true))
			}
			summary := it.Name + " " + it.AmountAtStake.FormatWan()
			if it.MustCall {
				summary = "【必打】" + summary
			}
			cal.event(fmt.Sprintf("%s-%s@huikuan", today, it.Customer), stamp, today, summary, strings.Join(words, "；")+"\n"+it.Phone)
		}
		upcoming, err := s.store.UpcomingFollowups(r.Context(), u.Scope(), u.Rep, today, 7)
		if err != nil {
			return err
		}
		for _, up := range upcoming {
			cal.event(fmt.Sprintf("%s-%s@huikuan", up.Reason.On, up.Customer), stamp, up.Reason.On, up.Name, up.Reason.Words(true)+"\n"+up.Phone)
		}
	}
	cal.line("END:VCALENDAR")
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write([]byte(cal.String()))
	return err
}

// icsWriter writes iCalendar lines: CRLF ends, folded at 75 octets.
type icsWriter struct{ strings.Builder }

func (c *icsWriter) line(s string) {
	for len(s) > 75 {
		cut := 75
		for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			cut--
		}
		c.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
	}
	c.WriteString(s + "\r\n")
}

func (c *icsWriter) event(uid, stamp string, day civil.Date, summary, description string) {
	d := strings.ReplaceAll(day.String(), "-", "")
	next := strings.ReplaceAll(day.AddDays(1).String(), "-", "")
	c.line("BEGIN:VEVENT")
	c.line("UID:" + icsText(uid))
	c.line("DTSTAMP:" + stamp)
	c.line("DTSTART;VALUE=DATE:" + d)
	c.line("DTEND;VALUE=DATE:" + next)
	c.line("SUMMARY:" + icsText(summary))
	c.line("DESCRIPTION:" + icsText(description))
	c.line("END:VEVENT")
}

// icsEscaper escapes a TEXT value as RFC 5545 (3.3.11) says: backslash,
// semicolon and comma are escaped, a line break of any kind becomes \n.
var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// icsText escapes a TEXT value (every value of the feed that is not a date
// or a constant: UIDs, summaries, descriptions, the calendar's name).
// Control characters other than tabs, which TEXT may not hold, are dropped,
// so no stored value can add a line to the feed.
func icsText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, s)
	return icsEscaper.Replace(s)
}
