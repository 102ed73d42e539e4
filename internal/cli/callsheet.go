package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"huikuan/internal/callsheet"
	"huikuan/internal/civil"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// runCallsheet prints a customer's call sheet, the same figures as its
// page and GET /api/v1/customers/{code}/callsheet (callsheet.Make).
func runCallsheet(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--customer CODE [--date DATE] [--lang zh|en] [--format table|json]")
	customer := fs.String("customer", "", "the customer's `code`")
	lang := fs.String("lang", "zh", "the counters' `language`: zh or en")
	format := fs.String("format", "table", "table or json")
	var date civil.Date
	fs.Var(dateFlag{&date}, "date", "the `date` of the call (default today)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *customer == "" {
		return usagef("--customer is required")
	}
	if *format != "table" && *format != "json" {
		return usagef("--format must be table or json")
	}
	if *lang != "zh" && *lang != "en" {
		return usagef("--lang must be zh or en")
	}
	date = a.orToday(date)
	return a.withStore(ctx, func(s *store.Store) error {
		sh, err := callsheet.Make(ctx, s, user.Scope{All: true}, *customer, date, *lang)
		if err != nil {
			return err
		}
		if *format == "json" {
			return writeJSON(a.Stdout, sh)
		}
		printSheet(a, sh)
		return nil
	})
}

func printSheet(a *app, sh callsheet.Sheet) {
	w := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
	defer w.Flush()
	fmt.Fprintf(w, "call sheet of %s %s (rep %s) on %s\n", sh.Customer, sh.Name, sh.Rep, sh.Date)
	fmt.Fprintf(w, "owed\t%s\toverdue\t%s\tdue this month\t%s\tdisputed\t%s\n", sh.Owed.Format(), sh.Overdue.Format(), sh.DueInMonth.Format(), sh.Disputed.Format())
	if p := sh.Plan; p != nil {
		fmt.Fprintf(w, "plan\t%s\tasked %s\tcommitted %s\tgap %s\tleft %s\n", p.Status, p.Asked.Format(), p.Committed.Format(), p.Gap.Format(), p.Left.Format())
	}
	ask := sh.OpeningAsk
	fmt.Fprintf(w, "opening ask\t%s\texpected %s ÷ r %.2f (%d calls) → %s, cap %s\n", ask.Ask.Format(), ask.Expected.Format(), ask.Ratio, ask.RatioCalls, ask.Rounded.Format(), ask.Cap.Format())
	for _, o := range ask.Options {
		fmt.Fprintf(w, "  option %s", o.Kind)
		for _, p := range o.Parts {
			fmt.Fprintf(w, "\t%s by %s", p.Amount.Format(), p.By)
		}
		fmt.Fprintln(w)
	}
	for _, t := range sh.Tips {
		fmt.Fprintf(w, "  tip\t%s\n", t)
	}
	for _, p := range sh.Promises {
		cred := "—"
		if p.Credibility != nil {
			cred = fmt.Sprintf("%.0f%%", 100**p.Credibility)
		}
		fmt.Fprintf(w, "promise\t%s\t%s\tpaid %s\tcredibility %s\n", p.Due, p.Amount.Format(), p.Fulfilled.Format(), cred)
	}
	for _, c := range sh.Calls {
		fmt.Fprintf(w, "call\t%s\t%s\tasked %s\tagreed %s\t%s\n", c.Date, c.Disposition, c.Asked.Format(), c.Agreed.Format(), c.Notes)
	}
	for _, e := range sh.Excuses {
		repeat := ""
		if e.Repeat {
			repeat = " (repeat)"
		}
		fmt.Fprintf(w, "excuse\t%s\t%s%s\t%s\n  counter\t%s\n", e.Date, e.Category, repeat, e.Notes, e.Counter)
	}
	for _, d := range sh.Disputes {
		fmt.Fprintf(w, "dispute\t%d\t%s\t%s held since %s\t%s\n", d.ID, d.Invoice, d.Amount.Format(), d.Opened, d.Reason)
	}
}

// runExcuseReport prints what followed the excuses of a period, by
// category and by rep (callsheet.Excuses, as GET /api/v1/reports/excuses).
func runExcuseReport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--from DATE --to DATE [--rep CODE] [--format table|json]")
	var from, to civil.Date
	fs.Var(dateFlag{&from}, "from", "the first `date` of the period (default the month's first)")
	fs.Var(dateFlag{&to}, "to", "the last `date` of the period (default today)")
	rep := fs.String("rep", "", "only the customers of the rep with this `code`")
	format := fs.String("format", "table", "table or json")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	to = a.orToday(to)
	if from == 0 {
		from = to.MonthStart()
	}
	if from > to {
		return usagef("--from %s is after --to %s", from, to)
	}
	sc := user.Scope{All: true}
	if *rep != "" {
		sc = user.Scope{Rep: *rep}
	}
	return a.withStore(ctx, func(s *store.Store) error {
		r, err := callsheet.Excuses(ctx, s, sc, from, to)
		if err != nil {
			return err
		}
		if *format == "json" {
			return writeJSON(a.Stdout, r)
		}
		fmt.Fprintf(a.Stdout, "excuses from %s to %s\n", r.From, r.To)
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "category\tcount\tpaid within 14 days\tpromised\tkept\t")
		for _, c := range r.Categories {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", c.Category, c.Count, c.Paid, c.Promised, c.Kept)
		}
		fmt.Fprintln(tw, "\t\t\t\t\t")
		fmt.Fprintln(tw, "rep\texcuses\tlet stand\tno next call\tno dispute\t")
		for _, x := range r.Reps {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", x.Rep, x.Excuses, x.Accepted, x.NoNextCall, x.NoDispute)
		}
		return tw.Flush()
	})
}
