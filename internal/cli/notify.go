package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/deliver"
	"huikuan/internal/notify"
	"huikuan/internal/store"
)

func runNotify(ctx context.Context, a *app, args []string) error {
	subs := map[string]func(context.Context, *app, []string) error{"run": runNotifyRun, "test": runNotifyTest}
	if len(args) == 0 || subs[args[0]] == nil {
		return usagef("want run or test")
	}
	a.name += " " + args[0]
	return subs[args[0]](ctx, a, args[1:])
}

// runNotifyRun is the cron job: the day's digests, alerts and statements
// into the outbox (deliver.Morning: once, a second run the same day adds
// nothing), then every delivery due.
func runNotifyRun(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--date D]")
	var date civil.Date
	fs.Var(dateFlag{&date}, "date", "the `date` of the digests (default today)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	date = a.orToday(date)
	w, err := a.worker()
	if err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		m, err := deliver.Morning(ctx, s, date, a.cfg.BaseURL, a.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "digests of %s: %d new in the outbox; alerts %d new; statements %d new\n", date, m.Digests, m.Alerts, m.Statements)
		return a.send(ctx, s, w)
	})
}

// runNotifyTest sends a user a test message by one of their channels.
func runNotifyTest(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--user L --channel email|wecom|dingtalk|feishu")
	login := fs.String("user", "", "the user's `login`")
	kind := fs.String("channel", "", "the `channel`: email, wecom, dingtalk or feishu")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *login == "" || *kind == "" {
		return usagef("give --user and --channel")
	}
	w, err := a.worker()
	if err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		chans, err := s.Channels(ctx)
		if err != nil {
			return err
		}
		for _, ch := range chans {
			if ch.Login != *login || ch.Kind != *kind {
				continue
			}
			if err := deliver.EnqueueTest(ctx, s, ch, a.now()); err != nil {
				return err
			}
			return a.send(ctx, s, w)
		}
		return usagef("user %q has no %s channel (huikuan user channel sets one)", *login, *kind)
	})
}

// worker is the outbox's sender as the environment configures it.
func (a *app) worker() (*deliver.Worker, error) {
	snd := &deliver.Sender{}
	if a.cfg.SMTPURL != "" {
		c, err := notify.ParseSMTP(a.cfg.SMTPURL)
		if err != nil {
			return nil, usagef("%v", err)
		}
		snd.SMTP = &c
	}
	return &deliver.Worker{Sender: snd, Now: a.now, Location: a.cfg.Location}, nil
}

// send runs the worker once over what is due and says what it did.
func (a *app) send(ctx context.Context, s *store.Store, w *deliver.Worker) error {
	w.Store = s
	r, err := w.Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "sent %d, to retry %d, failed %d, waiting for a robot's rate limit %d\n", r.Sent, r.Retried, r.Failed, r.Postponed)
	return nil
}

func (a *app) now() time.Time {
	if a.cfg.Now != nil {
		return a.cfg.Now()
	}
	return time.Now()
}

// runUserChannel sets where a user (or a team) is reached.
func runUserChannel(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--login L (--email ADDR | --wecom URL | --dingtalk URL --secret S | --feishu URL --secret S) [--lang zh|en] [--quiet HH:MM-HH:MM]\n       huikuan user channel --team T (--wecom URL | --dingtalk URL --secret S | --feishu URL --secret S)\n       huikuan user channel (--login L | --team T) --remove KIND")
	var c store.Channel
	fs.StringVar(&c.Login, "login", "", "the user's `login`")
	fs.StringVar(&c.Team, "team", "", "a `team`, for its group robot")
	email := fs.String("email", "", "an e-mail `address`")
	wecom := fs.String("wecom", "", "a WeCom group robot's webhook `URL` (with its key)")
	ding := fs.String("dingtalk", "", "a DingTalk robot's webhook `URL` (with its access token)")
	feishu := fs.String("feishu", "", "a Feishu bot's webhook `URL`")
	fs.StringVar(&c.Secret, "secret", "", "the DingTalk or Feishu robot's signing `secret`")
	lang := fs.String("lang", "", "the user's language for messages: `zh` or en")
	quiet := fs.String("quiet", "", "the user's quiet hours, `HH:MM-HH:MM` (none: -)")
	remove := fs.String("remove", "", "remove the user's (or team's) channel of this `kind`: email, wecom, dingtalk or feishu")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *remove != "" {
		if (c.Login == "") == (c.Team == "") {
			return usagef("--remove: give --login or --team")
		}
		return a.withStore(ctx, func(s *store.Store) error {
			if err := s.RemoveChannel(ctx, cliActor, c.Login, c.Team, *remove); err != nil {
				return err
			}
			fmt.Fprintf(a.Stdout, "%s channel %s removed\n", *remove, orTeam(c))
			return nil
		})
	}
	n := 0
	for kind, v := range map[string]string{store.ChannelEmail: *email, notify.WeCom: *wecom, notify.DingTalk: *ding, notify.Feishu: *feishu} {
		if v != "" {
			c.Kind, c.Address = kind, v
			n++
		}
	}
	if n > 1 || n == 0 && *lang == "" && *quiet == "" {
		return usagef("give one of --email, --wecom, --dingtalk and --feishu")
	}
	return a.withStore(ctx, func(s *store.Store) error {
		if n == 1 {
			if err := s.SetChannel(ctx, cliActor, c); err != nil {
				return err
			}
			fmt.Fprintf(a.Stdout, "%s channel %s: %s\n", c.Kind, orTeam(c), notify.Mask(c.Address))
		}
		if *lang == "" && *quiet == "" {
			return nil
		}
		if c.Login == "" {
			return usagef("--lang and --quiet are a user's: give --login")
		}
		p, err := prefsOf(ctx, s, c.Login)
		if err != nil {
			return err
		}
		if *lang != "" {
			p.Lang = *lang
		}
		switch *quiet {
		case "":
		case "-":
			p.QuietFrom, p.QuietTo = "", ""
		default:
			from, to, ok := strings.Cut(*quiet, "-")
			if !ok {
				return usagef("--quiet %q: want HH:MM-HH:MM", *quiet)
			}
			p.QuietFrom, p.QuietTo = from, to
		}
		return s.SetNotifyPrefs(ctx, cliActor, c.Login, p)
	})
}

func orTeam(c store.Channel) string {
	if c.Login != "" {
		return "of user " + c.Login
	}
	return "of team " + c.Team
}

func prefsOf(ctx context.Context, s *store.Store, login string) (store.NotifyPrefs, error) {
	users, err := s.Users(ctx)
	if err != nil {
		return store.NotifyPrefs{}, err
	}
	all, err := s.AllNotifyPrefs(ctx)
	if err != nil {
		return store.NotifyPrefs{}, err
	}
	for _, u := range users {
		if u.Login == login {
			if p, ok := all[u.ID]; ok {
				return p, nil
			}
		}
	}
	return store.DefaultNotifyPrefs, nil
}
