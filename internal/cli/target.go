package cli

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"huikuan/internal/importer"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

func runTarget(ctx context.Context, a *app, args []string) error {
	subs := map[string]func(context.Context, *app, []string) error{"set": runTargetSet, "import": runTargetImport, "list": runTargetList}
	if len(args) == 0 || subs[args[0]] == nil {
		return usagef("want set, import or list")
	}
	a.name += " " + args[0]
	return subs[args[0]](ctx, a, args[1:])
}

func runTargetSet(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM --rep CODE --amount YUAN")
	month := fs.String("month", "", "the `month`, YYYY-MM")
	rep := fs.String("rep", "", "the rep's `code`")
	amt := fs.String("amount", "", "the target in `yuan` (0 for none)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *month == "" || *rep == "" || *amt == "" {
		return usagef("--month, --rep and --amount are required")
	}
	m, err := monthFlag(*month, 0)
	if err != nil {
		return err
	}
	amount, err := money.Parse(*amt)
	if err != nil {
		return usagef("--amount %q: %v", *amt, err)
	}
	return a.withStore(ctx, func(s *store.Store) error {
		t, err := s.SetTarget(ctx, cliActor, user.Scope{All: true}, m, *rep, amount)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "target of %s (%s) for %s: %s\n", t.Rep, t.RepName, plan.MonthKey(t.Month), t.Amount.Format())
		return nil
	})
}

func runTargetImport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("FILE.csv")
	rest, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("want one file: month,rep,target")
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := importer.ReadTargets(f)
	if err != nil {
		return inFile(err, rest[0])
	}
	in := make([]store.TargetInput, len(rows.Records))
	for i, t := range rows.Records {
		in[i] = store.TargetInput{Month: t.Month, Rep: t.Rep, Amount: t.Amount, Line: rows.Lines[i]}
	}
	return a.withStore(ctx, func(s *store.Store) error {
		n, err := s.SetTargets(ctx, cliActor, user.Scope{All: true}, in)
		if err != nil {
			return inFile(err, rest[0])
		}
		fmt.Fprintf(a.Stdout, "%d targets read, %d changed\n", len(in), n)
		return nil
	})
}

func runTargetList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM [--format table|json]")
	f := addMonthFlags(fs, "", "table", "json")
	m, err := f.parse(a, fs, args)
	if err != nil {
		return err
	}
	format := f.format
	return a.withStore(ctx, func(s *store.Store) error {
		ts, err := s.Targets(ctx, user.Scope{All: true}, m)
		if err != nil {
			return err
		}
		if *format == "json" {
			out := make([]targetJSON, len(ts))
			for i, t := range ts {
				out[i] = targetJSON{plan.MonthKey(t.Month), t.Rep, t.RepName, t.Team, t.Amount, t.Set}
			}
			return writeJSON(a.Stdout, out)
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "month\trep\tname\tteam\ttarget")
		var total money.Amount
		for _, t := range ts {
			amount := "-"
			if t.Set {
				amount = t.Amount.Format()
			}
			total += t.Amount
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", plan.MonthKey(t.Month), t.Rep, t.RepName, t.Team, amount)
		}
		fmt.Fprintf(tw, "\ttotal\t\t\t%s\n", total.Format())
		return tw.Flush()
	})
}

// targetJSON is a target as `huikuan target list --format json` writes
// it; amounts in fen.
type targetJSON struct {
	Month  string       `json:"month"`
	Rep    string       `json:"rep"`
	Name   string       `json:"name"`
	Team   string       `json:"team"`
	Amount money.Amount `json:"target"`
	Set    bool         `json:"set"`
}
