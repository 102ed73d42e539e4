package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"huikuan/internal/errs"
	"huikuan/internal/user"
)

const userColumns = `u.id, u.login, u.name, u.role, COALESCE(r.code, ''), u.team, u.disabled_at IS NOT NULL`
const userFrom = ` FROM users u LEFT JOIN reps r ON r.id = u.rep_id`

// enabled is the condition on a user who may use huikuan: sessions, API
// tokens and feeds of a disabled user are refused even if one is left.
const enabled = ` AND u.disabled_at IS NULL`

func scanUser(sc interface{ Scan(...any) error }, more ...any) (user.User, error) {
	var u user.User
	var role string
	err := sc.Scan(append([]any{&u.ID, &u.Login, &u.Name, &role, &u.Rep, &u.Team, &u.Disabled}, more...)...)
	u.Role = user.Role(role)
	return u, err
}

// CreateUser adds a user with a password hash. A rep's code must exist.
func (s *Store) CreateUser(ctx context.Context, actor Actor, u user.User, passwordHash string) (_ user.User, err error) {
	defer wrap(&err, "store.CreateUser")
	if err := u.Validate(); err != nil {
		return u, &errs.Invalid{Fields: []errs.FieldError{{Field: "user", Message: err.Error()}}}
	}
	err = s.inTx(ctx, func(tx *txn) error {
		var repID sql.NullInt64
		if u.Rep != "" {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM reps WHERE code = $1`, u.Rep).Scan(&repID); errors.Is(err, sql.ErrNoRows) {
				return &errs.Invalid{Fields: []errs.FieldError{{Field: "rep", Message: fmt.Sprintf("no rep has the code %q", u.Rep)}}}
			} else if err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (login, name, role, rep_id, team, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			u.Login, u.Name, string(u.Role), repID, u.Team, passwordHash, stamp(time.Now())).Scan(&u.ID)
		if isUniqueViolation(err) {
			return fmt.Errorf("login %q is taken: %w", u.Login, errs.ErrConflict)
		} else if err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "user", u.Login, "", jsonOf(u))
	})
	return u, err
}

// Users returns every user, by login.
func (s *Store) Users(ctx context.Context) (_ []user.User, err error) {
	defer wrap(&err, "store.Users")
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+userFrom+` ORDER BY u.login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []user.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserPassword returns the user with the login and their password hash,
// or ErrNotFound when there is none or they are disabled.
func (s *Store) UserPassword(ctx context.Context, login string) (_ user.User, _ string, err error) {
	defer wrap(&err, "store.UserPassword")
	var hash string
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash`+userFrom+` WHERE u.login = $1`+enabled, login), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
	}
	return u, hash, err
}

// SetPassword replaces a user's password hash and ends everything the old
// password let anyone keep: their sessions, API tokens and calendar feed.
// New tokens are made with "huikuan user token", a new feed on the list.
func (s *Store) SetPassword(ctx context.Context, actor Actor, login, passwordHash string) (err error) {
	defer wrap(&err, "store.SetPassword")
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE login = $2`, passwordHash, login)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
		}
		if err := endAccess(ctx, tx, login); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "change password", "user", login, "", "")
	})
}

// endAccess deletes the sessions, API tokens and calendar feed of a user.
func endAccess(ctx context.Context, tx *txn, login string) error {
	for _, table := range []string{"sessions", "api_tokens", "feed_tokens"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE user_id = (SELECT id FROM users WHERE login = $1)`, login); err != nil {
			return err
		}
	}
	return nil
}

// DisableUser ends a user's sessions, API tokens and calendar feed, and
// they can no longer log in until EnableUser; ErrNotFound when there is no
// such login. Disabling a disabled user changes nothing.
func (s *Store) DisableUser(ctx context.Context, actor Actor, login string) (err error) {
	defer wrap(&err, "store.DisableUser")
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = COALESCE(disabled_at, $1) WHERE login = $2`, stamp(time.Now()), login)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
		}
		if err := endAccess(ctx, tx, login); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "disable", "user", login, "", "")
	})
}

// EnableUser lets a disabled user log in again with their password; the
// sessions, tokens and feed that disabling ended stay ended. ErrNotFound
// when there is no such login.
func (s *Store) EnableUser(ctx context.Context, actor Actor, login string) (err error) {
	defer wrap(&err, "store.EnableUser")
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = NULL WHERE login = $1`, login)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
		}
		return audit(ctx, tx, actor, "enable", "user", login, "", "")
	})
}

// CreateSession stores a session for the user, identified by the hash of
// its token, valid until expires.
func (s *Store) CreateSession(ctx context.Context, userID int64, tokenHash string, expires time.Time) (err error) {
	defer wrap(&err, "store.CreateSession")
	_, err = s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, stamp(time.Now()), stamp(expires))
	return err
}

// SessionUser returns the user of an unexpired session, or ErrNotFound
// (also when the user is disabled).
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (_ user.User, err error) {
	defer wrap(&err, "store.SessionUser")
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` JOIN sessions se ON se.user_id = u.id
		WHERE se.token_hash = $1 AND se.expires_at > $2`+enabled, tokenHash, stamp(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.ErrNotFound
	}
	return u, err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) (err error) {
	defer wrap(&err, "store.DeleteSession")
	_, err = s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// CreateAPIToken stores the hash of a new API token for the user, without
// a hint; AddAPIToken is what the command line uses.
func (s *Store) CreateAPIToken(ctx context.Context, login, tokenHash string) (err error) {
	defer wrap(&err, "store.CreateAPIToken")
	_, err = s.AddAPIToken(ctx, Actor{Name: "cli"}, login, user.Token{Hash: tokenHash})
	return err
}

// AddAPIToken stores a new API token (its hash and hint, never its secret)
// for the user and returns its id; ErrNotFound when there is no such login.
func (s *Store) AddAPIToken(ctx context.Context, actor Actor, login string, t user.Token) (_ int64, err error) {
	defer wrap(&err, "store.AddAPIToken")
	var id int64
	err = s.inTx(ctx, func(tx *txn) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, hint, created_at) SELECT id, $1, $2, $3 FROM users WHERE login = $4 RETURNING id`,
			t.Hash, t.Hint, stamp(time.Now()), login).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create token", "user", login, "", fmt.Sprintf(`{"token":%d}`, id))
	})
	return id, err
}

// APIToken is an API token as listed: never its secret or its hash.
type APIToken struct {
	ID       int64
	Hint     string // the secret's first characters; "" for tokens made before hints
	Created  time.Time
	LastUsed time.Time // to the minute; zero when not used since it was recorded
}

// APITokens returns the API tokens of the user with the login, by id, or
// ErrNotFound when there is no such login.
func (s *Store) APITokens(ctx context.Context, login string) (_ []APIToken, err error) {
	defer wrap(&err, "store.APITokens")
	var uid int64
	if err := s.r.QueryRowContext(ctx, `SELECT id FROM users WHERE login = $1`, login).Scan(&uid); errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
	} else if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, hint, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id`, uid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var used *stamp
		if err := rows.Scan(&t.ID, &t.Hint, (*stamp)(&t.Created), &used); err != nil {
			return nil, err
		}
		if used != nil {
			t.LastUsed = time.Time(*used)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken deletes the API token with the id, or returns ErrNotFound.
// A server that has the token's user in its cache may accept the token for
// a few more seconds (see api.tokenTTL).
func (s *Store) RevokeAPIToken(ctx context.Context, actor Actor, id int64) (err error) {
	defer wrap(&err, "store.RevokeAPIToken")
	return s.inTx(ctx, func(tx *txn) error {
		var login string
		err := tx.QueryRowContext(ctx, `SELECT u.login FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`, id).Scan(&login)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("API token %d: %w", id, errs.ErrNotFound)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "revoke token", "user", login, fmt.Sprintf(`{"token":%d}`, id), "")
	})
}

// TokenUser returns the user an API token belongs to, or ErrNotFound (also
// when the user is disabled).
func (s *Store) TokenUser(ctx context.Context, tokenHash string) (_ user.User, err error) {
	defer wrap(&err, "store.TokenUser")
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = $1`+enabled, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.ErrNotFound
	}
	return u, err
}

// TouchAPIToken records that the token was used at now, unless that was
// already recorded within the minute before (so most calls write nothing).
func (s *Store) TouchAPIToken(ctx context.Context, tokenHash string, now time.Time) (err error) {
	defer wrap(&err, "store.TouchAPIToken")
	_, err = s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)`,
		stamp(now), tokenHash, stamp(now.Add(-time.Minute)))
	return err
}

// SetFeedToken gives a user a new secret calendar feed, ending the old
// one.
func (s *Store) SetFeedToken(ctx context.Context, userID int64, tokenHash string) (err error) {
	defer wrap(&err, "store.SetFeedToken")
	return s.inTx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM feed_tokens WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO feed_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)`, userID, tokenHash, stamp(time.Now()))
		return err
	})
}

// FeedUser returns the user a calendar feed token belongs to, or
// ErrNotFound (also when the user is disabled).
func (s *Store) FeedUser(ctx context.Context, tokenHash string) (_ user.User, err error) {
	defer wrap(&err, "store.FeedUser")
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` JOIN feed_tokens t ON t.user_id = u.id WHERE t.token_hash = $1`+enabled, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.ErrNotFound
	}
	return u, err
}

// LoginWait returns how long a login counted under the counters must still
// wait before its password may be checked, or 0. The counts are in the
// database, so that a restart or a second server keeps them.
func (s *Store) LoginWait(ctx context.Context, cs []user.Counter, now time.Time) (_ time.Duration, err error) {
	defer wrap(&err, "store.LoginWait")
	var until stamp
	err = s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(blocked_until), $1) FROM login_failures WHERE key IN ($2, $3, $4)`,
		stamp(now), counterKey(cs, 0), counterKey(cs, 1), counterKey(cs, 2)).Scan(&until)
	if err != nil {
		return 0, err
	}
	return max(time.Time(until).Sub(now), 0), nil
}

func counterKey(cs []user.Counter, i int) string {
	if i < len(cs) {
		return cs[i].Key
	}
	return ""
}

// LoginFailed counts a failed login at now under each counter, by the
// counter's limit, and forgets the counters that have run out. Concurrent
// failures are each counted.
func (s *Store) LoginFailed(ctx context.Context, cs []user.Counter, now time.Time) (err error) {
	defer wrap(&err, "store.LoginFailed")
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(a, b user.Counter) int { return strings.Compare(a.Key, b.Key) }) // one lock order
	tx, err := s.w.BeginTx(ctx, nil)                                                          // not inTx: this is no ledger write, and waits for none
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, c := range cs {
		if err := countFailure(ctx, tx, s.dialect, c, now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE last_failure < $1 AND blocked_until < $2`,
		stamp(now.Add(-user.LoginWindow)), stamp(now)); err != nil {
		return err
	}
	return tx.Commit()
}

func countFailure(ctx context.Context, tx *sql.Tx, d Dialect, c user.Counter, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, failures, first_failure, last_failure, blocked_until)
		VALUES ($1, 0, $2, $2, $2) ON CONFLICT (key) DO NOTHING`, c.Key, stamp(now)); err != nil {
		return err
	}
	lock := ""
	if d == Postgres {
		lock = " FOR UPDATE" // SQLite's one writer orders the transactions already
	}
	var a user.Attempts
	err := tx.QueryRowContext(ctx, `SELECT failures, first_failure, last_failure, blocked_until FROM login_failures WHERE key = $1`+lock, c.Key).
		Scan(&a.Failures, (*stamp)(&a.First), (*stamp)(&a.Last), (*stamp)(&a.Until))
	if err != nil {
		return err
	}
	a = c.Limit.Fail(a, now)
	_, err = tx.ExecContext(ctx, `UPDATE login_failures SET failures = $1, first_failure = $2, last_failure = $3, blocked_until = $4 WHERE key = $5`,
		a.Failures, stamp(a.First), stamp(a.Last), stamp(a.Until), c.Key)
	return err
}

// LoginSucceeded forgets the failures counted under the key (a login from
// an address, once its password was right).
func (s *Store) LoginSucceeded(ctx context.Context, key string) (err error) {
	defer wrap(&err, "store.LoginSucceeded")
	_, err = s.w.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, key)
	return err
}
