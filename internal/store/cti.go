package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/user"
)

// CTIEvent is a call-center event: a call started or ended.
type CTIEvent struct {
	ID           string
	Type         string // call.started or call.ended
	At           time.Time
	Date         civil.Date // At in the installation's zone
	CallID       string
	Rep          string
	Phone        string
	Direction    string
	DurationS    int
	RecordingURL string
}

// RecordCTIEvent remembers the event (a seen event id is a conflict: the
// webhook refuses replays) and, when the phone number is a customer's,
// logs the call waiting for the rep's disposition, or completes it when
// it ends. It returns the call, or nil when no customer has the number.
func (s *Store) RecordCTIEvent(ctx context.Context, ev CTIEvent) (_ *CallRow, err error) {
	defer wrap(&err, "store.RecordCTIEvent")
	var id int64
	err = s.inTx(ctx, func(tx *txn) error {
		var seen int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cti_events WHERE event_id = $1`, ev.ID).Scan(&seen); err != nil {
			return err
		}
		if seen > 0 {
			return fmt.Errorf("event %q was received before: %w", ev.ID, errs.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cti_events (event_id, received_at) VALUES ($1, $2)`, ev.ID, stamp(time.Now())); err != nil {
			return err
		}
		// The customer's owner has the call, whoever the event names: the
		// call center's rep field is only what its own directory says.
		var custID int64
		var owner string
		digits := ledger.NormalizePhone(ev.Phone)
		err := tx.QueryRowContext(ctx, `SELECT c.id, r.code FROM customers c JOIN reps r ON r.id = c.rep_id
			WHERE c.phone_digits = $1 AND c.phone_digits <> '' ORDER BY c.id LIMIT 1`, digits).Scan(&custID, &owner)
		if errors.Is(err, sql.ErrNoRows) || digits == "" {
			return nil // not a customer's number
		} else if err != nil {
			return err
		}
		ref := "cti:" + ev.CallID
		err = tx.QueryRowContext(ctx, `SELECT id FROM calls WHERE ref = $1`, ref).Scan(&id)
		switch {
		case err == nil:
			if ev.Type == "call.ended" {
				_, err = tx.ExecContext(ctx, `UPDATE calls SET duration_s = $1, recording_url = $2 WHERE id = $3`, ev.DurationS, ev.RecordingURL, id)
			}
		case errors.Is(err, sql.ErrNoRows):
			err = tx.QueryRowContext(ctx, `INSERT INTO calls (customer_id, rep_code, logged_by, called_at, call_date, channel, direction, duration_s, recording_url, ref)
				VALUES ($1, $2, 'cti', $3, $4, 'phone', $5, $6, $7, $8) RETURNING id`,
				custID, owner, stamp(ev.At), ev.Date, ev.Direction, ev.DurationS, ev.RecordingURL, ref).Scan(&id)
		}
		if err != nil {
			return err
		}
		return refreshFollowup(ctx, tx, []int64{custID})
	})
	if err != nil || id == 0 {
		return nil, err
	}
	c, err := s.Call(ctx, user.Scope{All: true}, id)
	return &c, err
}
