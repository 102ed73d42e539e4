package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
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
	o, err := store.PaydateOptions(today, from, to, trainUntil)
	if err != nil {
		return flagError(err)
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

// flagError is a usage error naming the flags of an errs.Invalid's fields
// (train_until is --train-until).
func flagError(err error) error {
	var bad *errs.Invalid
	if !errors.As(err, &bad) || len(bad.Fields) == 0 {
		return err
	}
	var msgs []string
	for _, f := range bad.Fields {
		msgs = append(msgs, "--"+strings.ReplaceAll(f.Field, "_", "-")+": "+f.Message)
	}
	return usagef("%s", strings.Join(msgs, "; "))
}
