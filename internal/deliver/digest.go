package deliver

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/notify"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// DigestKey is the outbox key of a user's digest of a day by a channel:
// the same digest is one message however often it is made.
func DigestKey(day civil.Date, login, kind string) string {
	return fmt.Sprintf("digest/%s/%s/%s", day, login, kind)
}

// EnqueueDigests makes the morning digest of day for every rep with a
// channel, in their language, and writes one message a channel to the
// outbox (in one transaction; a digest already there stays as it was).
// Nothing is made on a day that is not a working day. baseURL starts the
// links (HUIKUAN_BASE_URL). It returns how many messages were new.
func EnqueueDigests(ctx context.Context, s *store.Store, day civil.Date, baseURL string, now time.Time) (int, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	c := cal.Calendar()
	if !c.IsWorkday(day) {
		return 0, nil
	}
	chans, err := s.Channels(ctx)
	if err != nil || !slices.ContainsFunc(chans, func(ch store.Channel) bool { return ch.UserID != 0 }) {
		return 0, err // nobody to send to: the worklists are not worked out for nothing
	}
	ds, err := Digests(ctx, s, day, c.AddWorkdays(day, -1), baseURL)
	if err != nil {
		return 0, err
	}
	prefs, err := s.AllNotifyPrefs(ctx)
	if err != nil {
		return 0, err
	}
	var out []store.Outgoing
	for _, ch := range chans {
		d, ok := ds[ch.UserID]
		if ch.UserID == 0 || !ok {
			continue
		}
		p, ok := prefs[ch.UserID]
		if !ok {
			p = store.DefaultNotifyPrefs
		}
		m := d.Message(p.Lang)
		out = append(out, store.Outgoing{Key: DigestKey(day, ch.Login, ch.Kind), ChannelID: ch.ID, Kind: ch.Kind, Subject: m.Subject, Body: m.Markdown})
	}
	return s.Enqueue(ctx, out, now)
}

// Digests composes the digest of day for every rep user, by user id;
// since is the previous working day (promises broken from it on are
// news). One read of each list for all reps: the worklists, the
// attainment report, the promises.
func Digests(ctx context.Context, s *store.Store, day, since civil.Date, baseURL string) (map[int64]notify.Digest, error) {
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	lists, err := s.Worklists(ctx, user.Scope{All: true}, "", day)
	if err != nil {
		return nil, err
	}
	att, err := planning.Attainment(ctx, s, user.Scope{All: true}, day.MonthStart(), day, "")
	if err != nil {
		return nil, err
	}
	due, broken, err := digestPromises(ctx, s, day, since)
	if err != nil {
		return nil, err
	}
	url := strings.TrimRight(baseURL, "/") + "/today"
	out := map[int64]notify.Digest{}
	for _, u := range users {
		if u.Role != user.Rep || u.Disabled || u.Rep == "" {
			continue
		}
		d := notify.Digest{Name: u.Name, Day: day, WorklistURL: url}
		names := map[string]string{}
		for _, it := range lists[u.Rep] {
			names[it.Customer] = it.Name
			if it.MustCall {
				d.MustCall = append(d.MustCall, notify.DigestCall{Customer: it.Customer, Name: it.Name, Reasons: it.Reasons, Action: it.Action, AtStake: it.AmountAtStake})
			}
		}
		for _, a := range att.Reps {
			if a.Rep == u.Rep {
				d.Target, d.TargetSet, d.Collected, d.Rate, d.Uncovered = a.Target, a.TargetSet, a.Collected, a.Rate, a.Uncovered
			}
		}
		for _, c := range due[u.Rep] {
			d.DueToday = append(d.DueToday, notify.DigestPromise{Customer: c.Customer, Name: names[c.Customer], Amount: c.Amount - c.Fulfilled, Due: c.Due})
		}
		for _, c := range broken[u.Rep] {
			d.Broken = append(d.Broken, notify.DigestPromise{Customer: c.Customer, Name: names[c.Customer], Amount: c.Amount - c.Fulfilled, Due: c.Due})
		}
		out[u.ID] = d
	}
	return out, nil
}

// digestPromises returns, by rep, the open promises due on day and those
// broken or partly kept from since to the day before: one read of each
// for the whole company, not two a rep.
func digestPromises(ctx context.Context, s *store.Store, day, since civil.Date) (due, broken map[string][]store.CommitmentRow, err error) {
	reps, err := s.CustomerReps(ctx, user.Scope{All: true})
	if err != nil {
		return nil, nil, err
	}
	const all = 1 << 20 // every row: the filter's default is a page
	ds, err := s.Commitments(ctx, store.CommitmentFilter{Scope: user.Scope{All: true}, Status: commitment.Open, DueFrom: day, DueTo: day, Limit: all})
	if err != nil {
		return nil, nil, err
	}
	bs, err := s.Commitments(ctx, store.CommitmentFilter{Scope: user.Scope{All: true}, DecidedFrom: since, Limit: all})
	if err != nil {
		return nil, nil, err
	}
	due, broken = map[string][]store.CommitmentRow{}, map[string][]store.CommitmentRow{}
	for _, c := range ds {
		due[reps[c.Customer]] = append(due[reps[c.Customer]], c)
	}
	for _, c := range bs {
		if (c.Status == commitment.Broken || c.Status == commitment.PartlyKept) && c.DecidedOn >= since && c.DecidedOn < day {
			broken[reps[c.Customer]] = append(broken[reps[c.Customer]], c)
		}
	}
	return due, broken, nil
}
