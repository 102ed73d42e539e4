package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/jobs"
	"huikuan/internal/progress"
	"huikuan/internal/sim"
	"huikuan/internal/store"
)

func runDemo(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--size small|large] [--seed N] [--until DATE] [--world FILE.json] [--plans on|off] [--print-world]")
	size := fs.String("size", "small", "company `size`: small (8 reps, 200 customers, 24 months) or large (200 reps, 10,000 customers, 24 months)")
	seed := fs.Uint64("seed", 1, "random `seed`: the same seed and --until give the same data")
	var until civil.Date
	fs.Var(dateFlag{&until}, "until", "last `date` of the history (default today)")
	worldPath := fs.String("world", "", "world `file` with personas and behaviour (default: the built-in world)")
	plans := fs.String("plans", "on", "`on`: managers set monthly targets and reps agree plans with their customers (the world's plans); off: nobody plans")
	printWorld := fs.Bool("print-world", false, "print the built-in world file and exit")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *plans != "on" && *plans != "off" {
		return usagef("--plans must be on or off, not %q", *plans)
	}
	if *printWorld {
		_, err := a.Stdout.Write(sim.DefaultWorldJSON())
		return err
	}
	w := sim.DefaultWorld()
	if *worldPath != "" {
		if w, err = sim.LoadWorld(*worldPath); err != nil {
			return err
		}
	}
	sz, ok := w.Sizes[*size]
	if !ok {
		return usagef("unknown size %q in world %q", *size, w.Name)
	}
	if until == 0 {
		until = civil.Today(a.cfg.Location)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	started := time.Now()
	if err := Demo(ctx, s, w, sim.Options{Size: sz, Seed: *seed, Until: until, NoPlans: *plans == "off"}, a.Progress); err != nil {
		return err
	}
	n, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "demo world %q (%s, seed %d) from %s to %s in %s: %d reps, %d customers, %d invoices, %d payments, %d disputes, %d commitments, %d calls\n",
		w.Name, *size, *seed, sim.Options{Size: sz, Until: until}.Start(), until, time.Since(started).Round(time.Millisecond),
		n.Reps, n.Customers, n.Invoices, n.Payments, n.Disputes, n.Commitments, n.Calls)
	return nil
}

// Demo fills an empty database with a simulated company, showing a
// progress bar on bar when it is a terminal.
func Demo(ctx context.Context, s *store.Store, w *sim.World, o sim.Options, barOut *os.File) error {
	n, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	if n.Customers > 0 || n.Invoices > 0 {
		return fmt.Errorf("the database already has %d customers and %d invoices; demo fills an empty database", n.Customers, n.Invoices)
	}
	co := sim.NewCompany(w, o)
	var reps store.Batch
	for _, r := range co.Reps {
		reps.Reps = append(reps.Reps, r.Rep)
	}
	if _, err := s.Apply(ctx, reps); err != nil {
		return err
	}
	bar := progress.New(barOut, "customers", int64(len(co.Customers)), "customers")
	targets := sim.NewTargets(w)
	err = co.Generate(ctx, 100, func(c sim.Chunk) error {
		var b store.Batch
		var plans []store.DemoPlan
		for _, d := range c.Docs {
			b.Customers = append(b.Customers, d.Customer)
			b.Invoices = append(b.Invoices, d.Invoices...)
			b.Payments = append(b.Payments, d.Payments...)
			b.Disputes = append(b.Disputes, d.Disputes...)
			for _, p := range d.Promises {
				if p.Milestone > 0 {
					continue // a plan's milestone: recorded with its plan
				}
				b.Commitments = append(b.Commitments, store.NewCommitment{Customer: d.Customer.Code, Amount: p.Amount, Due: p.Due, Made: p.Made,
					Contact: p.Contact, SupportKind: p.SupportKind, Support: p.Support})
			}
			b.Calls = append(b.Calls, demoCalls(d)...)
			plans = append(plans, demoPlans(d)...)
			targets.Add(d)
		}
		if _, err := s.Apply(ctx, b); err != nil {
			return fmt.Errorf("customers %d–%d: %w", c.First+1, c.First+len(c.Docs), err)
		}
		if err := s.LoadDemoPlans(ctx, nil, plans); err != nil {
			return fmt.Errorf("plans of customers %d–%d: %w", c.First+1, c.First+len(c.Docs), err)
		}
		bar.Add(int64(len(c.Docs)))
		return nil
	})
	if err != nil {
		return err
	}
	bar.Finish()
	var ts []store.TargetInput
	for _, t := range targets.List(co.Reps) {
		ts = append(ts, store.TargetInput{Month: t.Month, Rep: t.Rep, Amount: t.Amount})
	}
	if err := s.LoadDemoPlans(ctx, ts, nil); err != nil {
		return err
	}
	// The history ends as if the daily job had run on its last day; the
	// promises were loaded without the credibility they had when made.
	if _, err := jobs.Run(ctx, s, o.Until, jobs.Options{ScoreLoaded: true}); err != nil {
		return err
	}
	return s.Analyze(ctx)
}

// demoPlans turns a simulated customer's plans into plans to load.
func demoPlans(d sim.Docs) []store.DemoPlan {
	out := make([]store.DemoPlan, len(d.Plans))
	for i, p := range d.Plans {
		out[i] = store.DemoPlan{Customer: d.Customer.Code, Month: p.Month, On: p.On, Input: p.Input}
		for _, m := range p.Measures {
			out[i].Measures = append(out[i].Measures, store.DemoMeasure{Measure: m.Measure, Status: m.Status})
		}
	}
	return out
}

// demoCalls turns a simulated customer's calls into calls to load, each
// made mid-morning and answering the routine follow-up its previous call
// set (the demo's reps call by habit, not by huikuan's list), with the
// opening ask the call sheet recommended that day, as store.LogCall would
// have stored it.
func demoCalls(d sim.Docs) []store.NewCall {
	p := followup.DefaultPolicy()
	out := make([]store.NewCall, len(d.Calls))
	for i, c := range d.Calls {
		out[i] = store.NewCall{Customer: d.Customer.Code, At: c.Date.Time().Add(2 * time.Hour), Date: c.Date,
			Disposition: c.Disposition, AmountAsked: c.Asked, AmountAgreed: c.Agreed, Excuse: c.Excuse, ExcuseAmount: c.ExcuseAmount,
			RecommendedAsk: c.Recommended}
		if i > 0 {
			out[i].DueOn = p.RoutineDue(d.Customer.Tier, d.Calls[i-1].Date, civil.Calendar{})
		}
	}
	return out
}
