package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"huikuan/internal/errs"
	"huikuan/internal/notify"
	"huikuan/internal/store/sqldb"
)

// Channel is where a user (Login) or a team (Team) is reached: an e-mail
// address or a group robot's webhook address, and a robot's signing
// secret.
type Channel struct {
	ID      int64
	UserID  int64
	Login   string
	Team    string
	Kind    string // email, wecom, dingtalk, feishu
	Address string
	Secret  string
}

// Channel kinds.
const (
	ChannelEmail = "email"
)

// RobotKinds are the group robots, which a team may have; ChannelKinds
// are what a user may have: an e-mail address and the robots.
var (
	RobotKinds   = []string{notify.WeCom, notify.DingTalk, notify.Feishu}
	ChannelKinds = append([]string{ChannelEmail}, RobotKinds...)
)

// SetChannel sets a user's channel of a kind (replacing the one they
// had), or a team's when team is given instead of login. The audit log
// records the masked address, never the secret.
func (s *Store) SetChannel(ctx context.Context, actor Actor, c Channel) (err error) {
	defer wrap(&err, "store.SetChannel")
	if err := checkChannel(c); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		who, entity := c.Team, "team"
		if c.Login != "" {
			who, entity = c.Login, "user"
			if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE login = $1`, c.Login).Scan(&c.UserID); errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("user %q: %w", c.Login, errs.ErrNotFound)
			} else if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM channels WHERE user_id = $1 AND kind = $2`, c.UserID, c.Kind); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO channels (user_id, kind, address, secret) VALUES ($1, $2, $3, $4)`, c.UserID, c.Kind, c.Address, c.Secret); err != nil {
				return err
			}
		} else {
			if _, err := tx.ExecContext(ctx, `DELETE FROM channels WHERE team = $1 AND kind = $2`, c.Team, c.Kind); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO channels (team, kind, address, secret) VALUES ($1, $2, $3, $4)`, c.Team, c.Kind, c.Address, c.Secret); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, "set channel", entity, who, "", fmt.Sprintf(`{"kind":%q,"address":%q}`, c.Kind, notify.Mask(c.Address)))
	})
}

func checkChannel(c Channel) error {
	bad := &errs.Invalid{}
	switch {
	case (c.Login == "") == (c.Team == ""):
		bad.Add(0, "login", "a channel is a user's or a team's: give one of the two")
	case c.Address == "":
		bad.Add(0, "address", "the address is empty")
	}
	known := false
	for _, k := range ChannelKinds {
		known = known || k == c.Kind
	}
	if !known {
		bad.Add(0, "kind", "channel %q: want email, wecom, dingtalk or feishu", c.Kind)
	}
	if c.Kind == ChannelEmail && c.Secret != "" {
		bad.Add(0, "secret", "an e-mail address has no secret")
	}
	return bad.Err()
}

// RemoveChannel removes a user's channel of a kind (or a team's, when
// team is given instead of login); it is no error when there was none.
// Its messages not sent yet fail when their turn comes.
func (s *Store) RemoveChannel(ctx context.Context, actor Actor, login, team, kind string) (err error) {
	defer wrap(&err, "store.RemoveChannel")
	return s.inTx(ctx, func(tx *txn) error {
		who, entity := team, "team"
		q := `DELETE FROM channels WHERE team = $1 AND kind = $2`
		if login != "" {
			who, entity = login, "user"
			q = `DELETE FROM channels WHERE user_id = (SELECT id FROM users WHERE login = $1) AND kind = $2`
		}
		res, err := tx.ExecContext(ctx, q, who, kind)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil
		}
		return audit(ctx, tx, actor, "remove channel", entity, who, "", fmt.Sprintf(`{"kind":%q}`, kind))
	})
}

// Channels returns every channel, users' and teams', by id.
func (s *Store) Channels(ctx context.Context) (_ []Channel, err error) {
	defer wrap(&err, "store.Channels")
	rows, err := s.r.QueryContext(ctx, `SELECT ch.id, COALESCE(ch.user_id, 0), COALESCE(u.login, ''), COALESCE(ch.team, ''), ch.kind, ch.address, ch.secret
		FROM channels ch LEFT JOIN users u ON u.id = ch.user_id ORDER BY ch.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Channel
	for rows.Next() {
		var c Channel
		if err := rows.Scan(&c.ID, &c.UserID, &c.Login, &c.Team, &c.Kind, &c.Address, &c.Secret); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Outgoing is a message to enqueue: its key (the same key is the same
// message, enqueued once), the channel it goes by (a robot's, or an
// e-mail channel's) or an e-mail address of its own (a dealer's), and what
// it says.
type Outgoing struct {
	Key            string
	ChannelID      int64 // 0 for an e-mail to Address
	Kind           string
	Address        string
	Subject        string
	Body           string // Markdown
	HTML           string // an e-mail's HTML part; "" for the body as text alone
	AttachmentName string
	Attachment     []byte
}

// Enqueue writes messages to the outbox, due now; a message whose key is
// there already is left as it is (it is the same message). It returns how
// many were new.
func (s *Store) Enqueue(ctx context.Context, msgs []Outgoing, now time.Time) (n int, err error) {
	defer wrap(&err, "store.Enqueue")
	err = s.inTx(ctx, func(tx *txn) error {
		var e error
		n, e = enqueue(ctx, tx, msgs, now)
		return e
	})
	return n, err
}

// enqueue is Enqueue inside the transaction of what caused the messages.
func enqueue(ctx context.Context, tx *txn, msgs []Outgoing, now time.Time) (int, error) {
	n := 0
	for _, m := range msgs {
		var ch any
		if m.ChannelID != 0 {
			ch = m.ChannelID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (key, channel_id, kind, address, subject, body, html, attachment_name, attachment, next_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (key) DO NOTHING`,
			m.Key, ch, m.Kind, m.Address, m.Subject, m.Body, m.HTML, m.AttachmentName, m.Attachment, sqldb.Stamp(now))
		if err != nil {
			return n, err
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}

// Delivery is a message in the outbox and how its sending went.
type Delivery struct {
	ID int64
	Outgoing
	Status   string // pending, sending, sent, failed
	Attempts int
	NextAt   time.Time
	Answer   string
	Created  time.Time
	Sent     time.Time // zero until sent
}

// Lease is how long a claimed delivery is the claimer's: a worker that
// stops while sending leaves it to be claimed again after that.
const Lease = 10 * time.Minute

// ClaimDue claims up to limit deliveries due by now (pending, or claimed
// by a worker whose lease ran out), oldest first, for this worker alone.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, limit int) (_ []Delivery, err error) {
	defer wrap(&err, "store.ClaimDue")
	var out []Delivery
	err = s.inTx(ctx, func(tx *txn) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM outbox WHERE status IN ('pending', 'sending') AND next_at <= $1 ORDER BY next_at, id LIMIT $2`, sqldb.Stamp(now), limit)
		if err != nil {
			return err
		}
		ds, err := scanDeliveries(rows)
		if err != nil {
			return err
		}
		for _, d := range ds {
			res, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'sending', next_at = $1 WHERE id = $2 AND status = $3 AND next_at = $4`,
				sqldb.Stamp(now.Add(Lease)), d.ID, d.Status, sqldb.Stamp(d.NextAt))
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 1 {
				d.Status = "sending"
				out = append(out, d)
			}
		}
		return nil
	})
	return out, err
}

// MarkSent records that a delivery went, with the channel's answer.
func (s *Store) MarkSent(ctx context.Context, id int64, answer string, at time.Time) (err error) {
	defer wrap(&err, "store.MarkSent")
	return s.inTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'sent', attempts = attempts + 1, answer = $1, sent_at = $2 WHERE id = $3`, answer, sqldb.Stamp(at), id)
		return err
	})
}

// MarkFailed records a failed attempt with the channel's answer: to be
// tried again at next, or failed for good when next is zero.
func (s *Store) MarkFailed(ctx context.Context, id int64, answer string, next time.Time) (err error) {
	defer wrap(&err, "store.MarkFailed")
	return s.inTx(ctx, func(tx *txn) error {
		if next.IsZero() {
			_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'failed', attempts = attempts + 1, answer = $1 WHERE id = $2`, answer, id)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', attempts = attempts + 1, answer = $1, next_at = $2 WHERE id = $3`, answer, sqldb.Stamp(next), id)
		return err
	})
}

// Resend makes a delivery due again now, as new: an admin's resend of a
// failed one.
func (s *Store) Resend(ctx context.Context, actor Actor, id int64, now time.Time) (err error) {
	defer wrap(&err, "store.Resend")
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', attempts = 0, next_at = $1 WHERE id = $2`, sqldb.Stamp(now), id)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return fmt.Errorf("delivery %d: %w", id, errs.ErrNotFound)
		}
		return audit(ctx, tx, actor, "resend", "delivery", fmt.Sprint(id), "", "")
	})
}

// Deliveries returns the latest deliveries, newest first; with status
// (pending, sending, sent, failed), only those.
func (s *Store) Deliveries(ctx context.Context, status string, limit int) (_ []Delivery, err error) {
	defer wrap(&err, "store.Deliveries")
	rows, err := s.r.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM outbox WHERE $1 = '' OR status = $1 ORDER BY id DESC LIMIT $2`, status, limit)
	if err != nil {
		return nil, err
	}
	return scanDeliveries(rows)
}

const deliveryColumns = `id, key, COALESCE(channel_id, 0), kind, address, subject, body, html, attachment_name, attachment, status, attempts, next_at, answer, created_at, sent_at`

func scanDeliveries(rows *sql.Rows) ([]Delivery, error) {
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var next, created sqldb.Stamp
		var sent sql.Null[sqldb.Stamp]
		if err := rows.Scan(&d.ID, &d.Key, &d.ChannelID, &d.Kind, &d.Address, &d.Subject, &d.Body, &d.HTML, &d.AttachmentName, &d.Attachment,
			&d.Status, &d.Attempts, &next, &d.Answer, &created, &sent); err != nil {
			return nil, err
		}
		d.NextAt, d.Created = time.Time(next), time.Time(created)
		if sent.Valid {
			d.Sent = time.Time(sent.V)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Postpone makes a claimed delivery wait until at without counting a try:
// a robot over its rate limit.
func (s *Store) Postpone(ctx context.Context, id int64, at time.Time) (err error) {
	defer wrap(&err, "store.Postpone")
	return s.inTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', next_at = $1 WHERE id = $2`, sqldb.Stamp(at), id)
		return err
	})
}

// NotifyPrefs are a user's language for messages and quiet hours (local
// "HH:MM"; none when equal).
type NotifyPrefs struct {
	Lang               string
	QuietFrom, QuietTo string
}

// DefaultNotifyPrefs are a user's until set: Chinese, no quiet hours.
var DefaultNotifyPrefs = NotifyPrefs{Lang: "zh"}

// AllNotifyPrefs returns every user's preferences that were set, by user id.
func (s *Store) AllNotifyPrefs(ctx context.Context) (_ map[int64]NotifyPrefs, err error) {
	defer wrap(&err, "store.AllNotifyPrefs")
	rows, err := s.r.QueryContext(ctx, `SELECT user_id, lang, quiet_from, quiet_to FROM notify_prefs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]NotifyPrefs{}
	for rows.Next() {
		var id int64
		var p NotifyPrefs
		if err := rows.Scan(&id, &p.Lang, &p.QuietFrom, &p.QuietTo); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// SetNotifyPrefs sets a user's preferences.
func (s *Store) SetNotifyPrefs(ctx context.Context, actor Actor, login string, p NotifyPrefs) (err error) {
	defer wrap(&err, "store.SetNotifyPrefs")
	bad := &errs.Invalid{}
	if p.Lang != "zh" && p.Lang != "en" {
		bad.Add(0, "lang", "language %q: want zh or en", p.Lang)
	}
	for _, f := range []struct{ name, v string }{{"quiet_from", p.QuietFrom}, {"quiet_to", p.QuietTo}} {
		if _, err := time.Parse("15:04", f.v); f.v != "" && err != nil {
			bad.Add(0, f.name, "%q is not a time of day: want HH:MM", f.v)
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE login = $1`, login).Scan(&id); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notify_prefs (user_id, lang, quiet_from, quiet_to) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to`, id, p.Lang, p.QuietFrom, p.QuietTo); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "set notify prefs", "user", login, "", jsonOf(p))
	})
}
