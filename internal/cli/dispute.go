package cli

import (
	"context"
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

func runDispute(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || (args[0] != "open" && args[0] != "resolve") {
		return usagef("want open or resolve")
	}
	sub := args[0]
	a.name += " " + sub
	var date civil.Date
	if sub == "open" {
		fs := a.flags("--invoice NUMBER --amount YUAN [--date DATE] [--note TEXT]")
		inv := fs.String("invoice", "", "invoice `number`")
		amt := fs.String("amount", "", "disputed amount in `yuan`")
		note := fs.String("note", "", "what the dispute is about")
		fs.Var(dateFlag{&date}, "date", "`date` the dispute opened (default today)")
		if _, err := a.parse(fs, args[1:]); err != nil {
			return err
		}
		amount, err := money.Parse(*amt)
		if err != nil || *inv == "" {
			return usagef("--invoice and --amount (yuan) are required")
		}
		if date == 0 {
			date = civil.Today(a.cfg.Location)
		}
		s, err := a.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		id, err := s.OpenDispute(ctx, *inv, amount, date, *note)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "dispute %d: %s of invoice %s held from %s\n", id, amount.Format(), *inv, date)
		return nil
	}
	fs := a.flags("--id N [--date DATE]")
	id := fs.Int64("id", 0, "dispute `id`")
	fs.Var(dateFlag{&date}, "date", "`date` it was resolved (default today)")
	if _, err := a.parse(fs, args[1:]); err != nil {
		return err
	}
	if *id <= 0 {
		return usagef("--id is required")
	}
	if date == 0 {
		date = civil.Today(a.cfg.Location)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.ResolveDispute(ctx, *id, date); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "dispute %d resolved on %s\n", *id, date)
	return nil
}
