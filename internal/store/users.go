package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"huikuan/internal/errs"
	"huikuan/internal/user"
)

// stamp stores a time as UTC: as TIMESTAMPTZ on PostgreSQL and as text of
// fixed width, which sorts in time order, on SQLite.
type stamp time.Time

const stampLayout = "2006-01-02T15:04:05.000000Z"

func (t stamp) Value() (driver.Value, error) { return time.Time(t).UTC().Format(stampLayout), nil }

func (t *stamp) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*t = stamp(v.UTC())
		return nil
	case string:
		p, err := time.Parse(stampLayout, v)
		*t = stamp(p)
		return err
	case []byte:
		return t.Scan(string(v))
	}
	return fmt.Errorf("stamp: cannot scan %T", src)
}

const userColumns = `u.id, u.login, u.name, u.role, COALESCE(r.code, ''), u.team`
const userFrom = ` FROM users u LEFT JOIN reps r ON r.id = u.rep_id`

func scanUser(sc interface{ Scan(...any) error }) (user.User, error) {
	var u user.User
	var role string
	err := sc.Scan(&u.ID, &u.Login, &u.Name, &role, &u.Rep, &u.Team)
	u.Role = user.Role(role)
	return u, err
}

// CreateUser adds a user with a password hash. A rep's code must exist.
func (s *Store) CreateUser(ctx context.Context, actor Actor, u user.User, passwordHash string) (user.User, error) {
	if err := u.Validate(); err != nil {
		return u, &errs.Invalid{Fields: []errs.FieldError{{Field: "user", Message: err.Error()}}}
	}
	err := s.inTx(ctx, func(tx *txn) error {
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
func (s *Store) Users(ctx context.Context) ([]user.User, error) {
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

// UserPassword returns the user with the login and their password hash.
func (s *Store) UserPassword(ctx context.Context, login string) (user.User, string, error) {
	var hash string
	var u user.User
	var role string
	err := s.r.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash`+userFrom+` WHERE u.login = $1`, login).
		Scan(&u.ID, &u.Login, &u.Name, &role, &u.Rep, &u.Team, &hash)
	u.Role = user.Role(role)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
	}
	return u, hash, err
}

// SetPassword replaces a user's password hash and ends their sessions.
func (s *Store) SetPassword(ctx context.Context, actor Actor, login, passwordHash string) error {
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE login = $2`, passwordHash, login)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = $1)`, login); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "change password", "user", login, "", "")
	})
}

// CreateSession stores a session for the user, identified by the hash of
// its token, valid until expires.
func (s *Store) CreateSession(ctx context.Context, userID int64, tokenHash string, expires time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, stamp(time.Now()), stamp(expires))
	return err
}

// SessionUser returns the user of an unexpired session, or ErrNotFound.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (user.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` JOIN sessions se ON se.user_id = u.id
		WHERE se.token_hash = $1 AND se.expires_at > $2`, tokenHash, stamp(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.ErrNotFound
	}
	return u, err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// CreateAPIToken stores the hash of a new API token for the user.
func (s *Store) CreateAPIToken(ctx context.Context, login, tokenHash string) error {
	res, err := s.w.ExecContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, created_at) SELECT id, $1, $2 FROM users WHERE login = $3`,
		tokenHash, stamp(time.Now()), login)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %q: %w", login, errs.ErrNotFound)
	}
	return nil
}

// TokenUser returns the user an API token belongs to, or ErrNotFound.
func (s *Store) TokenUser(ctx context.Context, tokenHash string) (user.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = $1`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.ErrNotFound
	}
	return u, err
}

// SetFeedToken gives a user a new secret calendar feed, ending the old
// one.
func (s *Store) SetFeedToken(ctx context.Context, userID int64, tokenHash string) error {
	return s.inTx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM feed_tokens WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO feed_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)`, userID, tokenHash, stamp(time.Now()))
		return err
	})
}

// FeedUser returns the user a calendar feed token belongs to, or
// ErrNotFound.
func (s *Store) FeedUser(ctx context.Context, tokenHash string) (user.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` JOIN feed_tokens t ON t.user_id = u.id WHERE t.token_hash = $1`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.ErrNotFound
	}
	return u, err
}
