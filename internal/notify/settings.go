package notify

import (
	"regexp"

	"huikuan/internal/errs"
	"huikuan/internal/money"
)

// Settings are the installation's rules for messages.
type Settings struct {
	// DigestAt is the local time (HH:MM) on working days when `serve`
	// makes the morning's digests, alerts and, in the month's first
	// working days, the dealers' statements.
	DigestAt string `json:"digest_at"`
	// AlertBrokenMin is the least left unpaid on a broken or partly kept
	// promise that a manager hears of.
	AlertBrokenMin money.Amount `json:"alert_broken_min"`
	// AlertLateFollowups is how many must-call customers whose call is
	// past its day make a rep behind on follow-ups.
	AlertLateFollowups int `json:"alert_late_followups"`
	// Statements says whether dealers with an e-mail address get their
	// monthly statement.
	Statements bool `json:"statements"`
}

// DefaultSettings: the morning at 08:30, alerts from ¥10,000 and five late
// follow-ups, statements on.
var DefaultSettings = Settings{DigestAt: "08:30", AlertBrokenMin: 1_000_000, AlertLateFollowups: 5, Statements: true}

var hhmm = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// Validate names the field that is wrong.
func (n Settings) Validate() error {
	bad := &errs.Invalid{}
	if !hhmm.MatchString(n.DigestAt) {
		bad.Add(0, "digest_at", "%q is not a time of day HH:MM", n.DigestAt)
	}
	if n.AlertBrokenMin < 0 {
		bad.Add(0, "alert_broken_min", "the amount is negative")
	}
	if n.AlertLateFollowups < 1 {
		bad.Add(0, "alert_late_followups", "want at least 1 late follow-up, not %d", n.AlertLateFollowups)
	}
	return bad.Err()
}
