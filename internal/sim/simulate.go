package sim

import (
	"cmp"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/followup"
	"huikuan/internal/kpi"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
)

// Observed is what huikuan sees of a customer on a morning: its ledger
// position, calls and promises; never its cash or its intentions.
type Observed struct {
	followup.Customer
	Owed money.Amount // balance net of prepayment, disputes set aside

	truth *customerSim // the customer itself: read only by the package's experiments
}

// Day is a rep's working day as a picker is told of it: the installation's
// follow-up policy (the one the customers were observed by) and calendar,
// and how many calls the rep makes.
type Day struct {
	Rep      int
	Today    civil.Date
	Capacity int
	Policy   followup.Policy
	Calendar civil.Calendar
}

// Picker chooses which of a rep's customers to call on a day, at most
// d.Capacity of them, by their index in cs.
type Picker func(d Day, cs []Observed) []int

// SimOptions choose a simulation: the world's company at a size, a warm-up
// under the reps' own habits (so that there are debts, calls and
// promises), then Months under a policy.
type SimOptions struct {
	Size           Size // Months is ignored: WarmupMonths + Months are run
	Seed           uint64
	Until          civil.Date
	WarmupMonths   int
	Months         int
	CallsPerRepDay int
	// Rules decide the customers' promises (Options.Rules); Policy is the
	// installation's follow-up policy: its due-soon window shapes what
	// every policy sees, and the huikuan policy calls down its worklist. A
	// zero Policy (no intervals) is followup.DefaultPolicy().
	Rules  commitment.Rules
	Policy followup.Policy
	// Plans makes the reps agree monthly plans with their customers in
	// the policy months (as in the demo: as diligently as they are, with
	// targets, milestones as promises and gap measures); without it
	// nobody plans, warm-up included.
	Plans bool
	// Playbook makes the reps meet excuses with the playbook in the
	// policy months (an excuse puts the customer's payments back less
	// than an accepted one, and a disputable one may be carved out as a
	// dispute of its part); OpeningAsk makes them open with
	// negotiation.OpeningAsk instead of asking what is overdue. Without
	// them the reps do as in the warm-up.
	Playbook, OpeningAsk bool
	// SupportPlans makes the reps ask for a support plan, in the policy
	// months, wherever huikuan's credibility of a promise (the model
	// fitted on the warm-up's promises when the policy months begin) is
	// below commitment.SupportThreshold and the rep did not ask by habit;
	// without it they believe every promise and ask by habit only.
	SupportPlans bool
}

// policy is the follow-up policy the options ask for.
func (o SimOptions) policy() followup.Policy {
	if o.Policy.Interval == nil {
		return followup.DefaultPolicy()
	}
	return o.Policy
}

// SimResult is what a policy brought in over the months it ran.
type SimResult struct {
	Policy          string       `json:"policy"`
	Months          int          `json:"months"`
	Collected       money.Amount `json:"collected"`
	OverdueEnd      money.Amount `json:"overdue_end"`
	CommitmentsMade int          `json:"commitments_made"`
	KeptRate        float64      `json:"kept_rate"`
	Calls           int          `json:"calls"`
	// Plans says whether reps planned; PlansAgreed and PlansDeclined
	// count the customers' plans of the policy months, Measures their gap
	// measures. Commitments include the agreed plans' milestones.
	Plans         bool `json:"plans"`
	PlansAgreed   int  `json:"plans_agreed"`
	PlansDeclined int  `json:"plans_declined"`
	Measures      int  `json:"measures"`
	// PromisesKept and PromisesDecided count the commitments of the
	// policy months kept in full and decided (KeptRate is their ratio);
	// SupportAsked the support plans asked for because of a low
	// credibility.
	PromisesKept    int `json:"promises_kept"`
	PromisesDecided int `json:"promises_decided"`
	SupportAsked    int `json:"support_asked"`
	// Target is the reps' targets for the whole calendar months of the
	// policy months (their customers' capacities × the world's stretch,
	// set whether or not anyone plans; 0 for a world without plans) and
	// TargetCollected what was collected in those months.
	Target          money.Amount `json:"target"`
	TargetCollected money.Amount `json:"target_collected"`
	// Sales are the credit sales of the policy months (invoices issued,
	// credit notes subtracted), AREnd what is open at the end (disputed
	// parts included, prepayments not netted) and Days the policy
	// months' days: DSO = AREnd ÷ Sales × Days (kpi.Period).
	Sales money.Amount `json:"sales"`
	AREnd money.Amount `json:"ar_end"`
	Days  int          `json:"days"`
	DSO   kpi.Ratio    `json:"dso"`
}

// Simulate runs the world forward with each rep calling the customers
// pick chooses, within the capacity, and measures the months the policy
// ran. Every policy sees the same company, the same warm-up and the same
// random streams, so differences come from whom it calls.
func Simulate(w *World, o SimOptions, name string, pick Picker) SimResult {
	o.Size.Months = o.WarmupMonths + o.Months
	o.Size.BurnInMonths = 0 // the warm-up is the simulator's burn-in
	policyFrom := o.Until.AddMonths(-o.Months).AddDays(1)
	co := NewCompany(w, Options{Size: o.Size, Seed: o.Seed, Until: o.Until, Rules: o.Rules, NoPlans: !o.Plans, plansStart: policyFrom, targetsStart: policyFrom, noProfiles: true})
	if o.Playbook {
		co.Options.playbook = policyFrom
	}
	if o.OpeningAsk {
		co.Options.openingAsk = policyFrom
	}
	if o.SupportPlans {
		co.Options.supportPlans = policyFrom
	}
	policy, cal := o.policy(), o.Rules.Calendar
	start := co.Options.Start()
	sims := make([]*customerSim, len(co.Customers))
	byRep := make([][]int, len(co.Reps))
	for i := range co.Customers {
		sims[i] = co.newCustomerSim(i)
		byRep[co.Customers[i].RepIndex] = append(byRep[co.Customers[i].RepIndex], i)
	}
	res := SimResult{Policy: name, Months: o.Months, Plans: o.Plans && w.Plans != nil}
	calls := make([]bool, len(sims))
	for t := start; t <= o.Until; t++ {
		if t == policyFrom && o.SupportPlans {
			co.scorer = fitScorer(sims, t)
		}
		if t < policyFrom {
			for _, s := range sims {
				s.step(t, nil)
			}
			continue
		}
		clear(calls)
		if cal.IsWorkday(t) {
			for rep, idx := range byRep {
				obs := make([]Observed, len(idx))
				for k, i := range idx {
					obs[k] = sims[i].observe(t, policy)
				}
				picked := pick(Day{Rep: rep, Today: t, Capacity: o.CallsPerRepDay, Policy: policy, Calendar: cal}, obs)
				for _, k := range picked[:min(len(picked), o.CallsPerRepDay)] {
					calls[idx[k]] = true
				}
			}
		}
		for i, s := range sims {
			s.step(t, &calls[i])
		}
	}
	res.measure(co, sims, policyFrom)
	return res
}

// measure sums what the policy months brought: collections, calls,
// promises and how they were decided, plans, targets and the DSO.
func (res *SimResult) measure(co *Company, sims []*customerSim, policyFrom civil.Date) {
	until := co.Options.Until
	tg := NewTargets(co.World)
	var kept, decided int
	for _, s := range sims {
		for _, p := range s.docs.Payments {
			if p.Date >= policyFrom {
				res.Collected += p.Amount
			}
		}
		for _, inv := range s.docs.Invoices {
			if inv.Issue >= policyFrom {
				res.Sales += inv.Amount
			}
		}
		for _, o := range s.open {
			res.AREnd += money.Amount(o.left)
		}
		res.SupportAsked += s.supportAsked
		tg.Add(s.docs)
		for _, c := range s.docs.Calls {
			if c.Date >= policyFrom {
				res.Calls++
			}
		}
		for _, p := range s.promises {
			if p.Made < policyFrom {
				continue
			}
			res.CommitmentsMade++
			if p.Status == commitment.Kept {
				kept++
			}
			if p.Status != commitment.Open {
				decided++
			}
		}
		res.OverdueEnd += money.Amount(max(s.overdue(until.AddDays(-1)), 0))
		for _, p := range s.docs.Plans {
			if p.Status == plan.Agreed {
				res.PlansAgreed++
			} else {
				res.PlansDeclined++
			}
			res.Measures += len(p.Measures)
		}
	}
	res.PromisesKept, res.PromisesDecided = kept, decided
	if decided > 0 {
		res.KeptRate = float64(kept) / float64(decided)
	}
	res.Days = until.Sub(policyFrom) + 1
	res.DSO = kpi.Period{Days: res.Days, Sales: res.Sales, AR: res.AREnd}.DSO()
	res.measureTargets(tg.List(co.Reps), sims, policyFrom, until)
}

// measureTargets adds up the targets of the calendar months wholly within
// the policy months, and what was collected in them.
func (res *SimResult) measureTargets(ts []Target, sims []*customerSim, policyFrom, until civil.Date) {
	whole := func(d civil.Date) bool { return d.MonthStart() >= policyFrom && d.MonthEnd() <= until }
	for _, t := range ts {
		if whole(t.Month) {
			res.Target += t.Amount
		}
	}
	if res.Target == 0 {
		return
	}
	for _, s := range sims {
		for _, p := range s.docs.Payments {
			if whole(p.Date) {
				res.TargetCollected += p.Amount
			}
		}
	}
}

// fitScorer fits huikuan's credibility model on the morning of t on every
// customer's promises settled by then, as the daily job does.
func fitScorer(sims []*customerSim, t civil.Date) *commitment.Scorer {
	hs := make([]commitment.History, len(sims))
	for i, s := range sims {
		hs[i] = s.history()
	}
	sc := commitment.Train(hs, t)
	return &sc
}

// observe is the customer as huikuan's worklist sees it on the morning
// of t: its calls, and the product's follow-up summary of its history
// (followup.Policy.Summarize: overdue, due soon by the policy's window,
// its usual month, the promises to follow up), made of what the ledger
// holds, as the store loads it.
func (s *customerSim) observe(t civil.Date, policy followup.Policy) Observed {
	c := followup.Customer{
		Code: s.cm.Code, Name: s.cm.Name, Rep: s.cm.Rep, Tier: s.cm.Tier,
		LastCall: s.lastCall, LastDisposition: s.lastDisposition, LastContact: s.lastContact,
	}
	o := Observed{Owed: -money.Amount(s.credit), truth: s}
	h := &s.hist
	h.Open, h.Receipts, h.Promises = h.Open[:0], h.Receipts[:0], h.Promises[:0]
	for _, inv := range s.open {
		if c := money.Amount(inv.left - inv.held); c > 0 { // collectable, as the ledger's open items
			o.Owed += c
			h.Open = append(h.Open, ledger.OpenItem{Due: inv.due, Amount: c})
		}
	}
	from := followup.ReceiptsFrom(t)
	for k := len(s.docs.Payments) - 1; k >= 0 && s.docs.Payments[k].Date >= from; k-- {
		h.Receipts = append(h.Receipts, followup.Receipt{Date: s.docs.Payments[k].Date, Amount: s.docs.Payments[k].Amount})
	}
	for k, p := range s.promises {
		h.Promises = append(h.Promises, followup.Commitment{ID: int64(k + 1), Amount: p.Amount, Fulfilled: p.Fulfilled, Due: p.Due, Status: p.Status, DecidedOn: p.DecidedOn})
	}
	o.Customer = policy.Summarize(c, *h, t)
	return o
}

// PolicyNames lists the follow-up policies the simulator compares:
// huikuan's worklist and three baselines a team without it might use.
var PolicyNames = []string{"huikuan", "by-amount", "by-overdue", "round-robin"}

// NewPicker returns a fresh picker for a policy name (round-robin keeps
// where each rep stopped), or false for an unknown name.
func NewPicker(name string) (Picker, bool) {
	switch name {
	case "huikuan":
		return PickHuikuan, true
	case "by-amount":
		return PickByAmount, true
	case "by-overdue":
		return PickByOverdue, true
	case "round-robin":
		return roundRobin(), true
	}
	return nil, false
}

// PickHuikuan calls down huikuan's worklist with the day's policy and
// calendar.
func PickHuikuan(d Day, cs []Observed) []int {
	p := d.Policy
	p.Capacity = d.Capacity
	fc := make([]followup.Customer, len(cs))
	at := map[string]int{}
	for i, c := range cs {
		fc[i] = c.Customer
		at[c.Code] = i
	}
	var out []int
	for _, it := range p.Worklist(fc, d.Calendar, d.Today) {
		if !it.Today {
			break
		}
		out = append(out, at[it.Customer])
	}
	return out
}

// PickByAmount calls the biggest balances first.
func PickByAmount(d Day, cs []Observed) []int {
	return topBy(cs, d.Capacity, func(c Observed) (bool, int64) { return c.Owed > 0, int64(c.Owed) })
}

// PickByOverdue calls the oldest overdue debts first (the aging report's
// order), the bigger sum first among equals.
func PickByOverdue(d Day, cs []Observed) []int {
	return topBy(cs, d.Capacity, func(c Observed) (bool, int64) {
		return c.Overdue > 0, int64(c.OverdueDays)<<40 + int64(c.Overdue)/100
	})
}

// roundRobin calls every customer that owes anything in turn, picking up
// each day where the rep stopped the day before.
func roundRobin() Picker {
	next := map[int]int{}
	return func(d Day, cs []Observed) []int {
		rep, capacity := d.Rep, d.Capacity
		var out []int
		for k := 0; k < len(cs) && len(out) < capacity; k++ {
			i := (next[rep] + k) % len(cs)
			if cs[i].Owed > 0 {
				out = append(out, i)
			}
			if len(out) == capacity {
				next[rep] = i + 1
			}
		}
		if len(out) < capacity {
			next[rep] = 0
		}
		return out
	}
}

// topBy returns up to n indexes of cs that qualify, by key, largest first.
func topBy(cs []Observed, n int, key func(Observed) (bool, int64)) []int {
	type kv struct {
		i int
		k int64
	}
	var all []kv
	for i, c := range cs {
		if ok, k := key(c); ok {
			all = append(all, kv{i, k})
		}
	}
	slices.SortStableFunc(all, func(a, b kv) int { return cmp.Compare(b.k, a.k) })
	var out []int
	for _, x := range all[:min(n, len(all))] {
		out = append(out, x.i)
	}
	return out
}
