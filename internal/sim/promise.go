package sim

import (
	"cmp"
	"math"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/money"
)

// Promise is a commitment a simulated customer made when chased.
type Promise struct {
	Made, Due   civil.Date
	Amount      money.Amount
	Contact     string
	SupportKind string
	Support     string
	// Milestone is the step (from 1) of the month's plan this promise is,
	// 0 for a promise made when chased.
	Milestone int
}

// Supported reports whether a plan stands behind the promise: a support
// plan asked for when it was made, or the customer's monthly plan whose
// milestone it is (the store gives both to the credibility model alike).
func (p Promise) Supported() bool { return p.SupportKind != "" || p.Milestone > 0 }

// promise is a Promise as the customer means it, and what huikuan's
// commitment rules make of it.
type promise struct {
	Promise
	intends bool       // the customer means to keep it
	payOn   civil.Date // when it means to pay
	// Outcome is what commitment.Rules decide of it as of the end of the
	// last day simulated: what counts towards it, and when it is kept,
	// partly kept or broken.
	commitment.Outcome
}

// supportTexts say each of commitment.SupportKinds as a dealer would.
var supportTexts = map[string]string{
	"downstream_promotion":  "下游经销商促销，回笼货款后付款",
	"stock_up_incentive":    "旺季备货返利，按期付款",
	"downstream_collection": "催收下游欠款后转付",
	"bank_acceptance":       "开具银行承兑汇票",
	"other":                 "其他安排",
}

// maybePromise lets a chased customer that did not pay what is overdue
// promise to pay. Whether it means it depends on its persona's honesty,
// on a support plan behind the promise (a firm, prepared rep asks for
// one), on the promise's size against what the customer usually pays in a
// month, on how far off the date is, on promises it broke lately and on
// whether the promise came with an excuse (pressure without support makes
// empty promises).
//
// A haggler that agreed to an opening ask and did not pay all of it at
// once promises the rest (its amount is the agreed one, the promise rate
// aside); it agreed to nothing more.
func (s *customerSim) maybePromise(t civil.Date, excuse bool, paid int64, tk *talk) bool {
	owed := s.overdue(t)
	if tk.haggled && tk.agreed-paid <= 100_000 {
		return false
	}
	if owed <= 100_000 || s.rng.Float64() >= s.p.PromiseRate {
		return false
	}
	for _, p := range s.promises {
		if p.Due >= t && p.Milestone == 0 {
			return false // one promise at a time, until its date has passed (a plan's milestones aside)
		}
	}
	amt := float64(owed) * (0.4 + 0.8*s.rng.Float64())
	if excuse && s.rng.Float64() < 0.3 {
		amt *= 1.5 + s.rng.Float64() // a big promise to end the call
	}
	if tk.haggled {
		amt = float64(tk.agreed - paid)
	}
	if tk.low && tk.asked > 0 {
		amt = math.Min(amt, float64(tk.asked)) // no more than it was asked for
	}
	amount := max(int64(amt)/100_000*100_000, 100_000) // whole thousands of yuan
	days := 2 + s.rng.IntN(14)
	p := promise{Promise: Promise{Made: t, Due: t.AddDays(days), Amount: money.Amount(amount), Contact: s.cm.Contact},
		Outcome: commitment.Outcome{Status: commitment.Open}}
	asks := 0.7 * s.rep.Firmness
	if s.weak(WeakCommitmentScrutiny) {
		asks /= 10
	}
	support := s.rng.Float64() < asks
	if support {
		p.SupportKind = pick(s.rng, commitment.SupportKinds)
		p.Support = supportTexts[p.SupportKind]
	} else if s.scrutinises(t) && s.credibility(p.Promise) < commitment.SupportThreshold {
		// huikuan flags the promise as needing a support plan and the rep
		// asks for one; the kind is drawn from a stream of its own so
		// that the rest of the story stays put.
		support = true
		p.SupportKind = pick(s.supportRng, commitment.SupportKinds)
		p.Support = supportTexts[p.SupportKind]
		s.supportAsked++
	}
	z := s.intentLogOdds(t, amount, days, support, excuse)
	p.intends = s.rng.Float64() < 1/(1+math.Exp(-z))
	p.payOn = t.AddDays(1 + s.rng.IntN(days))
	s.promises = append(s.promises, p)
	s.docs.Promises = append(s.docs.Promises, p.Promise)
	return true
}

// intentLogOdds is the log-odds that the customer means a promise of
// amount fen, days ahead: its persona's honesty, less for a promise big
// against its monthly purchases, for each promise it broke in the last 90
// days and for a far date; more with a support plan behind it, less when
// it comes with an excuse.
func (s *customerSim) intentLogOdds(t civil.Date, amount int64, days int, support, excuse bool) float64 {
	monthly := math.Max(s.cm.MonthlyFen, 1)
	recent := 0
	for _, d := range s.broken {
		if t.Sub(d) <= 90 {
			recent++
		}
	}
	z := s.p.PromiseHonesty - 1.3*math.Max(0, math.Log(float64(amount)/monthly)) - 0.5*float64(recent) - 0.05*float64(days)
	if support {
		z += 1.4
	}
	if excuse {
		z -= 1.2
	}
	return z
}

// keepPromises pays what the customer meant to pay today, while the
// promise is open (its deadline, with the rules' grace days, not passed),
// less what today's earlier payments count towards it. A customer that
// means a promise finds the money (from downstream, from the plan behind
// it, from next month's cash), so its cash may go below zero and later
// payments suffer.
func (s *customerSim) keepPromises(t civil.Date) {
	for i := s.undecided; i < len(s.promises); i++ {
		if p := s.promises[i]; p.intends && p.Status == commitment.Open && p.payOn <= t {
			if left := p.Amount - s.decide(t)[i-s.undecided].Fulfilled; left > 0 {
				s.payment(t, int64(left), nil)
			}
		}
	}
}

// decide returns the outcomes the rules give promises[undecided:] as of
// t, with the payments so far.
func (s *customerSim) decide(t civil.Date) []commitment.Outcome {
	cs := s.scratch[:0]
	for i, p := range s.promises[s.undecided:] {
		cs = append(cs, commitment.Commitment{ID: int64(s.undecided + i), Made: p.Made, Due: p.Due, Amount: p.Amount})
	}
	s.scratch = cs
	return s.co.Options.Rules.Decide(cs, s.pays, t)
}

// decidePromises decides the open promises with the installation's
// commitment rules (commitment.Rules.Decide: grace days, the calendar,
// what counts towards which promise) as of the end of day t, as huikuan's
// daily job does: broken promises make the next ones less likely to be
// meant.
//
// Only the promises made since every earlier one was decided are given to
// the rules, with the payments since then: a decided promise takes no
// more money (kept ones are paid in full, the others' deadlines have
// passed), so the outcomes are those of deciding the whole history, at a
// cost that does not grow with it.
func (s *customerSim) decidePromises(t civil.Date) {
	open := s.promises[s.undecided:]
	if len(open) == 0 {
		s.pays = s.pays[:0]
		return
	}
	decided := true
	for i, o := range s.decide(t) {
		p := &open[i]
		if p.Status == commitment.Open && (o.Status == commitment.Broken || o.Status == commitment.PartlyKept) {
			s.broken = append(s.broken, t)
		}
		p.Outcome = o
		decided = decided && o.Status != commitment.Open
	}
	if decided {
		s.undecided, s.pays = len(s.promises), s.pays[:0]
	}
}

// scrutinises reports whether the rep asks for a support plan where
// huikuan's credibility is below commitment.SupportThreshold on t (the
// simulator's policy months with --support-plans on); else the rep
// believes every promise and asks for support only by habit (firmness).
func (s *customerSim) scrutinises(t civil.Date) bool {
	return s.co.scorer != nil && t >= s.co.Options.supportFrom()
}

// credibility is the probability huikuan's credibility model gives p on
// the day it is made, from what the ledger shows of the customer then:
// its earlier promises and how they were decided, its invoices, payments
// and excuses, scored by the scorer fitted when the policy months began.
func (s *customerSim) credibility(p Promise) float64 {
	h := s.history()
	h.Commitments = append(h.Commitments, commitment.Commitment{Made: p.Made, Due: p.Due, Amount: p.Amount, Supported: p.Supported()})
	h.Outcomes = append(h.Outcomes, commitment.Outcome{Status: commitment.Open})
	return s.co.scorer.Score(commitment.FeaturesAt(h, len(h.Commitments)-1)).P
}

// history is what huikuan's credibility model reads of the customer: its
// promises with their outcomes as decided so far, its invoices (by due
// date), payments and the days of calls met with an excuse.
func (s *customerSim) history() commitment.History {
	h := commitment.History{Customer: s.cm.Code, Tier: int(s.cm.Tier[0] - 'A')}
	for _, q := range s.promises {
		h.Commitments = append(h.Commitments, commitment.Commitment{Made: q.Made, Due: q.Due, Amount: q.Amount, Supported: q.Supported()})
		h.Outcomes = append(h.Outcomes, q.Outcome)
	}
	for _, pay := range s.docs.Payments {
		h.Payments = append(h.Payments, commitment.Payment{Date: pay.Date, Amount: pay.Amount})
	}
	for _, inv := range s.docs.Invoices {
		h.Invoices = append(h.Invoices, commitment.Invoice{Issue: inv.Issue, Due: inv.Due, Amount: inv.Amount})
	}
	slices.SortStableFunc(h.Invoices, func(a, b commitment.Invoice) int { return cmp.Compare(a.Due, b.Due) })
	for _, c := range s.docs.Calls {
		if c.Disposition == "reached-excuse" {
			h.Excuses = append(h.Excuses, c.Date)
		}
	}
	return h
}
