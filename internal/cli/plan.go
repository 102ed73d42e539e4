package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"huikuan/internal/api"
	"huikuan/internal/civil"
	"huikuan/internal/csvfile"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
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

func runPlan(ctx context.Context, a *app, args []string) error {
	subs := map[string]func(context.Context, *app, []string) error{"suggest": runPlanSuggest, "list": runPlanList, "show": runPlanShow}
	if len(args) == 0 || subs[args[0]] == nil {
		return usagef("want suggest, list or show")
	}
	a.name += " " + args[0]
	return subs[args[0]](ctx, a, args[1:])
}

// monthFlags are the --month and --format flags (and, with a help text,
// --rep) that the plan commands, report attainment and target list share.
type monthFlags struct {
	month, rep, format *string
	formats            []string
}

// addMonthFlags defines them on fs; formats are the formats allowed, the
// first the default; repHelp "" leaves --rep out.
func addMonthFlags(fs *flag.FlagSet, repHelp string, formats ...string) monthFlags {
	f := monthFlags{month: fs.String("month", "", "the `month`, YYYY-MM (default this month)"), rep: new(string), formats: formats}
	if repHelp != "" {
		f.rep = fs.String("rep", "", repHelp)
	}
	f.format = fs.String("format", formats[0], "output `format`: "+strings.Join(formats, ", "))
	return f
}

// parse parses args and returns the month asked for (this month by
// default), after checking the format.
func (f monthFlags) parse(a *app, fs *flag.FlagSet, args []string) (civil.Date, error) {
	if _, err := a.parse(fs, args); err != nil {
		return 0, err
	}
	if err := formatFlag(*f.format, f.formats...); err != nil {
		return 0, err
	}
	return monthFlag(*f.month, a.orToday(0).MonthStart())
}

func runPlanSuggest(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM [--rep CODE] [--format table|json]")
	f := addMonthFlags(fs, "only the customers of the rep with this `code`", "table", "json")
	m, err := f.parse(a, fs, args)
	if err != nil {
		return err
	}
	rep, format := f.rep, f.format
	return a.withStore(ctx, func(s *store.Store) error {
		sgs, err := planning.Suggestions(ctx, s, user.Scope{All: true}, m, *rep)
		if err != nil {
			return err
		}
		if *format == "json" {
			if sgs == nil {
				sgs = []plan.Suggestion{}
			}
			return writeJSON(a.Stdout, sgs)
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "customer\trep\tcapacity\tsuggested\tbasis")
		var capacity, suggested money.Amount
		for _, sg := range sgs {
			capacity += sg.Capacity
			suggested += sg.Suggested
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", sg.Customer, sg.Rep, sg.Capacity.Format(), sg.Suggested.Format(), sg.BasisEN)
		}
		fmt.Fprintf(tw, "total\t\t%s\t%s\t\n", capacity.Format(), suggested.Format())
		return tw.Flush()
	})
}

func runPlanList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM [--rep CODE] [--format table|json]")
	f := addMonthFlags(fs, "only the plans of the rep with this `code`", "table", "json")
	m, err := f.parse(a, fs, args)
	if err != nil {
		return err
	}
	rep, format := f.rep, f.format
	return a.withStore(ctx, func(s *store.Store) error {
		ps, err := s.Plans(ctx, user.Scope{All: true}, m, *rep)
		if err != nil {
			return err
		}
		if *format == "json" {
			vs, err := planViews(ctx, a, s, ps)
			if err != nil {
				return err
			}
			return writeJSON(a.Stdout, vs)
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "customer\trep\tstatus\tsuggested\tasked\tcommitted\tgap\tpaid to milestones\tmeasures")
		for _, p := range ps {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", p.Customer, p.Rep, p.Status, p.Suggested.Format(), p.Asked.Format(),
				p.Committed.Format(), p.Gap.Format(), p.Fulfilled.Format(), len(p.Measures))
		}
		return tw.Flush()
	})
}

func runPlanShow(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM --customer CODE [--format table|json]")
	customer := fs.String("customer", "", "the customer's `code`")
	f := addMonthFlags(fs, "", "table", "json")
	m, err := f.parse(a, fs, args)
	if err != nil {
		return err
	}
	if *customer == "" {
		return usagef("--customer is required")
	}
	format := f.format
	return a.withStore(ctx, func(s *store.Store) error {
		p, err := s.Plan(ctx, user.Scope{All: true}, m, *customer)
		if err != nil {
			return err
		}
		if *format == "json" {
			vs, err := planViews(ctx, a, s, []store.Plan{p})
			if err != nil {
				return err
			}
			return writeJSON(a.Stdout, vs[0])
		}
		fmt.Fprintf(a.Stdout, "plan of %s (%s) for %s: %s\n  suggested %s (%s)\n  asked %s, committed %s, gap %s, paid to milestones %s\n",
			p.Customer, p.CustomerName, plan.MonthKey(p.Month), p.Status, p.Suggested.Format(), p.Basis, p.Asked.Format(), p.Committed.Format(), p.Gap.Format(), p.Fulfilled.Format())
		if p.Contact != "" {
			fmt.Fprintf(a.Stdout, "  agreed with %s on %s\n", p.Contact, p.AgreedOn)
		}
		if p.Difficulties != "" || len(p.DifficultyTags) > 0 {
			fmt.Fprintf(a.Stdout, "  difficulties: %s %v\n", p.Difficulties, p.DifficultyTags)
		}
		if p.Advantages != "" || len(p.AdvantageTags) > 0 {
			fmt.Fprintf(a.Stdout, "  advantages: %s %v\n", p.Advantages, p.AdvantageTags)
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		for _, ms := range p.Milestones {
			fmt.Fprintf(tw, "  milestone\t%s\t%s\t%s\t%s\n", ms.Due, ms.Amount.Format(), ms.Status, ms.Fulfilled.Format())
		}
		for _, me := range p.Measures {
			fmt.Fprintf(tw, "  measure %d\t%s\t%s\tby %s\t%s\t%s\n", me.ID, me.Kind, me.Expected.Format(), me.Due, me.Owner, me.Status)
		}
		return tw.Flush()
	})
}

// runAttainment is `huikuan report attainment`: each rep's attainment of
// the month's target (planning.Attainment, as the pages and the API show
// it), and the total.
func runAttainment(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM [--rep CODE] [--format table|json|csv|xlsx] [--lang zh|en] [--output FILE]")
	f := addMonthFlags(fs, "only the rep with this `code`", "table", "json", "csv", "xlsx")
	ef := addExportFlags(fs)
	m, err := f.parse(a, fs, args)
	if err != nil {
		return err
	}
	if err := ef.check(); err != nil {
		return err
	}
	rep, format := f.rep, f.format
	return a.withStore(ctx, func(s *store.Store) error {
		r, err := planning.Attainment(ctx, s, user.Scope{All: true}, m, a.orToday(0), *rep)
		if err != nil {
			return err
		}
		return ef.write(a, func(w io.Writer) error {
			switch *format {
			case "json":
				return writeJSON(w, r)
			case "csv":
				return attainmentCSV(w, r)
			case "xlsx":
				return xlsx(tables.Attainment(r, *ef.lang))(w)
			}
			return attainmentTable(w, r)
		})
	})
}

// attainmentTable writes the report for a terminal.
func attainmentTable(w io.Writer, r planning.Report) error {
	fmt.Fprintf(w, "attainment of %s as of %s\n", r.Month, r.AsOf)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rep\ttarget\tcollected\trate\tpromised\tmeasures\tuncovered\t")
	for _, x := range append(r.Reps, r.Attainment) {
		name := x.Rep
		if name == "" {
			name = "total"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, x.Target.Format(), x.Collected.Format(), rateText(x.Rate),
			x.PromisedWeighted.Format(), x.MeasuresExpected.Format(), x.Uncovered.Format())
	}
	return tw.Flush()
}

func rateText(r *float64) string {
	if r == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100**r)
}

// attainmentCSV writes the report's rows and the total, amounts in yuan.
func attainmentCSV(w io.Writer, r planning.Report) error {
	cw := csvfile.NewWriter(w)
	if err := cw.Write([]string{"month", "rep", "name", "team", "target", "collected", "rate", "promised_weighted", "measures_expected", "gap", "uncovered"}); err != nil {
		return err
	}
	for _, x := range append(r.Reps, r.Attainment) {
		rate := ""
		if x.Rate != nil {
			rate = strconv.FormatFloat(*x.Rate, 'f', 4, 64)
		}
		rep := x.Rep
		if rep == "" {
			rep = "total"
		}
		if err := cw.Write([]string{r.Month, rep, x.Name, x.Team, x.Target.String(), x.Collected.String(), rate,
			x.PromisedWeighted.String(), x.MeasuresExpected.String(), x.Gap.String(), x.Uncovered.String()}); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// planViews are plans as the API writes them (api.PlanView), with their
// measures' effects as of today.
func planViews(ctx context.Context, a *app, s *store.Store, ps []store.Plan) ([]api.Plan, error) {
	var ms []store.MeasureRow
	for _, p := range ps {
		ms = append(ms, p.Measures...)
	}
	effects, err := planning.MeasureEffects(ctx, s, user.Scope{All: true}, ms, a.orToday(0))
	if err != nil {
		return nil, err
	}
	out := make([]api.Plan, len(ps))
	for i, p := range ps {
		out[i] = api.PlanView(p, effects)
	}
	return out, nil
}
