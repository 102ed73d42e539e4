package cli

import (
	"context"
	"fmt"
	"huikuan/internal/link"

	"huikuan/internal/civil"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

func runLink(ctx context.Context, a *app, args []string) error {
	subs := map[string]func(context.Context, *app, []string) error{"create": runLinkCreate, "revoke": runLinkRevoke}
	if len(args) == 0 || subs[args[0]] == nil {
		return usagef("want create or revoke")
	}
	a.name += " " + args[0]
	return subs[args[0]](ctx, a, args[1:])
}

// runLinkCreate prints a customer's statement link, and nothing else on
// standard output, so that a script can take it.
func runLinkCreate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--customer C [--days N] [--as-of D]")
	customer := fs.String("customer", "", "the customer's `code`")
	days := fs.Int("days", store.LinkDays, fmt.Sprintf("how many `days` the link holds (at most %d)", store.LinkMaxDays))
	var asOf civil.Date
	fs.Var(dateFlag{&asOf}, "as-of", "the statement's `date` (default today)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *customer == "" {
		return usagef("give --customer")
	}
	asOf = a.orToday(asOf)
	return a.withStore(ctx, func(s *store.Store) error {
		tok, err := s.CreateLink(ctx, cliActor, user.Scope{All: true}, *customer, asOf, *days, a.now())
		if err != nil {
			return err
		}
		fmt.Fprintln(a.Stdout, link.URL(a.cfg.BaseURL, tok))
		return nil
	})
}

func runLinkRevoke(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--customer C")
	customer := fs.String("customer", "", "the customer's `code`")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *customer == "" {
		return usagef("give --customer")
	}
	return a.withStore(ctx, func(s *store.Store) error {
		n, err := s.RevokeLinks(ctx, cliActor, user.Scope{All: true}, *customer, a.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "%d links of %s revoked\n", n, *customer)
		return nil
	})
}
