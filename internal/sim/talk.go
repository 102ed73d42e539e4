package sim

import (
	"math/rand/v2"
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/money"
	"huikuan/internal/negotiation"
	"huikuan/internal/plan"
)

// talk is what was said in an answered call besides the chase itself:
// the excuse the customer gave, or how it answered the rep's ask.
type talk struct {
	asked   int64           // what the rep asked
	off     int64           // what the rep asks without the opening ask: what is overdue
	excuse  excuse.Category // "" when the customer gave none
	amount  int64           // the part of an invoice a disputable excuse concerns
	haggled bool            // a haggler answered an opening ask with agreed
	agreed  int64
	refused bool // the ask was so far above what it can pay that it agreed to nothing
	low     bool // a rep weak in negotiating asked below what is overdue (asked, maybe 0)
	// recommended is the opening ask the call sheet showed before the
	// call (Call.Recommended), whether or not the rep opened with it.
	recommended money.Amount
}

// askLow is the ask of a rep weak in negotiating (HabitProfile): nothing
// on half its chasing calls, 25–55 % of what is overdue on the others.
func (s *customerSim) askLow(tk *talk) {
	tk.low = true
	if s.weakRng.IntN(2) == 0 {
		tk.asked = 0
		return
	}
	tk.asked = int64(float64(tk.off)*(0.25+0.3*s.weakRng.Float64())) / 100 * 100
}

// disputeNotes say what a dispute carved out of an excuse is about.
var disputeNotes = map[excuse.Category]string{
	excuse.Quality:           "质量异议",
	excuse.AfterSales:        "售后问题",
	excuse.StatementMismatch: "对账不符",
}

// playbook reports whether the rep meets excuses with the playbook on t
// (huikuan with --playbook on, in the simulator's policy months).
func (s *customerSim) playbook(t civil.Date) bool { return t >= s.co.Options.playbookFrom() }

// opensHigh reports whether the rep opens with negotiation.OpeningAsk on t.
func (s *customerSim) opensHigh(t civil.Date) bool { return t >= s.co.Options.askFrom() }

// giveExcuse is the excuse a chasing call is met with: a category drawn
// by the persona's mix and, for a quality, after-sales or statement
// excuse, the part of one open invoice it concerns. Met with the playbook,
// the rep carves that part out as a dispute, as often as the world's
// carve_out_rate says; accepted, the amount is only noted. Every draw is
// from the excuses' own stream, so the rest of the story stays put.
func (s *customerSim) giveExcuse(t civil.Date, tk *talk) {
	tk.excuse = drawCategory(s.excuseRng, s.p.Excuses)
	spec := s.co.World.Excuses
	if spec == nil || !tk.excuse.Disputable() {
		return
	}
	var open []int
	for i, o := range s.open {
		if o.left-o.held > 0 {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		return
	}
	o := s.open[open[s.excuseRng.IntN(len(open))]]
	f := spec.ShareMin + (spec.ShareMax-spec.ShareMin)*s.excuseRng.Float64()
	const hundred = 100 * 100
	tk.amount = min(max(int64(float64(o.left-o.held)*f)/hundred*hundred, hundred), o.left-o.held)
	if !s.playbook(t) || s.excuseRng.Float64() >= spec.CarveOutRate || o.held > 0 || s.disputeAhead(o.number, t) {
		return
	}
	d := pendingDispute{open: t, resolve: t.AddDays(15 + s.excuseRng.IntN(75)), invoice: o.number, amount: tk.amount,
		credit: s.excuseRng.Float64() < spec.CreditRate, note: disputeNotes[tk.excuse]}
	s.openDispute(t, &d)
	s.disputes = append(s.disputes, d)
}

// disputeAhead reports whether an invoice has a dispute not yet resolved
// on t, or one still to come: one dispute at a time per invoice.
func (s *customerSim) disputeAhead(invoice string, t civil.Date) bool {
	return slices.ContainsFunc(s.disputes, func(d pendingDispute) bool { return d.invoice == invoice && d.resolve > t })
}

// drawCategory draws an excuse's category by the weights, in the order of
// excuse.Categories (no weights: other).
func drawCategory(rng *rand.Rand, mix map[excuse.Category]float64) excuse.Category {
	total := 0.0
	for _, c := range excuse.Categories {
		total += mix[c]
	}
	if total <= 0 {
		return excuse.Other
	}
	x := rng.Float64() * total
	for _, c := range excuse.Categories {
		if x -= mix[c]; x < 0 && mix[c] > 0 {
			return c
		}
	}
	return excuse.Other
}

// openingAsk is negotiation.OpeningAsk of the customer on t, from what
// huikuan's ledger would show: its last haggles (calls with both amounts),
// this month's agreed plan and what it paid in the month so far, what is
// overdue and due by the month's end and its balance (disputed parts left
// out, prepayment netted), and its payments by calendar month of the
// twelve before.
func (s *customerSim) openingAsk(t civil.Date) negotiation.Ask {
	in := negotiation.Input{Day: t, Calls: s.haggles[:0], MonthlyPaid: s.monthly[:0]}
	for k := len(s.docs.Calls) - 1; k >= 0 && len(in.Calls) < negotiation.RatioCalls; k-- {
		if c := s.docs.Calls[k]; c.Asked > 0 && c.Agreed > 0 {
			in.Calls = append(in.Calls, negotiation.Haggle{CallID: int64(k + 1), Date: c.Date, Asked: c.Asked, Agreed: c.Agreed})
		}
	}
	month := t.MonthStart()
	if n := len(s.docs.Plans); n > 0 && s.docs.Plans[n-1].Month == month && s.docs.Plans[n-1].Status == plan.Agreed {
		in.PlanAgreed, in.PlanAsked = true, s.docs.Plans[n-1].Asked
	}
	from := month.AddMonths(-12)
	in.MonthlyPaid = append(in.MonthlyPaid, make([]money.Amount, 12)...)
	y0, m0, _ := from.YMD()
	for k := len(s.docs.Payments) - 1; k >= 0 && s.docs.Payments[k].Date >= from; k-- {
		p := s.docs.Payments[k]
		if p.Date >= month {
			in.Collected += p.Amount
			continue
		}
		y, m, _ := p.Date.YMD()
		in.MonthlyPaid[(y-y0)*12+int(m-m0)] += p.Amount
	}
	end := t.MonthEnd()
	for _, o := range s.open {
		c := money.Amount(o.left - o.held)
		in.Balance += c
		switch {
		case o.due <= t:
			in.Overdue += c
		case o.due <= end:
			in.DueInMonth += c
		}
	}
	credit := money.Amount(s.credit)
	in.Balance -= credit
	in.Overdue -= credit
	if in.Overdue < 0 {
		in.DueInMonth, in.Overdue = max(in.DueInMonth+in.Overdue, 0), 0
	}
	s.haggles, s.monthly = in.Calls, in.MonthlyPaid
	return negotiation.OpeningAsk(in)
}

// negotiate is the rep opening with the opening ask and the customer's
// answer. An ask far above what the customer can pay this month (its cash
// for this supplier and what will come in by the month's end) risks no
// agreement at all (refusalChance); otherwise a haggler agrees to about
// its discount ratio of the ask (more with a firm rep), and any other
// customer to what it can pay, as it would have anyway.
func (s *customerSim) negotiate(t civil.Date, tk *talk) {
	a := s.openingAsk(t)
	if a.Ask <= 0 {
		return // nothing to ask for: the rep asks what is overdue, as without it
	}
	tk.asked = int64(a.Ask)
	if tk.excuse != "" {
		return // met with an excuse before any figure was agreed
	}
	if n := s.co.World.Negotiation; n != nil {
		capacity := max(s.wallet, 0) + int64(s.inflow*30)
		if p := refusalChance(n, tk.asked, tk.off, capacity); p > 0 && s.askRng.Float64() < p {
			tk.refused = true
			return
		}
	}
	if r := s.p.DiscountRatio; r > 0 {
		ratio := clamp(r+0.3*(s.rep.Firmness-0.5)+0.05*s.askRng.NormFloat64(), 0.1, 1)
		tk.haggled, tk.agreed = true, int64(float64(tk.asked)*ratio)
	}
}

// refusalChance is the chance a customer agrees to nothing when asked ask
// with capacity to pay, where off is what it would have been asked
// without the opening ask: slope × (ask ÷ capacity − max(free multiple,
// off ÷ capacity)), within [0, max]. An ask no higher than free multiple
// × capacity, or than what is overdue, is met as today.
func refusalChance(n *NegotiationSpec, ask, off, capacity int64) float64 {
	if ask <= off {
		return 0
	}
	if capacity <= 0 {
		return n.RefusalMax
	}
	c := float64(capacity)
	return clamp(n.RefusalSlope*(float64(ask)/c-max(n.FreeMultiple, float64(off)/c)), 0, n.RefusalMax)
}
