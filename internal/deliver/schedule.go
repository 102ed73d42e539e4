package deliver

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/notify"
	"huikuan/internal/store"
)

// Made is how many messages a morning put in the outbox that were not
// there yet.
type Made struct {
	Digests, Alerts, Statements int
}

// Morning makes day's messages: each rep's digest, each team's alert and,
// in the month's first working days, the dealers' statements. Each is
// enqueued by its key, so a morning made twice (a restart, cron and
// `serve` both) is one set of messages. `huikuan notify run` and the
// schedule of `serve` both call it.
func Morning(ctx context.Context, s *store.Store, day civil.Date, baseURL string, now time.Time) (Made, error) {
	var m Made
	var err error
	if m.Digests, err = EnqueueDigests(ctx, s, day, baseURL, now); err != nil {
		return m, err
	}
	if m.Alerts, err = EnqueueAlerts(ctx, s, day, baseURL, now); err != nil {
		return m, err
	}
	m.Statements, err = EnqueueStatements(ctx, s, day, baseURL, now)
	return m, err
}

// Schedule is what `serve` runs beside the web server: every Tick it
// sends what is due, and once a working day, from the setting's
// DigestAt on, it makes the morning's messages first.
type Schedule struct {
	Worker  *Worker // its Store is the schedule's
	BaseURL string
	Tick    time.Duration // default 30 s
	Log     *slog.Logger
	made    civil.Date // the last day whose morning was made
}

// Run runs the schedule until ctx ends. An error is logged and tried
// again at the next tick: a mail server down at 08:30 must not stop the
// digests of tomorrow.
func (sc *Schedule) Run(ctx context.Context) {
	tick := sc.Tick
	if tick == 0 {
		tick = 30 * time.Second
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		sc.Step(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Step is one tick: the morning when its time has come, then a run of the
// worker.
func (sc *Schedule) Step(ctx context.Context) {
	w := sc.Worker
	now := w.now()
	loc := w.Location
	if loc == nil {
		loc = time.UTC
	}
	local := now.In(loc)
	day := civil.FromTime(local)
	if day != sc.made {
		rules, err := w.Store.NotifySettings(ctx)
		if err == nil && local.Format("15:04") >= rules.DigestAt {
			var m Made
			if m, err = Morning(ctx, w.Store, day, sc.BaseURL, now); err == nil {
				sc.made = day
				if m != (Made{}) {
					sc.Log.Info("the morning's messages are in the outbox", "day", day.String(), "digests", m.Digests, "alerts", m.Alerts, "statements", m.Statements)
				}
			}
		}
		if err != nil {
			sc.Log.Error("making the morning's messages", "err", err)
		}
	}
	r, err := w.Run(ctx)
	if err != nil {
		sc.Log.Error("sending", "err", err)
	} else if r != (Result{}) {
		sc.Log.Info("sent", "sent", r.Sent, "retry", r.Retried, "failed", r.Failed, "waiting", r.Postponed)
	}
}

// EnqueueTest puts a test message for a channel in the outbox, due now:
// `huikuan notify test` and the user's messages page both send one.
func EnqueueTest(ctx context.Context, s *store.Store, ch store.Channel, now time.Time) error {
	at := now.Format(time.DateTime)
	m := notify.Message{Subject: "huikuan 测试消息 / test message", Markdown: fmt.Sprintf("这是一条测试消息，发送于 %s。\nA test message, sent at %s.", at, at)}
	key := fmt.Sprintf("test/%s%s/%s/%d", ch.Login, ch.Team, ch.Kind, now.UnixNano())
	_, err := s.Enqueue(ctx, []store.Outgoing{{Key: key, ChannelID: ch.ID, Kind: ch.Kind, Subject: m.Subject, Body: m.Markdown}}, now)
	return err
}
