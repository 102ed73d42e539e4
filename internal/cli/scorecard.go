package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"huikuan/internal/export"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// runScorecard prints the month's six-habit scorecard (scorecard.Month)
// of every rep, or of one: a table, the JSON the API answers, or its
// tables as XLSX or CSV (the habits table), to standard output or
// --output; --lang is the findings' language as well as the headers'.
func runScorecard(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--month YYYY-MM [--rep CODE] [--format table|json|csv|xlsx] [--lang zh|en] [--output FILE]")
	f := addMonthFlags(fs, "only the rep with this `code` (scored against the rep's team)", "table", "json", "csv", "xlsx")
	ex := addExportFlags(fs)
	m, err := f.parse(a, fs, args)
	if err != nil {
		return err
	}
	if err := ex.check(); err != nil {
		return err
	}
	today := a.orToday(0)
	return a.withStore(ctx, func(s *store.Store) error {
		sc, err := scorecard.Narrow(ctx, s, user.Scope{All: true}, *f.rep, "", today)
		if err != nil {
			return err
		}
		card, err := scorecard.Month(ctx, s, sc, m, today, *ex.lang)
		if err != nil {
			return err
		}
		return ex.write(a, func(w io.Writer) error {
			switch *f.format {
			case "json":
				return writeJSON(w, card)
			case "csv", "xlsx":
				return export.Write(w, export.Format(*f.format), card.Tables(*ex.lang)...)
			}
			return scorecardTable(w, card)
		})
	})
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
