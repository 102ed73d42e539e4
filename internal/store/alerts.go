package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/money"
	"huikuan/internal/notify"
	"huikuan/internal/plan"
	"huikuan/internal/store/sqldb"
)

// SettingNotify holds when the morning's messages are made and what a
// manager is alerted to.
const SettingNotify = "notify"

// NotifySettings are the installation's rules for messages.
type NotifySettings = notify.Settings

// DefaultNotifySettings are the rules until set.
var DefaultNotifySettings = notify.DefaultSettings

// NewsDays is how far back a decision is still news: a bulk load or a
// back-dated payment deciding older promises alerts nobody, and an event
// no batch took within it (nobody had a channel) is dropped.
const NewsDays = 7

// NotifySettings returns the installation's message rules, or the
// defaults.
func (s *Store) NotifySettings(ctx context.Context) (_ NotifySettings, err error) {
	defer wrap(&err, "store.NotifySettings")
	return notifySettings(ctx, s.r)
}

// SetNotifySettings saves the message rules (audited).
func (s *Store) SetNotifySettings(ctx context.Context, actor Actor, n NotifySettings) (err error) {
	defer wrap(&err, "store.SetNotifySettings")
	if err := n.Validate(); err != nil {
		return err
	}
	return s.putSetting(ctx, actor, SettingNotify, n)
}

// Alert event kinds.
const (
	AlertPromiseBroken = "promise_broken"
	AlertPlanDeclined  = "plan_declined"
)

// brokenPromise is a promise whose outcome decide changed.
type brokenPromise struct {
	customerID int64
	commitment.Commitment
	was, now commitment.Outcome
}

// brokenNews writes an alert event, in the transaction that decided them,
// for each promise newly broken or partly kept within NewsDays of asOf
// with at least the setting's amount left.
func brokenNews(ctx context.Context, tx *txn, changed []brokenPromise, asOf civil.Date) error {
	var n *NotifySettings
	for _, b := range changed {
		if !missed(b.now.Status) || missed(b.was.Status) || b.now.DecidedOn < asOf.AddDays(-NewsDays) {
			continue
		}
		if n == nil {
			ns, err := notifySettings(ctx, tx)
			if err != nil {
				return err
			}
			n = &ns
		}
		left := b.Amount - b.now.Fulfilled
		if left <= 0 || left < n.AlertBrokenMin {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO alert_events (kind, customer_id, commitment_id, amount, day, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			AlertPromiseBroken, b.customerID, b.ID, int64(left), b.now.DecidedOn, sqldb.Stamp(time.Now())); err != nil {
			return err
		}
	}
	return nil
}

func missed(s commitment.Status) bool { return s == commitment.Broken || s == commitment.PartlyKept }

// planDeclinedNews writes the alert event of a plan the customer declined,
// in the transaction that saved it.
func planDeclinedNews(ctx context.Context, tx *txn, custID, planID int64, asked money.Amount, today civil.Date) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO alert_events (kind, customer_id, plan_id, amount, day, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		AlertPlanDeclined, custID, planID, int64(asked), today, sqldb.Stamp(time.Now()))
	return err
}

// notifySettings reads the message rules inside a transaction.
func notifySettings(ctx context.Context, q querier) (NotifySettings, error) {
	n := DefaultNotifySettings
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, SettingNotify).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return n, nil
	} else if err != nil {
		return n, err
	}
	if err := jsonUnmarshal(v, &n); err != nil || n.Validate() != nil {
		return DefaultNotifySettings, nil
	}
	return n, nil
}

// AlertEvent is a pending alert as it stands now: the promise still
// broken (with what is left on it now) or the plan still declined.
type AlertEvent struct {
	ID       int64
	Kind     string
	Customer string
	Name     string
	Rep      string
	Team     string
	Amount   money.Amount
	Day      civil.Date // the day it was broken or declined
	Due      civil.Date // a promise's due date
}

// PendingAlerts returns the alert events not yet batched, oldest first,
// with whether each is still news: a promise kept after all since, or a
// plan agreed since, is returned with Stale set to be marked and dropped.
func (s *Store) PendingAlerts(ctx context.Context) (news []AlertEvent, stale []int64, err error) {
	defer wrap(&err, "store.PendingAlerts")
	rows, err := s.r.QueryContext(ctx, `SELECT e.id, e.kind, c.code, c.name, r.code, r.team, e.day,
			COALESCE(k.amount - k.fulfilled, p.asked, 0), COALESCE(k.due_date, e.day), COALESCE(k.status, p.status, '')
		FROM alert_events e JOIN customers c ON c.id = e.customer_id JOIN reps r ON r.id = c.rep_id
		LEFT JOIN commitments k ON k.id = e.commitment_id LEFT JOIN plans p ON p.id = e.plan_id
		WHERE e.batched_on IS NULL ORDER BY e.id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e AlertEvent
		var status string
		if err := rows.Scan(&e.ID, &e.Kind, &e.Customer, &e.Name, &e.Rep, &e.Team, &e.Day, &e.Amount, &e.Due, &status); err != nil {
			return nil, nil, err
		}
		still := (e.Kind == AlertPromiseBroken && missed(commitment.Status(status))) || (e.Kind == AlertPlanDeclined && plan.Status(status) == plan.Declined)
		if still {
			news = append(news, e)
		} else {
			stale = append(stale, e.ID)
		}
	}
	return news, stale, rows.Err()
}

// EnqueueBatch writes messages to the outbox and marks the alert events
// they tell of as batched on day, in one transaction: an event is told
// once, and a crash between the two cannot lose it or tell it twice. An
// event whose messages were all made before (the day's alert of its team
// is out already) stays pending for the next batch. It returns how many
// messages were new.
func (s *Store) EnqueueBatch(ctx context.Context, batches []AlertBatch, day civil.Date, now time.Time) (n int, err error) {
	defer wrap(&err, "store.EnqueueBatch")
	err = s.inTx(ctx, func(tx *txn) error {
		for _, b := range batches {
			k, err := enqueue(ctx, tx, b.Messages, now)
			if err != nil {
				return err
			}
			n += k
			if k == 0 && len(b.Messages) > 0 {
				continue
			}
			for _, id := range b.Events {
				if _, err := tx.ExecContext(ctx, `UPDATE alert_events SET batched_on = $1 WHERE id = $2 AND batched_on IS NULL`, day, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}

// AlertBatch is the messages that tell of some alert events (none: the
// events have nobody to tell and are marked all the same).
type AlertBatch struct {
	Messages []Outgoing
	Events   []int64
}

// alertKey is the outbox key of a team's alert of a day to one recipient.
func AlertKey(day civil.Date, team, to, kind string) string {
	return fmt.Sprintf("alert/%s/%s/%s/%s", day, team, to, kind)
}
