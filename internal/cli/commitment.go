package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/jobs"
	"huikuan/internal/money"
	"huikuan/internal/paydate"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

func runCommitment(ctx context.Context, a *app, args []string) error {
	subs := map[string]func(context.Context, *app, []string) error{"add": runCommitmentAdd, "list": runCommitmentList}
	if len(args) == 0 || subs[args[0]] == nil {
		return usagef("want add or list")
	}
	a.name += " " + args[0]
	return subs[args[0]](ctx, a, args[1:])
}

func runCommitmentAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--customer C --amount YUAN --date D [--made D] [--contact NAME] [--support-kind K --support TEXT]")
	var n store.NewCommitment
	var due, made civil.Date
	fs.StringVar(&n.Customer, "customer", "", "customer `code`")
	amt := fs.String("amount", "", "promised amount in `yuan`")
	fs.Var(dateFlag{&due}, "date", "`date` the customer will pay by")
	fs.Var(dateFlag{&made}, "made", "`date` the promise was made (default today)")
	fs.StringVar(&n.Contact, "contact", "", "who at the customer promised")
	fs.StringVar(&n.SupportKind, "support-kind", "", "support plan `kind`: "+strings.Join(commitment.SupportKinds, ", "))
	fs.StringVar(&n.Support, "support", "", "what makes the promise achievable")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	amount, err := money.Parse(*amt)
	if err != nil || n.Customer == "" || due == 0 {
		return usagef("--customer, --amount (yuan) and --date are required")
	}
	n.Amount, n.Due, n.Made = amount, due, a.orToday(made)
	return a.withStore(ctx, func(s *store.Store) error {
		c, err := s.CreateCommitment(ctx, cliActor, user.Scope{All: true}, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "commitment %d: %s %s by %s — %s\n", c.ID, c.Customer, c.Commitment.Amount.Format(), c.Due, c.Status)
		if cr := c.Credibility; cr != nil {
			fmt.Fprintf(a.Stdout, "credibility %.0f%%", 100*cr.P)
			for _, f := range cr.Flags {
				fmt.Fprintf(a.Stdout, " [%s]", f)
			}
			fmt.Fprintln(a.Stdout)
			for _, r := range cr.Reasons {
				fmt.Fprintf(a.Stdout, "  %+.2f  %s\n", r.Effect, r.Text)
			}
		}
		return nil
	})
}

func runCommitmentList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--customer C]")
	code := fs.String("customer", "", "customer `code`")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		cs, err := s.Commitments(ctx, store.CommitmentFilter{Scope: user.Scope{All: true}, Customer: *code})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tcustomer\tamount\tmade\tdue\tstatus\tfulfilled\tdecided\tcredibility")
		for _, c := range cs {
			cr := "-"
			if c.P != nil {
				cr = fmt.Sprintf("%.1f%%", 100**c.P)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Customer, c.Commitment.Amount.Format(), c.Made, c.Due, c.Status, c.Fulfilled.Format(), dateOrDash(c.DecidedOn), cr)
		}
		return tw.Flush()
	})
}

func dateOrDash(d civil.Date) string {
	if d == 0 {
		return "-"
	}
	return d.String()
}

func runJobs(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] != "run" {
		return usagef("want run")
	}
	a.name += " run"
	fs := a.flags("[--date D]")
	var date civil.Date
	fs.Var(dateFlag{&date}, "date", "the `date` to decide as of (default today)")
	if _, err := a.parse(fs, args[1:]); err != nil {
		return err
	}
	date = a.orToday(date)
	return a.withStore(ctx, func(s *store.Store) error {
		r, err := jobs.Run(ctx, s, date, jobs.Options{})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "commitments decided as of %s: %d changed\n", date, r.Decided)
		if r.Scorer.N == 0 {
			fmt.Fprintf(a.Stdout, "credibility: too few settled commitments (fewer than %d): the default weights stay\n", commitment.MinToLearn)
		} else {
			fmt.Fprintf(a.Stdout, "credibility model refitted on %d settled commitments\n", r.Scorer.N)
		}
		fmt.Fprintf(a.Stdout, "open commitments rescored: %d\n", r.Rescored)
		if r.PayDates.N == 0 {
			fmt.Fprintf(a.Stdout, "pay dates: too few settled invoices (fewer than %d): the defaults stay\n", paydate.MinToLearn)
		} else {
			fmt.Fprintf(a.Stdout, "pay-date model refitted on %d settled invoices\n", r.PayDates.N)
		}
		fmt.Fprintf(a.Stdout, "open invoices' pay dates predicted: %d\n", r.PayScored)
		return nil
	})
}
