package cli

import (
	"context"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/money"
	"huikuan/internal/store"
)

func runDispute(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || (args[0] != "open" && args[0] != "resolve") {
		return usagef("want open or resolve")
	}
	a.name += " " + args[0]
	if args[0] == "open" {
		return runDisputeOpen(ctx, a, args[1:])
	}
	return runDisputeResolve(ctx, a, args[1:])
}

func runDisputeOpen(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--invoice NUMBER --amount YUAN [--date DATE] [--note TEXT]")
	inv := fs.String("invoice", "", "invoice `number`")
	amt := fs.String("amount", "", "disputed amount in `yuan`")
	note := fs.String("note", "", "what the dispute is about")
	var date civil.Date
	fs.Var(dateFlag{&date}, "date", "`date` the dispute opened (default today)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	amount, err := money.Parse(*amt)
	if err != nil || *inv == "" {
		return usagef("--invoice and --amount (yuan) are required")
	}
	date = a.orToday(date)
	return a.withStore(ctx, func(s *store.Store) error {
		id, err := s.OpenDispute(ctx, *inv, amount, date, *note)
		if err == nil {
			fmt.Fprintf(a.Stdout, "dispute %d: %s of invoice %s held from %s\n", id, amount.Format(), *inv, date)
		}
		return err
	})
}

func runDisputeResolve(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--id N [--date DATE]")
	id := fs.Int64("id", 0, "dispute `id`")
	var date civil.Date
	fs.Var(dateFlag{&date}, "date", "`date` it was resolved (default today)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *id <= 0 {
		return usagef("--id is required")
	}
	date = a.orToday(date)
	return a.withStore(ctx, func(s *store.Store) error {
		err := s.ResolveDispute(ctx, *id, date)
		if err == nil {
			fmt.Fprintf(a.Stdout, "dispute %d resolved on %s\n", *id, date)
		}
		return err
	})
}
