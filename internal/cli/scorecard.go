package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"huikuan/internal/export"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// runScorecard prints the month's six-habit scorecard (scorecard.Month)
// of every rep, or of one: a table, the JSON the API answers, or the
// XLSX workbook of its tables (to standard output or --output).
func runScorecard(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM [--rep CODE] [--lang zh|en] [--format table|json|xlsx] [--output FILE]")
	f := addMonthFlags(fs, "only the rep with this `code` (scored against the rep's team)", "table", "json", "xlsx")
	lang := fs.String("lang", "zh", "the findings' `language`: zh or en")
	output := fs.String("output", "", "write to this `file` instead of standard output")
	m, err := f.parse(a, fs, args)
	if err != nil {
		return err
	}
	if *lang != "zh" && *lang != "en" {
		return usagef("--lang must be zh or en")
	}
	today := a.orToday(0)
	return a.withStore(ctx, func(s *store.Store) error {
		sc, err := scorecard.Narrow(ctx, s, user.Scope{All: true}, *f.rep, "", today)
		if err != nil {
			return err
		}
		card, err := scorecard.Month(ctx, s, sc, m, today, *lang)
		if err != nil {
			return err
		}
		return writeTo(a.Stdout, *output, func(w io.Writer) error {
			switch *f.format {
			case "json":
				return writeJSON(w, card)
			case "xlsx":
				return export.WriteXLSX(w, card.Tables(*lang)...)
			}
			return scorecardTable(w, card)
		})
	})
}

// writeTo runs write on stdout, or on the file named (created or
// truncated) when name is not "".
func writeTo(stdout io.Writer, name string, write func(io.Writer) error) error {
	if name == "" {
		return write(stdout)
	}
	out, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := write(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// scorecardTable prints each rep's habits, weakest first.
func scorecardTable(w io.Writer, c scorecard.Card) error {
	fmt.Fprintf(w, "six-habit scorecard of %s\n", c.Month)
	for _, r := range c.Reps {
		fmt.Fprintf(w, "\n%s %s (%s)\n", r.Rep, r.Name, r.Team)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "#\thabit\tvalue\tteam median\tscore\tfinding")
		for _, h := range r.Habits {
			score := "-"
			if h.Score != nil {
				score = strconv.Itoa(*h.Score)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", h.Habit, h.Code, rateText(h.Value), rateText(h.TeamMedian), score, h.Finding)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
