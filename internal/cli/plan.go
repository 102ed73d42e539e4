package cli

import (
	"context"
	"fmt"

	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
)

// runSuggestionBacktest is `huikuan report suggestion`: the capacity rule
// scored on past months against two simple forecasts.
func runSuggestionBacktest(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--from YYYY-MM --to YYYY-MM [--format table|json]")
	fromFlag := fs.String("from", "", "the first `month` scored, YYYY-MM")
	toFlag := fs.String("to", "", "the last `month` scored, YYYY-MM (default last month)")
	format := fs.String("format", "table", "output `format`: table or json")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	today := a.orToday(0)
	to, err := monthFlag(*toFlag, today.MonthStart().AddMonths(-1))
	if err != nil {
		return err
	}
	from, err := monthFlag(*fromFlag, to.AddMonths(-11))
	if err != nil {
		return err
	}
	if from > to {
		return usagef("--from %s is after --to %s", from.String()[:7], to.String()[:7])
	}
	return a.withStore(ctx, func(s *store.Store) error {
		b, err := planning.Backtest(ctx, s, from, to)
		if err != nil {
			return err
		}
		if *format == "json" {
			return writeJSON(a.Stdout, b)
		}
		fmt.Fprintf(a.Stdout, "capacity of each customer for each month %s to %s, from what was known before the month\n", from.String()[:7], to.String()[:7])
		fmt.Fprintf(a.Stdout, "months %d, customer-months %d, paid %s\n", b.Months, b.Customers, b.Actual.Format())
		fmt.Fprintf(a.Stdout, "capacity             WAPE %.3f\nlast month           WAPE %.3f\nthree-month average  WAPE %.3f\n",
			b.WAPE, b.Baselines[plan.BaselineLastMonth].WAPE, b.Baselines[plan.BaselineThreeMonths].WAPE)
		return nil
	})
}
