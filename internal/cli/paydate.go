package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"huikuan/internal/civil"
	"huikuan/internal/kpi"
	"huikuan/internal/paydate"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// runPaydateReport prints the pay-date model's evaluation
// (store.PaydateReport, the API's answer too).
func runPaydateReport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--from DATE --to DATE] [--train-until DATE] [--rep CODE | --team T] [--format table|json]")
	var from, to, trainUntil civil.Date
	fs.Var(dateFlag{&from}, "from", "first issue `date` of the invoices measured (default twelve months before --to)")
	fs.Var(dateFlag{&to}, "to", "last issue `date` (default yesterday)")
	fs.Var(dateFlag{&trainUntil}, "train-until", "fit one model on what was settled by this `date`, before --from (default: refit before each month)")
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
	o, err := paydateOptions(today, from, to, trainUntil)
	if err != nil {
		return usagef("%v", err)
	}
	return a.withStore(ctx, func(s *store.Store) error {
		sc, err := scorecard.Narrow(ctx, s, user.Scope{All: true}, *rep, *team, today)
		if err != nil {
			return err
		}
		ev, err := s.PaydateReport(ctx, sc, o)
		if err != nil {
			return err
		}
		if *format == "json" {
			return writeJSON(a.Stdout, ev)
		}
		return paydateTable(a.Stdout, o, ev)
	})
}

// paydateOptions fills the report's defaults (store.PaydatePeriod) and
// refuses a period longer than a report covers, or a training cut-off on
// or after the period's first day: the model would learn from
// settlements made after the invoices it predicts were issued.
func paydateOptions(today, from, to, trainUntil civil.Date) (paydate.EvalOptions, error) {
	defFrom, defTo := store.PaydatePeriod(today)
	switch {
	case from == 0 && to == 0:
		from, to = defFrom, defTo
	case to == 0:
		to = defTo
	case from == 0:
		from = to.AddMonths(-12).AddDays(1)
	}
	o := paydate.EvalOptions{From: from, To: to, TrainUntil: trainUntil, Today: today}
	if from > to {
		return o, fmt.Errorf("--from %s is after --to %s", from, to)
	}
	if err := civil.CheckReportSpan(from, to); err != nil {
		return o, fmt.Errorf("--from, --to: %v", err)
	}
	if trainUntil != 0 && trainUntil >= from {
		return o, fmt.Errorf("--train-until %s must come before --from %s", trainUntil, from)
	}
	return o, nil
}

func paydateTable(w io.Writer, o paydate.EvalOptions, ev paydate.Evaluation) error {
	how := "each scored by a model fitted on what was settled before its month"
	if o.TrainUntil != 0 {
		how = "scored by a model fitted on what was settled by " + o.TrainUntil.String()
	}
	fmt.Fprintf(w, "invoices issued %s to %s, %s\n", o.From, o.To, how)
	fmt.Fprintf(w, "n %d, paid late %s\n", ev.N, figure(ev.LateRate, "%.3f"))
	fmt.Fprintf(w, "model             AUC %s  Brier %s  MAE %s days\n", figure(ev.AUC, "%.3f"), figure(ev.Brier, "%.3f"), figure(ev.MAEDays, "%.2f"))
	fmt.Fprintf(w, "customer history  AUC %s               MAE %s days\n", figure(ev.Baselines.CustomerHistory.AUC, "%.3f"), figure(ev.Baselines.CustomerHistory.MAEDays, "%.2f"))
	fmt.Fprintf(w, "terms                                     MAE %s days\n", figure(ev.Baselines.Terms.MAEDays, "%.2f"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "p(late)\tn\tpredicted\tobserved\t")
	for _, b := range ev.Bins {
		fmt.Fprintf(tw, "%.1f-%.1f\t%d\t%.3f\t%.3f\t\n", b.Lo, b.Hi, b.N, b.Predicted, b.Observed)
	}
	return tw.Flush()
}

// figure is a ratio for a table, "–" when it is not defined.
func figure(r kpi.Ratio, format string) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf(format, *r)
}
