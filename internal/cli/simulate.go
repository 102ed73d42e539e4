package cli

import (
	"context"
	"fmt"
	"slices"
	"text/tabwriter"

	"huikuan/internal/civil"
	"huikuan/internal/sim"
)

func runSimulate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--policy huikuan|by-amount|by-overdue|round-robin|all [--calls-per-rep-day 30] [--months 6] [--seed N] [--world FILE] [--until DATE] [--plans on|off] [--playbook on|off] [--opening-ask on|off] [--format json|table]")
	policy := fs.String("policy", "huikuan", "follow-up `policy`: huikuan, by-amount, by-overdue, round-robin, or all to compare them")
	capacity := fs.Int("calls-per-rep-day", 30, "calls each rep makes a working day")
	months := fs.Int("months", 6, "`months` the policy runs, after the world's warm-up")
	seed := fs.Uint64("seed", 1, "random `seed`")
	worldPath := fs.String("world", "", "world `file` (default: the built-in world)")
	var until civil.Date
	fs.Var(dateFlag{&until}, "until", "last `date` simulated (default today)")
	format := fs.String("format", "table", "output `format`: table or json")
	plans := fs.String("plans", "", "`on`: reps agree monthly plans with their customers in the policy months; off: nobody plans (default on for the huikuan policy, off for the baselines, which are teams without huikuan)")
	playbook := fs.String("playbook", "", "`on`: reps meet excuses with the playbook in the policy months (they put payments back less than accepted ones); off: excuses are accepted (default on for the huikuan policy, off for the baselines)")
	openingAsk := fs.String("opening-ask", "", "`on`: reps open with the opening ask (negotiation.OpeningAsk) in the policy months; off: they ask what is overdue (default on for the huikuan policy, off for the baselines)")
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
	for _, f := range []struct{ name, v string }{{"plans", *plans}, {"playbook", *playbook}, {"opening-ask", *openingAsk}} {
		if f.v != "" && f.v != "on" && f.v != "off" {
			return usagef("--%s must be on or off, not %q", f.name, f.v)
		}
	}
	if *capacity < 1 || *months < 1 || *months > 60 {
		return usagef("--calls-per-rep-day must be at least 1 and --months 1 to 60")
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
	var results []sim.SimResult
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		pick, _ := sim.NewPicker(name)
		o.Plans = *plans == "on" || *plans == "" && name == "huikuan"
		o.Playbook = *playbook == "on" || *playbook == "" && name == "huikuan"
		o.OpeningAsk = *openingAsk == "on" || *openingAsk == "" && name == "huikuan"
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
	fmt.Fprintln(tw, "policy\tcollected\toverdue at end\tpromises\tkept\tcalls\tplans agreed\tdeclined\tmeasures\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%.0f%%\t%d\t%s\t%s\t%s\t\n", r.Policy, r.Collected.Format(), r.OverdueEnd.Format(), r.CommitmentsMade, 100*r.KeptRate, r.Calls,
			planCount(r, r.PlansAgreed), planCount(r, r.PlansDeclined), planCount(r, r.Measures))
	}
	return tw.Flush()
}

// planCount is a count of plans for the table, "off" when nobody planned.
func planCount(r sim.SimResult, n int) string {
	if !r.Plans {
		return "off"
	}
	return fmt.Sprint(n)
}
