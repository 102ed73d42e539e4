package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
)

// Setting keys.
const (
	SettingAgingBuckets = "aging_buckets"
	SettingCalendar     = "calendar"
)

// setting reads a JSON setting into dst; it reports false when unset.
func (s *Store) setting(ctx context.Context, key string, dst any) (bool, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return true, jsonUnmarshal(v, dst)
}

// putSetting writes a JSON setting and an audit record of the change.
func (s *Store) putSetting(ctx context.Context, actor Actor, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		var before sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&before); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, string(b)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "setting", key, nullJSON(before), string(b))
	})
}

// AgingBuckets returns the installation's aging buckets, or the default.
func (s *Store) AgingBuckets(ctx context.Context) (_ ledger.Buckets, err error) {
	defer wrap(&err, "store.AgingBuckets")
	var b ledger.Buckets
	ok, err := s.setting(ctx, SettingAgingBuckets, &b)
	if err != nil || !ok || b.Validate() != nil {
		return ledger.DefaultBuckets(), err
	}
	return b, nil
}

// SetAgingBuckets changes the aging buckets.
func (s *Store) SetAgingBuckets(ctx context.Context, actor Actor, b ledger.Buckets) (err error) {
	defer wrap(&err, "store.SetAgingBuckets")
	if err := b.Validate(); err != nil {
		return invalid("buckets", err.Error())
	}
	return s.putSetting(ctx, actor, SettingAgingBuckets, b)
}

// CalendarDays are the exceptions to the Monday–Friday week.
type CalendarDays struct {
	Holidays []civil.Date `json:"holidays"`
	Workdays []civil.Date `json:"workdays"`
}

// Calendar is the exceptions as the rules take them.
func (c CalendarDays) Calendar() civil.Calendar {
	cal := civil.Calendar{Holidays: map[civil.Date]bool{}, Workdays: map[civil.Date]bool{}}
	for _, d := range c.Holidays {
		cal.Holidays[d] = true
	}
	for _, d := range c.Workdays {
		cal.Workdays[d] = true
	}
	return cal
}

// Calendar returns the installation's working-day calendar.
func (s *Store) Calendar(ctx context.Context) (_ CalendarDays, err error) {
	defer wrap(&err, "store.Calendar")
	var c CalendarDays
	_, err = s.setting(ctx, SettingCalendar, &c)
	return c, err
}

// SetCalendar changes the working-day calendar.
func (s *Store) SetCalendar(ctx context.Context, actor Actor, c CalendarDays) (err error) {
	defer wrap(&err, "store.SetCalendar")
	slices.Sort(c.Holidays)
	slices.Sort(c.Workdays)
	c.Holidays, c.Workdays = slices.Compact(c.Holidays), slices.Compact(c.Workdays)
	for _, d := range c.Workdays {
		if slices.Contains(c.Holidays, d) {
			return invalid("workdays", d.String()+" is both a holiday and a working day")
		}
	}
	return s.putSetting(ctx, actor, SettingCalendar, c)
}
