package sim

import (
	"runtime"
	"sync"

	"huikuan/internal/kpi"
	"huikuan/internal/money"
)

// HabitFeatures are the features of the huikuan policy that help a rep's
// habits, by the simulator's switch names, in the order the habit table
// switches them off: monthly plans (habits 1 and 2), the excuse playbook
// (5), the opening ask (6), credibility-driven support plans (3) and the
// worklist's cadence (4).
var HabitFeatures = []string{"plans", "playbook", "opening-ask", "support-plans", "cadence"}

// Features says which of HabitFeatures a run of the huikuan policy has on.
// With Cadence off the reps call the biggest balances first (PickByAmount)
// instead of down the worklist: no scheduled follow-ups, no promise
// follow-ups first, no freshness — the best baseline's order.
type Features struct {
	Plans, Playbook, OpeningAsk, SupportPlans, Cadence bool
}

// AllFeatures is the huikuan policy in full.
var AllFeatures = Features{Plans: true, Playbook: true, OpeningAsk: true, SupportPlans: true, Cadence: true}

// Without returns f with the named feature (one of HabitFeatures) off.
func (f Features) Without(name string) Features {
	switch name {
	case "plans":
		f.Plans = false
	case "playbook":
		f.Playbook = false
	case "opening-ask":
		f.OpeningAsk = false
	case "support-plans":
		f.SupportPlans = false
	case "cadence":
		f.Cadence = false
	default:
		panic("sim: unknown habit feature " + name)
	}
	return f
}

// RunHuikuan simulates the huikuan policy with the features f: o's own
// feature switches are replaced by f's.
func RunHuikuan(w *World, o SimOptions, f Features) SimResult {
	o.Plans, o.Playbook, o.OpeningAsk, o.SupportPlans = f.Plans, f.Playbook, f.OpeningAsk, f.SupportPlans
	if !f.Cadence {
		return Simulate(w, o, "huikuan", PickByAmount)
	}
	return Simulate(w, o, "huikuan", PickHuikuan)
}

// HabitRow is one line of the habit table: the huikuan policy with one
// feature off (Off "" for the full policy), summed over the seeds.
type HabitRow struct {
	Off   string `json:"off"`
	Seeds int    `json:"seeds"`
	// Collected over the policy months; Target and TargetCollected over
	// their whole calendar months (SimResult), Gap = Target −
	// TargetCollected (positive: short of the target).
	Collected       money.Amount `json:"collected"`
	Target          money.Amount `json:"target"`
	TargetCollected money.Amount `json:"target_collected"`
	Gap             money.Amount `json:"gap"`
	// DSO of the policy months over all seeds (Σ AR at the end ÷ Σ
	// credit sales × days) and the kept rate of the promises decided.
	DSO      kpi.Ratio `json:"dso"`
	KeptRate kpi.Ratio `json:"kept_rate"`
	Calls    int       `json:"calls"`
	Promises int       `json:"promises"`
	// SupportAsked counts the support plans asked for because of a low
	// credibility.
	SupportAsked int `json:"support_asked"`
	// Worth is what the feature switched off brings in the model: the
	// full policy's collections less this row's (0 for the full policy);
	// WorthRatio the same as a share of this row's (full ÷ this − 1).
	Worth      money.Amount `json:"worth"`
	WorthRatio kpi.Ratio    `json:"worth_ratio"`
}

// HabitTable runs the huikuan policy in full and with each of
// HabitFeatures switched off in turn, on each seed (o.Seed is ignored),
// and sums each configuration over the seeds: the full policy first. The
// runs are independent and spread over the machine's cores.
func HabitTable(w *World, o SimOptions, seeds []uint64) []HabitRow {
	configs := []Features{AllFeatures}
	for _, name := range HabitFeatures {
		configs = append(configs, AllFeatures.Without(name))
	}
	results := make([][]SimResult, len(configs))
	for k := range results {
		results[k] = make([]SimResult, len(seeds))
	}
	type job struct{ k, s int }
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				so := o
				so.Seed = seeds[j.s]
				results[j.k][j.s] = RunHuikuan(w, so, configs[j.k])
			}
		}()
	}
	for k := range configs {
		for s := range seeds {
			jobs <- job{k, s}
		}
	}
	close(jobs)
	wg.Wait()
	rows := make([]HabitRow, len(configs))
	for k, rs := range results {
		rows[k] = sumRow(rs)
		if k > 0 {
			rows[k].Off = HabitFeatures[k-1]
			rows[k].Worth = rows[0].Collected - rows[k].Collected
			if rows[k].Collected > 0 {
				r := float64(rows[0].Collected)/float64(rows[k].Collected) - 1
				rows[k].WorthRatio = &r
			}
		}
	}
	return rows
}

// sumRow adds up one configuration's runs.
func sumRow(rs []SimResult) HabitRow {
	row := HabitRow{Seeds: len(rs)}
	var sales, ar money.Amount
	var kept, decided, days int
	for _, r := range rs {
		row.Collected += r.Collected
		row.Target += r.Target
		row.TargetCollected += r.TargetCollected
		row.Calls += r.Calls
		row.Promises += r.CommitmentsMade
		row.SupportAsked += r.SupportAsked
		sales, ar, days = sales+r.Sales, ar+r.AREnd, r.Days
		kept, decided = kept+r.PromisesKept, decided+r.PromisesDecided
	}
	row.Gap = row.Target - row.TargetCollected
	row.DSO = kpi.Period{Days: days, Sales: sales, AR: ar}.DSO()
	if decided > 0 {
		r := float64(kept) / float64(decided)
		row.KeptRate = &r
	}
	return row
}
