package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

func runDispute(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || (args[0] != "open" && args[0] != "resolve" && args[0] != "list") {
		return usagef("want open, resolve or list")
	}
	a.name += " " + args[0]
	switch args[0] {
	case "open":
		return runDisputeOpen(ctx, a, args[1:])
	case "list":
		return runDisputeList(ctx, a, args[1:])
	}
	return runDisputeResolve(ctx, a, args[1:])
}

func runDisputeOpen(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--invoice NUMBER --amount YUAN [--reason CATEGORY] [--owner LOGIN] [--date DATE] [--note TEXT]")
	inv := fs.String("invoice", "", "invoice `number`")
	amt := fs.String("amount", "", "disputed amount in `yuan`")
	note := fs.String("note", "", "what the dispute is about")
	reason := fs.String("reason", "", "the excuse `category` it comes from (quality, after_sales, statement_mismatch, …)")
	owner := fs.String("owner", "", "`login` of who must resolve it (default: unassigned)")
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
		ids, err := s.OpenDisputes(ctx, cliActor, user.Scope{All: true}, store.DisputeOpening{
			Parts: []store.DisputedPart{{Invoice: *inv, Amount: amount}}, Reason: excuse.Category(*reason), Owner: *owner, Note: *note, Opened: date})
		if err == nil {
			fmt.Fprintf(a.Stdout, "dispute %d: %s of invoice %s held from %s\n", ids[0], amount.Format(), *inv, date)
		}
		return err
	})
}

// runDisputeResolve resolves a dispute; without --resolution it is
// store.DefaultResolution (rejected: the amount is owed again), which is
// what the command did before resolutions were recorded.
func runDisputeResolve(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--id N [--resolution credit_note|rejected|withdrawn] [--date DATE]")
	id := fs.Int64("id", 0, "dispute `id`")
	resolution := fs.String("resolution", string(store.DefaultResolution), "how it ended: credit_note, rejected or withdrawn")
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
		err := s.ResolveDisputeAs(ctx, cliActor, user.Scope{All: true}, store.DisputeResolution{ID: *id, Resolved: date, Resolution: ledger.Resolution(*resolution)})
		if err == nil {
			fmt.Fprintf(a.Stdout, "dispute %d resolved on %s: %s\n", *id, date, *resolution)
		}
		return err
	})
}

func runDisputeList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--all] [--customer C] [--date D] [--format table|json]")
	f := store.DisputeFilter{Scope: user.Scope{All: true}}
	fs.BoolVar(&f.All, "all", false, "resolved disputes too")
	fs.StringVar(&f.Customer, "customer", "", "only this customer's (`code`)")
	fs.Var(dateFlag{&f.AsOf}, "date", "`date` ages are counted to (default today)")
	format := fs.String("format", "table", "output `format`: table or json")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	f.AsOf = a.orToday(f.AsOf)
	return a.withStore(ctx, func(s *store.Store) error {
		rows, err := s.Disputes(ctx, f)
		if err != nil {
			return err
		}
		if *format == "json" {
			if rows == nil {
				rows = []store.DisputeRow{}
			}
			return writeJSON(a.Stdout, rows)
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "id\topened\tage\tcustomer\tinvoice\tamount\treason\towner\tresolved\tresolution\tnote")
		for _, d := range rows {
			resolved := "-"
			if d.Resolved != nil {
				resolved = d.Resolved.String()
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Opened, d.AgeDays, d.Customer, d.Invoice, d.Amount.Format(),
				dash(string(d.Reason)), dash(d.Owner), resolved, dash(string(d.Resolution)), d.Note)
		}
		return tw.Flush()
	})
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
