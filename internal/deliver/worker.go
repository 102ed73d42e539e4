package deliver

import (
	"context"
	"time"

	"huikuan/internal/notify"
	"huikuan/internal/store"
)

// MaxAttempts is how often a delivery is tried before it is failed for
// good; between tries the wait doubles from FirstRetry up to LastRetry.
const (
	MaxAttempts = 5
	FirstRetry  = time.Minute
	LastRetry   = time.Hour
)

// Backoff is the wait before the next try after attempts failed ones.
func Backoff(attempts int) time.Duration {
	d := FirstRetry
	for range max(attempts-1, 0) {
		d *= 2
		if d >= LastRetry {
			return LastRetry
		}
	}
	return d
}

// Worker sends the outbox's due deliveries. One worker per process: its
// robot rate limits are counted here.
type Worker struct {
	Store  *store.Store
	Sender *Sender
	Now    func() time.Time // nil: time.Now
	// Location is the business time zone quiet hours are read in; nil:
	// UTC.
	Location *time.Location
	sent     map[int64][]time.Time
	prefs    map[int64]store.NotifyPrefs
}

// Result is what a run did.
type Result struct {
	Sent, Retried, Failed, Postponed int
}

// Run sends every delivery due now, once each: a failed try waits by
// Backoff and is failed for good after MaxAttempts; a robot over its
// notify.PerMinute waits for the minute to pass. It stops when nothing
// more is due (what waits is left for the next run).
func (w *Worker) Run(ctx context.Context) (Result, error) {
	var res Result
	chans, err := w.channels(ctx)
	if err != nil {
		return res, err
	}
	if w.prefs, err = w.Store.AllNotifyPrefs(ctx); err != nil {
		return res, err
	}
	for {
		ds, err := w.Store.ClaimDue(ctx, w.now(), 100)
		if err != nil || len(ds) == 0 {
			return res, err
		}
		for _, d := range ds {
			if err := w.one(ctx, d, chans, &res); err != nil {
				return res, err
			}
		}
	}
}

func (w *Worker) one(ctx context.Context, d store.Delivery, chans map[int64]store.Channel, res *Result) error {
	now := w.now()
	ch, ok := chans[d.ChannelID]
	if d.ChannelID != 0 && !ok {
		res.Failed++
		return w.Store.MarkFailed(ctx, d.ID, "the channel was removed", time.Time{})
	}
	if until, quiet := w.quiet(ch.UserID, now); quiet {
		res.Postponed++
		return w.Store.Postpone(ctx, d.ID, until)
	}
	if d.Kind != store.ChannelEmail {
		if wait := w.wait(ch.ID, now); wait > 0 {
			res.Postponed++
			return w.Store.Postpone(ctx, d.ID, now.Add(wait))
		}
		w.sent[ch.ID] = append(w.sent[ch.ID], now)
	}
	answer, err := w.Sender.Send(ctx, d, ch, now)
	if err == nil {
		res.Sent++
		return w.Store.MarkSent(ctx, d.ID, answer, now)
	}
	why := err.Error()
	if answer != "" {
		why += ": " + notify.Cut(answer, 500)
	}
	if d.Attempts+1 >= MaxAttempts {
		res.Failed++
		return w.Store.MarkFailed(ctx, d.ID, why, time.Time{})
	}
	res.Retried++
	return w.Store.MarkFailed(ctx, d.ID, why, now.Add(Backoff(d.Attempts+1)))
}

// wait is how long a robot must wait before its next message: none while
// it has sent fewer than notify.PerMinute in the last minute.
func (w *Worker) wait(channel int64, now time.Time) time.Duration {
	if w.sent == nil {
		w.sent = map[int64][]time.Time{}
	}
	recent := w.sent[channel][:0]
	for _, t := range w.sent[channel] {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	w.sent[channel] = recent
	if len(recent) < notify.PerMinute {
		return 0
	}
	return time.Minute - now.Sub(recent[0])
}

// quiet reports whether now is in the user's quiet hours, and when they
// end. A window may run over midnight (22:00–07:30).
func (w *Worker) quiet(userID int64, now time.Time) (time.Time, bool) {
	p, ok := w.prefs[userID]
	if !ok || p.QuietFrom == "" || p.QuietFrom == p.QuietTo {
		return time.Time{}, false
	}
	loc := w.Location
	if loc == nil {
		loc = time.UTC
	}
	local := now.In(loc)
	at := func(hhmm string, day time.Time) time.Time {
		t, _ := time.Parse("15:04", hhmm)
		return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, loc)
	}
	from, to := at(p.QuietFrom, local), at(p.QuietTo, local)
	switch {
	case from.Before(to): // within one day
		return to, !local.Before(from) && local.Before(to)
	case local.Before(to): // after midnight, before the end
		return to, true
	case !local.Before(from): // before midnight: ends tomorrow
		return to.AddDate(0, 0, 1), true
	}
	return time.Time{}, false
}

func (w *Worker) channels(ctx context.Context) (map[int64]store.Channel, error) {
	cs, err := w.Store.Channels(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]store.Channel, len(cs))
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}

func (w *Worker) now() time.Time {
	if w.Now == nil {
		return time.Now()
	}
	return w.Now()
}
