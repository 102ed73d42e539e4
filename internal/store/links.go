package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/link"
	"huikuan/internal/money"
	"huikuan/internal/store/sqldb"
	"huikuan/internal/user"
)

// Statement links: how long one holds.
const (
	LinkDays    = 14
	LinkMaxDays = 90
)

// settingLinkSecret is the installation's secret links are signed with:
// made on first use, never shown, never in the audit log.
const settingLinkSecret = "link_secret"

// ErrLinkRevoked is a genuine link that was revoked.
var ErrLinkRevoked = errors.New("the link was revoked")

// Link is an open statement link: whose statement, as of which day.
type Link struct {
	ID           int64
	CustomerID   int64
	Customer     string
	CustomerName string
	AsOf         civil.Date
	Expires      time.Time
}

// linkSecret returns the installation's link secret, making it the first
// time (two servers making it at once keep the first one written).
func linkSecret(ctx context.Context, tx *txn) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, settingLinkSecret, `"`+hex.EncodeToString(fresh)+`"`); err != nil {
		return nil, err
	}
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, settingLinkSecret).Scan(&v); err != nil {
		return nil, err
	}
	var h string
	if err := jsonUnmarshal(v, &h); err != nil {
		return nil, err
	}
	return hex.DecodeString(h)
}

// secret returns the link secret, kept in memory once read (it never
// changes once made) and read without a write transaction once it exists:
// every dealer page view needs it.
func (s *Store) secret(ctx context.Context) ([]byte, error) {
	if k := s.linkKey.Load(); k != nil {
		return *k, nil
	}
	var v string
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, settingLinkSecret).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = s.inTx(ctx, func(tx *txn) error {
			var e error
			b, e = linkSecret(ctx, tx)
			return e
		})
	case err == nil:
		var h string
		if err = jsonUnmarshal(v, &h); err == nil {
			b, err = hex.DecodeString(h)
		}
	}
	if err != nil {
		return nil, err
	}
	s.linkKey.Store(&b)
	return b, nil
}

// CreateLink makes a link to the statement of customer as of asOf, good
// for days (1 to LinkMaxDays), for the customers sc sees, and returns its
// token (the part of the URL after /d/).
func (s *Store) CreateLink(ctx context.Context, actor Actor, sc user.Scope, customer string, asOf civil.Date, days int, now time.Time) (token string, err error) {
	defer wrap(&err, "store.CreateLink")
	if days < 1 || days > LinkMaxDays {
		return "", invalid("days", fmt.Sprintf("a link holds 1 to %d days, not %d", LinkMaxDays, days))
	}
	err = s.inTx(ctx, func(tx *txn) error {
		var e error
		token, e = createLink(ctx, tx, actor, sc, customer, asOf, days, now)
		return e
	})
	return token, err
}

// createLink is CreateLink inside a transaction.
func createLink(ctx context.Context, tx *txn, actor Actor, sc user.Scope, customer string, asOf civil.Date, days int, now time.Time) (string, error) {
	args := []any{customer}
	var custID int64
	if err := tx.QueryRowContext(ctx, `SELECT c.id FROM customers c WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID); errors.Is(err, sql.ErrNoRows) {
		return "", invalid("customer", fmt.Sprintf("unknown customer %q", customer))
	} else if err != nil {
		return "", err
	}
	secret, err := linkSecret(ctx, tx)
	if err != nil {
		return "", err
	}
	exp := now.Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Second)
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO statement_links (customer_id, as_of, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		custID, asOf, sqldb.Stamp(exp), actor.Name, sqldb.Stamp(now)).Scan(&id); err != nil {
		return "", err
	}
	token := link.Sign(secret, link.Token{ID: id, Expires: exp})
	return token, audit(ctx, tx, actor, "create link", "customer", customer, "", fmt.Sprintf(`{"link":%d,"as_of":%q,"expires":%q}`, id, asOf, exp.Format(time.RFC3339)))
}

// EnqueueWithLink makes a link to customer's statement as of asOf (good
// for LinkDays) and enqueues the message build makes with its token, in
// one transaction: a statement and its link are made together or not at
// all. When the key is in the outbox already, nothing is made and it
// returns false.
func (s *Store) EnqueueWithLink(ctx context.Context, actor Actor, customer string, asOf civil.Date, key string, now time.Time, build func(token string) (Outgoing, error)) (made bool, err error) {
	defer wrap(&err, "store.EnqueueWithLink")
	err = s.inTx(ctx, func(tx *txn) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE key = $1`, key).Scan(&n); err != nil || n > 0 {
			return err
		}
		token, err := createLink(ctx, tx, actor, user.Scope{All: true}, customer, asOf, LinkDays, now)
		if err != nil {
			return err
		}
		m, err := build(token)
		if err != nil {
			return err
		}
		m.Key = key
		k, err := enqueue(ctx, tx, []Outgoing{m}, now)
		made = k == 1
		return err
	})
	return made, err
}

// StatementRecipient is a customer with an e-mail address.
type StatementRecipient struct {
	Customer, Name, Email string
}

// StatementRecipients returns every customer with an e-mail address, by
// code.
func (s *Store) StatementRecipients(ctx context.Context) (_ []StatementRecipient, err error) {
	defer wrap(&err, "store.StatementRecipients")
	rows, err := s.r.QueryContext(ctx, `SELECT code, name, email FROM customers WHERE email <> '' ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StatementRecipient
	for rows.Next() {
		var r StatementRecipient
		if err := rows.Scan(&r.Customer, &r.Name, &r.Email); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RevokeLinks revokes every link of a customer the scope sees that still
// holds, and returns how many.
func (s *Store) RevokeLinks(ctx context.Context, actor Actor, sc user.Scope, customer string, now time.Time) (n int, err error) {
	defer wrap(&err, "store.RevokeLinks")
	err = s.inTx(ctx, func(tx *txn) error {
		args := []any{customer}
		var custID int64
		if err := tx.QueryRowContext(ctx, `SELECT c.id FROM customers c WHERE c.code = $1 AND `+scopeClause(sc, &args), args...).Scan(&custID); errors.Is(err, sql.ErrNoRows) {
			return invalid("customer", fmt.Sprintf("unknown customer %q", customer))
		} else if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE statement_links SET revoked_at = $1 WHERE customer_id = $2 AND revoked_at IS NULL AND expires_at > $1`, sqldb.Stamp(now), custID)
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		n = int(k)
		return audit(ctx, tx, actor, "revoke links", "customer", customer, "", fmt.Sprintf(`{"revoked":%d}`, n))
	})
	return n, err
}

// OpenLink checks a link's token and returns the link: link.ErrInvalid
// for a token not made here, link.ErrExpired past its day,
// ErrLinkRevoked once revoked.
func (s *Store) OpenLink(ctx context.Context, token string, now time.Time) (_ Link, err error) {
	defer wrap(&err, "store.OpenLink")
	var l Link
	secret, err := s.secret(ctx)
	if err != nil {
		return l, err
	}
	t, err := link.Verify(secret, token, now)
	if err != nil {
		return l, err
	}
	var revoked sql.Null[sqldb.Stamp]
	var exp sqldb.Stamp
	st, err := s.prepared(ctx, `SELECT l.id, l.customer_id, c.code, c.name, l.as_of, l.expires_at, l.revoked_at
		FROM statement_links l JOIN customers c ON c.id = l.customer_id WHERE l.id = $1`)
	if err != nil {
		return l, err
	}
	err = st.QueryRowContext(ctx, t.ID).Scan(&l.ID, &l.CustomerID, &l.Customer, &l.CustomerName, &l.AsOf, &exp, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return l, link.ErrInvalid // signed here, but gone (its customer deleted)
	} else if err != nil {
		return l, err
	}
	l.Expires = time.Time(exp)
	switch {
	case !l.Expires.Equal(t.Expires):
		return l, link.ErrInvalid
	case revoked.Valid:
		return l, ErrLinkRevoked
	}
	return l, nil
}

// Reply is what a dealer did on its statement page.
type Reply struct {
	ID      int64
	Kind    string // confirm, mismatch, promise
	Name    string
	Balance money.Amount
	Detail  string
	Address string
	At      time.Time
	AsOf    civil.Date
}

// ConfirmBalance records the dealer's 对账确认 of balance (the statement's
// closing balance as the page showed it) by the name typed, from address.
func (s *Store) ConfirmBalance(ctx context.Context, l Link, name string, balance money.Amount, address string, now time.Time) (err error) {
	defer wrap(&err, "store.ConfirmBalance")
	if err := checkReplyName(name); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		if err := addReply(ctx, tx, l, "confirm", name, balance, "", address, now); err != nil {
			return err
		}
		return audit(ctx, tx, Actor{Name: "dealer:" + name + "@" + address}, "confirm balance", "customer", l.Customer, "", fmt.Sprintf(`{"link":%d,"as_of":%q,"balance":%d}`, l.ID, l.AsOf, balance))
	})
}

// MismatchPart is an invoice the dealer says is wrong on its statement,
// and by how much.
type MismatchPart struct {
	Invoice string
	Amount  money.Amount
}

// ReportMismatch opens a statement_mismatch dispute on each part (the
// customer's own invoices only: every part or none) for finance to
// review, then records the reply.
func (s *Store) ReportMismatch(ctx context.Context, l Link, name string, parts []MismatchPart, note, address string, now time.Time) (err error) {
	defer wrap(&err, "store.ReportMismatch")
	if err := checkReplyName(name); err != nil {
		return err
	}
	o := DisputeOpening{Opened: civil.FromTime(now), Note: "对账不符（客户在对账链接上提出）: " + note, Reason: excuse.StatementMismatch}
	for _, p := range parts {
		o.Parts = append(o.Parts, DisputedPart(p))
	}
	// the dealer sees its own invoices only: another's is an unknown one
	ids, err := s.OpenDisputes(ctx, Actor{Name: "dealer:" + name + "@" + address}, user.Scope{Customer: l.Customer}, o)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		return addReply(ctx, tx, l, "mismatch", name, 0, jsonOf(map[string]any{"parts": parts, "disputes": ids, "note": note}), address, now)
	})
}

// ProposePromise records the dealer's proposed promise to pay: a
// commitment marked as proposed by the customer, scored by credibility as
// any other, which the rep sees on the customer page and in the lists.
func (s *Store) ProposePromise(ctx context.Context, l Link, name string, amount money.Amount, due civil.Date, address string, now time.Time) (_ CommitmentRow, err error) {
	defer wrap(&err, "store.ProposePromise")
	if err := checkReplyName(name); err != nil {
		return CommitmentRow{}, err
	}
	row, err := s.CreateCommitment(ctx, Actor{Name: "dealer:" + name + "@" + address}, user.Scope{Customer: l.Customer}, NewCommitment{
		Customer: l.Customer, Amount: amount, Due: due, Made: civil.FromTime(now), Contact: name, ProposedByCustomer: true,
		Ref: fmt.Sprintf("link/%d/%s/%d/%s", l.ID, due, amount, name),
	})
	if err != nil {
		return row, err
	}
	return row, s.inTx(ctx, func(tx *txn) error {
		return addReply(ctx, tx, l, "promise", name, 0, jsonOf(map[string]any{"commitment": row.ID, "amount": amount, "due": due}), address, now)
	})
}

func checkReplyName(name string) error {
	if name == "" {
		return invalid("name", "type your name")
	}
	if len(name) > 64 {
		return invalid("name", "a name is at most 64 bytes")
	}
	return nil
}

func addReply(ctx context.Context, tx *txn, l Link, kind, name string, balance money.Amount, detail, address string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO statement_replies (link_id, customer_id, kind, name, balance, detail, address, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		l.ID, l.CustomerID, kind, name, int64(balance), detail, address, sqldb.Stamp(now))
	return err
}

// Replies returns what the customer's dealer did on its statement pages,
// latest first.
func (s *Store) Replies(ctx context.Context, customer string) (_ []Reply, err error) {
	defer wrap(&err, "store.Replies")
	rows, err := s.r.QueryContext(ctx, `SELECT r.id, r.kind, r.name, r.balance, r.detail, r.address, r.at, l.as_of
		FROM statement_replies r JOIN statement_links l ON l.id = r.link_id
		WHERE r.customer_id = (SELECT id FROM customers WHERE code = $1) ORDER BY r.id DESC`, customer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reply
	for rows.Next() {
		var r Reply
		var bal int64
		var at sqldb.Stamp
		if err := rows.Scan(&r.ID, &r.Kind, &r.Name, &bal, &r.Detail, &r.Address, &at, &r.AsOf); err != nil {
			return nil, err
		}
		r.Balance, r.At = money.Amount(bal), time.Time(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
