package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/forecast"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

func runReport(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(a.Stdout, "Usage: huikuan report aging|statement|credibility|forecast|suggestion|attainment|excuses|kpis|scorecard|paydate [flags]")
			return nil
		}
		return usagef("want a report: aging, statement, credibility, forecast, suggestion, attainment, excuses, kpis, scorecard or paydate")
	}
	switch args[0] {
	case "aging":
		a.name += " aging"
		return runAging(ctx, a, args[1:])
	case "statement":
		a.name += " statement"
		return runStatement(ctx, a, args[1:])
	case "credibility":
		a.name += " credibility"
		return runCredibility(ctx, a, args[1:])
	case "forecast":
		a.name += " forecast"
		return runForecast(ctx, a, args[1:])
	case "attainment":
		a.name += " attainment"
		return runAttainment(ctx, a, args[1:])
	case "suggestion":
		a.name += " suggestion"
		return runSuggestionBacktest(ctx, a, args[1:])
	case "excuses":
		a.name += " excuses"
		return runExcuseReport(ctx, a, args[1:])
	case "scorecard":
		a.name += " scorecard"
		return runScorecard(ctx, a, args[1:])
	case "kpis":
		a.name += " kpis"
		return runKPIs(ctx, a, args[1:])
	case "paydate":
		a.name += " paydate"
		return runPaydateReport(ctx, a, args[1:])
	}
	return usagef("unknown report %q: want aging, statement, credibility, forecast, suggestion, attainment, excuses, kpis, scorecard or paydate", args[0])
}

// dateFlag is a civil.Date flag; zero until set.
type dateFlag struct{ d *civil.Date }

func (f dateFlag) String() string {
	if f.d == nil || *f.d == 0 {
		return ""
	}
	return f.d.String()
}

// Set reads YYYY-MM-DD; a date outside civil.FirstDay..LastDay is
// refused like a malformed one.
func (f dateFlag) Set(s string) error {
	d, err := civil.Parse(s)
	if err != nil {
		return err
	}
	if err := civil.CheckReportDate(d); err != nil {
		return err
	}
	*f.d = d
	return nil
}

// monthFlag reads a --month YYYY-MM as the month's first day, def when
// not given.
func monthFlag(m string, def civil.Date) (civil.Date, error) {
	if m == "" {
		return def, nil
	}
	d, err := civil.Parse(m + "-01")
	if err != nil {
		return 0, usagef("--month %q: want YYYY-MM", m)
	}
	if err := civil.CheckReportDate(d); err != nil {
		return 0, usagef("--month %s: %v", m, err)
	}
	return d, nil
}

func formatFlag(v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return usagef("unknown format %q: want %s", v, strings.Join(allowed, ", "))
}

func runAging(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--as-of DATE [--rep CODE] [--format table|json|csv|xlsx] [--lang zh|en] [--output FILE]")
	var asOf civil.Date
	fs.Var(dateFlag{&asOf}, "as-of", "aging `date` YYYY-MM-DD (default today)")
	rep := fs.String("rep", "", "only the customers of the rep with this `code`")
	format := fs.String("format", "table", "output `format`: table, json, csv or xlsx")
	ef := addExportFlags(fs)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if err := formatFlag(*format, "table", "json", "csv", "xlsx"); err != nil {
		return err
	}
	if err := ef.check(); err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		bk, err := s.AgingBuckets(ctx) // as set by an admin, or the default
		if err != nil {
			return err
		}
		r, err := s.Aging(ctx, a.orToday(asOf), bk, store.AgingFilter{Rep: *rep})
		if err != nil {
			return err
		}
		return ef.write(a, func(w io.Writer) error {
			switch *format {
			case "json":
				return writeJSON(w, r)
			case "csv":
				return r.WriteCSV(w) // scripts read this exact form: not the export's
			case "xlsx":
				return xlsx(tables.Aging(r, *ef.lang))(w)
			}
			return agingTable(w, r)
		})
	})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func agingTable(w io.Writer, r *ledger.AgingReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	// The name goes last: Chinese characters are two columns wide on a
	// terminal, which tabwriter cannot know, so nothing is aligned after it.
	head := []string{"customer", "rep"}
	for _, b := range r.Buckets {
		head = append(head, b.Label)
	}
	head = append(head, "total", "prepaid", "disputed", "limit", "", "")
	fmt.Fprintln(tw, strings.Join(head, "\t")+" name")
	for _, c := range r.Customers {
		cells := []string{c.Code, c.Rep}
		for _, b := range c.Buckets {
			cells = append(cells, b.Format())
		}
		flag := ""
		if c.OverLimit {
			flag = "over limit"
		}
		cells = append(cells, c.Total.Format(), c.Prepaid.Format(), c.Disputed.Format(), c.CreditLimit.Format(), flag, "")
		fmt.Fprintln(tw, strings.Join(cells, "\t")+" "+c.Name)
	}
	cells := []string{"TOTAL", ""}
	for _, b := range r.Buckets {
		cells = append(cells, b.Amount.Format())
	}
	cells = append(cells, r.Total.Format(), r.Prepaid.Format(), r.Disputed.Format(), "", "", "")
	fmt.Fprintln(tw, strings.Join(cells, "\t")+" "+strconv.Itoa(len(r.Customers))+" customers")
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "aging as of %s, %s\n", r.AsOf, r.Currency)
	return err
}

func runStatement(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--customer CODE [--from DATE --to DATE] [--format table|json]")
	var from, to civil.Date
	code := fs.String("customer", "", "customer `code`")
	fs.Var(dateFlag{&from}, "from", "first `date` (default: the beginning)")
	fs.Var(dateFlag{&to}, "to", "last `date` (default today)")
	format := fs.String("format", "table", "output `format`: table or json")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("unexpected argument %q", pos[0])
	case *code == "":
		return usagef("--customer is required")
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	if to = a.orToday(to); from > to {
		return usagef("--from %s is after --to %s", from, to)
	}
	return a.withStore(ctx, func(s *store.Store) error {
		st, err := s.Statement(ctx, *code, from, to)
		switch {
		case err != nil:
			return err
		case *format == "json":
			return writeJSON(a.Stdout, st)
		}
		return statementTable(a.Stdout, st)
	})
}

func statementTable(w io.Writer, st ledger.Statement) error {
	fmt.Fprintf(w, "%s %s — statement %s to %s\n", st.Customer, st.Name, st.From, st.To)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "date\tdocument\tnumber\tdue\tamount\tbalance\t")
	fmt.Fprintf(tw, "\topening balance\t\t\t\t%s\t\n", st.Opening.Format())
	for _, e := range st.Entries {
		due := ""
		if e.Due != nil {
			due = e.Due.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", e.Date, e.Kind, e.Number, due, e.Amount.Format(), e.Balance.Format())
	}
	fmt.Fprintf(tw, "\tclosing balance\t\t\t\t%s\t\n", st.Closing.Format())
	return tw.Flush()
}

func runCredibility(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--from DATE --to DATE] [--format table|json]")
	var from, to civil.Date
	fs.Var(dateFlag{&from}, "from", "first `date` a scored promise was made (default: the beginning)")
	fs.Var(dateFlag{&to}, "to", "last `date` (default today)")
	format := fs.String("format", "table", "output `format`: table or json")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	to = a.orToday(to)
	if from != 0 {
		if err := civil.CheckReportSpan(from, to); err != nil {
			return usagef("--from, --to: %v", err)
		}
	}
	return a.withStore(ctx, func(s *store.Store) error {
		hs, err := s.CommitmentHistories(ctx)
		if err != nil {
			return err
		}
		ev, err := commitment.Evaluate(ctx, hs, from, to)
		if err != nil {
			return err
		}
		if *format == "json" {
			return writeJSON(a.Stdout, ev)
		}
		fmt.Fprintf(a.Stdout, "commitments made %s to %s, each scored by a model fitted on what was settled before its month\n", ev.From, ev.To)
		fmt.Fprintf(a.Stdout, "n %d, kept %.3f\nmodel             AUC %.3f  Brier %.3f\ncustomer history  AUC %.3f  Brier %.3f\nconstant          AUC %.3f  Brier %.3f\n",
			ev.N, ev.KeptRate, ev.AUC, ev.Brier, ev.Baselines.CustomerHistory.AUC, ev.Baselines.CustomerHistory.Brier, ev.Baselines.Constant.AUC, ev.Baselines.Constant.Brier)
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "bin\tn\tpredicted\tobserved\t")
		for _, b := range ev.Bins {
			fmt.Fprintf(tw, "%.1f-%.1f\t%d\t%.3f\t%.3f\t\n", b.Lo, b.Hi, b.N, b.Predicted, b.Observed)
		}
		return tw.Flush()
	})
}

func runForecast(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM [--as-of DATE] [--rep CODE | --team T] [--each-day] [--format table|json]")
	month := fs.String("month", "", "the `month` to forecast, YYYY-MM (default this month)")
	rep := fs.String("rep", "", "only the customers of the rep with this `code`")
	team := fs.String("team", "", "only the customers of this `team`'s reps")
	eachDay := fs.Bool("each-day", false, "the forecast as made on each day of the month up to --as-of, against the actual")
	var asOf civil.Date
	fs.Var(dateFlag{&asOf}, "as-of", "the `date` the forecast is made on (default today, or the month's last day for a past month)")
	format := fs.String("format", "table", "output `format`: table or json")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	today := a.orToday(0)
	start, err := monthFlag(*month, today.MonthStart())
	if err != nil {
		return err
	}
	if asOf == 0 {
		asOf = forecast.AsOf(start, today)
	}
	if asOf < start || asOf > start.MonthEnd() {
		return usagef("--as-of %s is not in %s", asOf, start.String()[:7])
	}
	scope := user.Scope{All: true}
	switch {
	case *rep != "" && *team != "":
		return usagef("give --rep or --team, not both")
	case *rep != "":
		scope = user.Scope{Rep: *rep}
	case *team != "":
		scope = user.Scope{Team: *team}
	}
	return a.withStore(ctx, func(s *store.Store) error {
		if *eachDay {
			fs, err := forecast.Days(ctx, s, scope, asOf, today)
			if err != nil {
				return err
			}
			if *format == "json" {
				return writeJSON(a.Stdout, fs)
			}
			tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "as of\treceived\tforecast\tactual\terror\t")
			for _, f := range fs {
				actual := ""
				if f.Actual != nil {
					actual = f.Actual.Format()
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", f.AsOf, f.Received.Format(), f.Forecast.Format(), actual, f.OffText())
			}
			return tw.Flush()
		}
		f, err := forecast.Month(ctx, s, scope, asOf, today)
		if err != nil {
			return err
		}
		if *format == "json" {
			return writeJSON(a.Stdout, f)
		}
		fmt.Fprintf(a.Stdout, "forecast of %s made on %s\n  received so far       %16s\n  open commitments      %16s (weighted by credibility)\n  expected uncommitted  %16s\n",
			f.Month, f.AsOf, f.Received.Format(), f.CommittedWeighted.Format(), f.UncommittedExpected.Format())
		if f.Season != 0 {
			fmt.Fprintf(a.Stdout, "  season                %16s (×%.2f: the season, from the same month a year before)\n", f.SeasonAdjustment.Format(), f.Season)
		}
		fmt.Fprintf(a.Stdout, "  forecast              %16s\n", f.Forecast.Format())
		if f.Actual != nil {
			fmt.Fprintf(a.Stdout, "  actual                %16s (%s)\n", f.Actual.Format(), f.OffText())
		}
		return nil
	})
}
