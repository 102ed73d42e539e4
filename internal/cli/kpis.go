package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"huikuan/internal/civil"
	"huikuan/internal/kpi"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// runKPIs prints the collection KPIs of a period (scorecard.Period).
func runKPIs(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--from DATE --to DATE [--rep CODE | --team T] [--format table|json]")
	var from, to civil.Date
	fs.Var(dateFlag{&from}, "from", "first `date` of the period (default the first of --to's month)")
	fs.Var(dateFlag{&to}, "to", "last `date` of the period (default today)")
	rep := fs.String("rep", "", "only the customers of the rep with this `code`")
	team := fs.String("team", "", "only the customers of this `team`'s reps")
	format := fs.String("format", "table", "output `format`: table or json")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	today := a.orToday(0)
	if to = a.orToday(to); from == 0 {
		from = to.MonthStart()
	}
	if err := civil.CheckReportSpan(from, to); err != nil {
		return usagef("--from, --to: %v", err)
	}
	return a.withStore(ctx, func(s *store.Store) error {
		sc, err := scorecard.Narrow(ctx, s, user.Scope{All: true}, *rep, *team, today)
		if err != nil {
			return err
		}
		k, err := scorecard.Period(ctx, s, sc, from, to)
		if err != nil {
			return err
		}
		if *format == "json" {
			return writeJSON(a.Stdout, k)
		}
		return kpiTable(a.Stdout, k)
	})
}

func kpiTable(w io.Writer, k scorecard.KPIs) error {
	fmt.Fprintf(w, "collection KPIs %s to %s (%d days)\n", k.From, k.To, k.Days)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	amount := func(name, v string) { fmt.Fprintf(tw, "%s\t%s\t\n", name, v) }
	amount("credit sales", k.CreditSales.Format())
	amount("AR at the beginning", k.ARBegin.Format())
	amount("AR at the end", k.AREnd.Format())
	amount("  not yet due", k.CurrentAREnd.Format())
	amount("  overdue", k.OverdueAREnd.Format())
	amount("collected", k.Collected.Format())
	target := "-"
	if k.Target != nil {
		target = k.Target.Format()
	}
	amount("target", target)
	for _, r := range []struct {
		name   string
		v      kpi.Ratio
		format string
		scale  float64
	}{
		{"collection rate", k.CollectionRate, "%.1f %%", 100},
		{"DSO (days)", k.DSO, "%.1f", 1},
		{"countback DSO (days)", k.DSOCountback, "%.1f", 1},
		{"best possible DSO (days)", k.BPDSO, "%.1f", 1},
		{"average days delinquent", k.ADD, "%.1f", 1},
		{"CEI (whole period, %)", k.CEI, "%.1f", 1},
		{"overdue ratio", k.OverdueRatio, "%.1f %%", 100},
		{"days late, amount-weighted", k.DaysLateWeighted, "%.1f", 1},
		{"promises kept, by count", k.KeptRateCount, "%.1f %%", 100},
		{"promises kept, by amount", k.KeptRateAmount, "%.1f %%", 100},
		{"calls reaching the customer", k.ReachedRate, "%.1f %%", 100},
		{"reached calls with a promise", k.PromiseRate, "%.1f %%", 100},
	} {
		v := "-"
		if r.v != nil {
			v = fmt.Sprintf(r.format, *r.v*r.scale)
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", r.name, v)
	}
	return tw.Flush()
}
