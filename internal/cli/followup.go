package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

func runWorklist(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--rep CODE [--date D] [--format table|json]")
	rep := fs.String("rep", "", "the rep's `code`")
	var date civil.Date
	fs.Var(dateFlag{&date}, "date", "the `date` of the list (default today)")
	format := fs.String("format", "table", "output `format`: table or json")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	if *rep == "" {
		return usagef("--rep is required")
	}
	date = a.orToday(date)
	return a.withStore(ctx, func(s *store.Store) error {
		reps, err := s.RepCodes(ctx, user.Scope{Rep: *rep})
		if err != nil {
			return err
		}
		if len(reps) == 0 {
			return usagef("no rep %q", *rep)
		}
		items, err := s.Worklist(ctx, user.Scope{Rep: *rep}, *rep, date)
		if err != nil {
			return err
		}
		if *format == "json" {
			if items == nil {
				items = []followup.Item{}
			}
			return writeJSON(a.Stdout, items)
		}
		fmt.Fprintf(a.Stdout, "worklist of %s for %s: %d customers\n", *rep, date, len(items))
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "rank\t\tcustomer\tat stake\taction\treasons")
		for _, it := range items {
			mark := ""
			switch {
			case it.MustCall:
				mark = "!"
			case !it.Today:
				mark = "?" // if time permits
			}
			var words []string
			for _, r := range it.Reasons {
				words = append(words, r.Words(false))
			}
			fmt.Fprintf(tw, "%d\t%s\t%s %s\t%s\t%s\t%s\n", it.Rank, mark, it.Customer, it.Name, it.AmountAtStake.Format(), it.Action, strings.Join(words, "; "))
		}
		return tw.Flush()
	})
}

func runCall(ctx context.Context, a *app, args []string) error {
	subs := map[string]func(context.Context, *app, []string) error{"log": runCallLog, "list": runCallList}
	if len(args) == 0 || subs[args[0]] == nil {
		return usagef("want log or list")
	}
	a.name += " " + args[0]
	return subs[args[0]](ctx, a, args[1:])
}

func runCallLog(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--customer C --disposition D [--channel phone|visit|wechat|sms] [--at TIME] [--notes TEXT] [--asked YUAN --agreed YUAN] [--next D] [--promise YUAN --promise-date D [--support-kind K --support TEXT]] [--excuse CATEGORY [--excuse-amount YUAN]] [--ref KEY] [--by LOGIN]")
	var n store.NewCall
	fs.StringVar(&n.Customer, "customer", "", "customer `code`")
	fs.StringVar(&n.Disposition, "disposition", "", "how it went: "+strings.Join(followup.Dispositions, ", "))
	fs.StringVar(&n.Channel, "channel", "phone", "`channel`: phone, visit, wechat or sms")
	at := fs.String("at", "", "when, RFC 3339 or YYYY-MM-DD HH:MM in HUIKUAN_TZ (default now)")
	fs.StringVar(&n.Notes, "notes", "", "what was said")
	asked := fs.String("asked", "", "the amount asked for, in `yuan`")
	agreed := fs.String("agreed", "", "the amount the customer agreed to, in `yuan`")
	fs.Var(dateFlag{&n.NextFollowup}, "next", "the next follow-up `date` (default: the cadence's)")
	promise := fs.String("promise", "", "a promise made in the call, in `yuan`")
	var promiseDate civil.Date
	fs.Var(dateFlag{&promiseDate}, "promise-date", "the `date` promised")
	kind := fs.String("support-kind", "", "the promise's support plan `kind`")
	support := fs.String("support", "", "the promise's support plan")
	cat := fs.String("excuse", "", "with reached-excuse, what the excuse was about: "+strings.Join(excuseNames(), ", ")+" (default other)")
	excuseAmount := fs.String("excuse-amount", "", "the amount the excuse concerns, in `yuan`")
	fs.StringVar(&n.Ref, "ref", "", "an outside `key`: logging the same key again changes nothing")
	by := fs.String("by", "cli", "who logged it")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if n.Customer == "" {
		return usagef("--customer is required")
	}
	n.At = time.Now()
	if *at != "" {
		t, err := parseTime(*at, a.cfg.Location)
		if err != nil {
			return usagef("--at %q: want RFC 3339 or YYYY-MM-DD HH:MM", *at)
		}
		n.At = t
	}
	n.Date = civil.FromTime(n.At.In(a.cfg.Location))
	for _, f := range []struct {
		flag string
		s    *string
		into *money.Amount
	}{{"asked", asked, &n.AmountAsked}, {"agreed", agreed, &n.AmountAgreed}, {"excuse-amount", excuseAmount, &n.ExcuseAmount}} {
		if *f.s == "" {
			continue
		}
		v, err := money.Parse(*f.s)
		if err != nil {
			return usagef("--%s %q: %v", f.flag, *f.s, err)
		}
		*f.into = v
	}
	n.Excuse = excuse.Category(*cat)
	if *promise != "" {
		v, err := money.Parse(*promise)
		if err != nil {
			return usagef("--promise %q: %v", *promise, err)
		}
		n.Commitment = &store.NewCommitment{Amount: v, Due: promiseDate, SupportKind: *kind, Support: *support}
	}
	return a.withStore(ctx, func(s *store.Store) error {
		c, err := s.LogCall(ctx, store.Actor{Name: *by}, user.Scope{All: true}, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "call %d: %s %s on %s, %s", c.ID, c.Customer, c.CustomerName, c.Date, c.Disposition)
		if c.Excuse != "" {
			fmt.Fprintf(a.Stdout, " (%s", c.Excuse)
			if c.ExcuseAmount != 0 {
				fmt.Fprintf(a.Stdout, " %s", c.ExcuseAmount.Format())
			}
			fmt.Fprint(a.Stdout, ")")
		}
		if c.CommitmentID != nil {
			fmt.Fprintf(a.Stdout, ", commitment %d", *c.CommitmentID)
		}
		fmt.Fprintln(a.Stdout)
		return nil
	})
}

// excuseNames is excuse.Categories as strings, for the flags' help.
func excuseNames() []string {
	out := make([]string, len(excuse.Categories))
	for i, c := range excuse.Categories {
		out[i] = string(c)
	}
	return out
}

// parseTime reads RFC 3339, or a local "YYYY-MM-DD HH:MM" in loc.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02 15:04", s, loc)
}

func runCallList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--customer C] [--rep CODE] [--from D --to D] [--pending] [--format table|json]")
	var f store.CallFilter
	fs.StringVar(&f.Customer, "customer", "", "customer `code`")
	fs.StringVar(&f.Rep, "rep", "", "rep `code`")
	fs.Var(dateFlag{&f.From}, "from", "first call `date`")
	fs.Var(dateFlag{&f.To}, "to", "last call `date`")
	fs.BoolVar(&f.Pending, "pending", false, "only calls waiting for a disposition")
	format := fs.String("format", "table", "output `format`: table or json")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	f.Scope, f.Limit = user.Scope{All: true}, 1000
	return a.withStore(ctx, func(s *store.Store) error {
		calls, err := s.Calls(ctx, f)
		if err != nil {
			return err
		}
		if *format == "json" {
			if calls == nil {
				calls = []store.CallRow{}
			}
			return writeJSON(a.Stdout, calls)
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tdate\tcustomer\trep\tchannel\tdisposition\tasked\tagreed\tnext\texcuse")
		for _, c := range calls {
			next := "-"
			if c.NextFollowup != nil {
				next = c.NextFollowup.String()
			}
			why := "-"
			if c.Excuse != "" {
				why = string(c.Excuse)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Date, c.Customer, c.Rep, c.Channel, c.Disposition, c.AmountAsked.Format(), c.AmountAgreed.Format(), next, why)
		}
		return tw.Flush()
	})
}

func runCadence(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--customer C --days N]")
	code := fs.String("customer", "", "customer `code` to give its own cadence")
	days := fs.Int("days", -1, "the customer's days between calls (0: its tier's)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		if *code != "" {
			if *days < 0 {
				return usagef("--days is required with --customer")
			}
			if err := s.SetCustomerCadence(ctx, cliActor, user.Scope{All: true}, *code, *days); err != nil {
				return err
			}
			fmt.Fprintf(a.Stdout, "%s: every %d days (0: by tier)\n", *code, *days)
			return nil
		}
		p, err := s.FollowupPolicy(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "days between calls: A %d, B %d, C %d, D %d\nreminder %d working day(s) before a promise, call %d after a broken one, retry %d after no answer\n%d calls a rep a day\n",
			p.Interval["A"], p.Interval["B"], p.Interval["C"], p.Interval["D"], p.ReminderDays, p.AfterBrokenDays, p.RetryDays, p.Capacity)
		return nil
	})
}
