package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"huikuan/internal/civil"
	"huikuan/internal/kpi"
	"huikuan/internal/sim"
)

func runSimulate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--policy huikuan|by-amount|by-overdue|round-robin|all [--calls-per-rep-day 30] [--months 6] [--seed N] [--world FILE] [--until DATE] [--plans on|off] [--playbook on|off] [--opening-ask on|off] [--support-plans on|off] [--cadence on|off] [--format json|table]\n  or: --habits [--seed N] [--seeds N] [--world FILE] [--until DATE] [--months 6] [--calls-per-rep-day 30] [--format json|table]")
	policy := fs.String("policy", "huikuan", "follow-up `policy`: huikuan, by-amount, by-overdue, round-robin, or all to compare them")
	capacity := fs.Int("calls-per-rep-day", 30, "calls each rep makes a working day")
	months := fs.Int("months", 6, "`months` the policy runs, after the world's warm-up")
	seed := fs.Uint64("seed", 1, "random `seed` (with --habits, the first of --seeds)")
	seeds := fs.Int("seeds", 1, "with --habits: the `number` of seeds, from --seed on, summed")
	worldPath := fs.String("world", "", "world `file` (default: the built-in world)")
	var until civil.Date
	fs.Var(dateFlag{&until}, "until", "last `date` simulated (default today)")
	format := fs.String("format", "table", "output `format`: table or json")
	plans := fs.String("plans", "", "`on`: reps agree monthly plans with their customers in the policy months; off: nobody plans (default on for the huikuan policy, off for the baselines, which are teams without huikuan)")
	playbook := fs.String("playbook", "", "`on`: reps meet excuses with the playbook in the policy months (they put payments back less than accepted ones); off: excuses are accepted (default on for the huikuan policy, off for the baselines)")
	openingAsk := fs.String("opening-ask", "", "`on`: reps open with the opening ask (negotiation.OpeningAsk) in the policy months; off: they ask what is overdue (default on for the huikuan policy, off for the baselines)")
	supportPlans := fs.String("support-plans", "", "`on`: reps ask for a support plan wherever huikuan's credibility of a promise is below the threshold, in the policy months; off: they believe every promise and ask by habit only (default on for the huikuan policy, off for the baselines)")
	cadence := fs.String("cadence", "", "huikuan policy only: `on` (default) calls down the worklist with its cadence; off calls the biggest balances first, with no scheduled follow-ups")
	habits := fs.Bool("habits", false, "the habit table: the huikuan policy in full and with each of "+fmt.Sprint(sim.HabitFeatures)+" off in turn")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if err := formatFlag(*format, "table", "json"); err != nil {
		return err
	}
	names := []string{*policy}
	if *policy == "all" {
		names = sim.PolicyNames
	} else if !slices.Contains(sim.PolicyNames, *policy) {
		return usagef("unknown --policy %q: want one of %v or all", *policy, sim.PolicyNames)
	}
	switches := []struct{ name, v string }{{"plans", *plans}, {"playbook", *playbook}, {"opening-ask", *openingAsk}, {"support-plans", *supportPlans}, {"cadence", *cadence}}
	for _, f := range switches {
		if f.v != "" && f.v != "on" && f.v != "off" {
			return usagef("--%s must be on or off, not %q", f.name, f.v)
		}
		if f.v != "" && *habits {
			return usagef("--habits switches every feature itself: leave out --%s", f.name)
		}
	}
	if *cadence != "" && *policy != "huikuan" {
		return usagef("--cadence applies to the huikuan policy only")
	}
	if *capacity < 1 || *months < 1 || *months > 60 || *seeds < 1 || *seeds > 100 {
		return usagef("--calls-per-rep-day must be at least 1, --months 1 to 60 and --seeds 1 to 100")
	}
	w := sim.DefaultWorld()
	if *worldPath != "" {
		var err error
		if w, err = sim.LoadWorld(*worldPath); err != nil {
			return err
		}
	}
	size, ok := w.Sizes["simulate"]
	if !ok {
		size = sim.Size{Reps: 5, Customers: 600, Months: 6}
	}
	o := sim.SimOptions{Size: size, Seed: *seed, Until: a.orToday(until), WarmupMonths: size.Months, Months: *months, CallsPerRepDay: *capacity}
	if *habits {
		var ss []uint64
		for k := range *seeds {
			ss = append(ss, *seed+uint64(k))
		}
		rows := sim.HabitTable(w, o, ss)
		if *format == "json" {
			return writeJSON(a.Stdout, rows)
		}
		seedText := fmt.Sprintf("seed %d", ss[0])
		if len(ss) > 1 {
			seedText = fmt.Sprintf("seeds %d–%d summed", ss[0], ss[len(ss)-1])
		}
		fmt.Fprintf(a.Stdout, "world %q, %s: %d reps, %d customers; %d months of the reps' habits, then %d months of the huikuan policy at %d calls a rep a day, in full and with each feature off\n",
			w.Name, seedText, size.Reps, size.Customers, size.Months, *months, *capacity)
		return writeHabitTable(a.Stdout, rows)
	}
	var results []sim.SimResult
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		on := func(v string) bool { return v == "on" || v == "" && name == "huikuan" }
		f := sim.Features{Plans: on(*plans), Playbook: on(*playbook), OpeningAsk: on(*openingAsk), SupportPlans: on(*supportPlans), Cadence: *cadence != "off"}
		if name == "huikuan" {
			results = append(results, sim.RunHuikuan(w, o, f))
			continue
		}
		pick, _ := sim.NewPicker(name)
		o.Plans, o.Playbook, o.OpeningAsk, o.SupportPlans = f.Plans, f.Playbook, f.OpeningAsk, f.SupportPlans
		results = append(results, sim.Simulate(w, o, name, pick))
	}
	if *format == "json" {
		if len(results) == 1 {
			return writeJSON(a.Stdout, results[0])
		}
		return writeJSON(a.Stdout, results)
	}
	fmt.Fprintf(a.Stdout, "world %q, seed %d: %d reps, %d customers; %d months of the reps' habits, then %d months of each policy at %d calls a rep a day\n",
		w.Name, *seed, size.Reps, size.Customers, size.Months, *months, *capacity)
	tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "policy\tcollected\toverdue at end\tDSO\tpromises\tkept\tcalls\tplans agreed\tdeclined\tmeasures\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%.0f%%\t%d\t%s\t%s\t%s\t\n", r.Policy, r.Collected.Format(), r.OverdueEnd.Format(), dsoDays(r.DSO), r.CommitmentsMade, 100*r.KeptRate, r.Calls,
			planCount(r, r.PlansAgreed), planCount(r, r.PlansDeclined), planCount(r, r.Measures))
	}
	return tw.Flush()
}

// writeHabitTable prints the habit table: each row's collections, gap to
// target, DSO and kept rate, and what the feature switched off is worth.
func writeHabitTable(out io.Writer, rows []sim.HabitRow) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "huikuan\tcollected\ttarget\tgap to target\tDSO\tkept\tcalls\tpromises\tsupport asked\tfeature worth\t")
	for _, r := range rows {
		name, worth := "in full", ""
		if r.Off != "" {
			name, worth = r.Off+" off", fmt.Sprintf("%s (%s)", r.Worth.FormatWan(), signedRate(r.WorthRatio))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t\n", name, r.Collected.FormatWan(), r.Target.FormatWan(), r.Gap.FormatWan(),
			dsoDays(r.DSO), rate(r.KeptRate), r.Calls, r.Promises, r.SupportAsked, worth)
	}
	return tw.Flush()
}

// days is a DSO for a table, "–" when it is not defined.
func dsoDays(r kpi.Ratio) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f", *r)
}

// rate is a ratio as a whole percentage for a table, signedRate as a
// signed one to the hundredth; "–" when it is not defined.
func rate(r kpi.Ratio) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100**r)
}

func signedRate(r kpi.Ratio) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%+.2f%%", 100**r)
}

// planCount is a count of plans for the table, "off" when nobody planned.
func planCount(r sim.SimResult, n int) string {
	if !r.Plans {
		return "off"
	}
	return fmt.Sprint(n)
}
