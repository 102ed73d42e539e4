package sim

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/negotiation"
)

// Docs are one customer's generated documents.
type Docs struct {
	Customer ledger.Customer
	Invoices []ledger.Invoice
	Payments []ledger.Payment
	Disputes []ledger.Dispute
	Promises []Promise
	Calls    []Call
	// Capacities are the customer's capacity for each month plans were
	// made in (its rep's target is made of them), and Plans its plans.
	Capacities []MonthCapacity
	Plans      []Plan
}

// Call is a call the rep made and how it went.
type Call struct {
	Date          civil.Date
	Disposition   string
	Asked, Agreed money.Amount
	// Excuse is what a reached-excuse call's excuse was about, and
	// ExcuseAmount the part of an invoice it concerned (quality, after
	// sales, statement mismatch; 0 otherwise).
	Excuse       excuse.Category
	ExcuseAmount money.Amount
	// Recommended is the opening ask the call sheet recommended that day,
	// before the call (negotiation.OpeningAsk of what huikuan's ledger
	// showed, as store.LogCall stores it with a call logged; 0: nothing to
	// ask for), whatever the rep then asked.
	Recommended money.Amount
}

// openInv is an invoice as the customer reckons it.
type openInv struct {
	number   string
	due      civil.Date
	payAfter civil.Date // when the customer means to pay it
	left     int64      // fen still owed
	held     int64      // fen in dispute, not paid until resolved
}

type pendingCredit struct {
	date    civil.Date
	invoice string
	amount  int64
}

type pendingDispute struct {
	open, resolve civil.Date
	invoice       string
	amount        int64
	credit        bool   // resolved with a credit note in the customer's favour
	note          string // what it is about ("" : 质量异议)
}

// customerSim runs one customer day by day. All amounts are fen.
type customerSim struct {
	// hist is observe's scratch history, reused each morning: the
	// Observed it feeds lives only for that day's pick.
	hist   followup.History
	co     *Company
	cm     *CustomerModel
	rep    *RepModel
	p      *Persona
	rng    *rand.Rand
	answer *rand.Rand // whether calls are answered, apart so the rest of the story stays put
	// The streams' sources, so that an experiment can copy a customer
	// with its future.
	rngSrc, answerSrc *rand.PCG
	// The excuses' categories and amounts, and the customer's answers to
	// an opening ask, draw from streams of their own, so that without the
	// playbook and the opening ask the rest of the story stays put.
	excuseRng, askRng *rand.Rand
	excuseSrc, askSrc *rand.PCG
	// supportRng draws the kinds of the support plans asked for because
	// of a low credibility (--support-plans on), again apart.
	supportRng   *rand.Rand
	supportAsked int // support plans asked for because of a low credibility
	// weakRng draws what a rep weak in a habit does differently
	// (HabitProfile), apart from the rest of the story.
	weakRng *rand.Rand
	haggles []negotiation.Haggle // openingAsk's scratch
	monthly []money.Amount       // openingAsk's scratch
	docs    Docs
	month   int

	lastCall, lastContact civil.Date // what huikuan would know of the calls
	lastDisposition       string

	open      []openInv
	credit    int64 // prepayment and unused credit notes
	wallet    int64 // cash the customer would put towards this supplier
	inflow    float64
	orderSize float64
	chases    []civil.Date
	crisis    int // months of crisis left
	promises  []promise
	undecided int                  // promises[undecided:] are the ones the rules still decide
	pays      []commitment.Payment // the payments since promises[undecided] was made, or today's
	scratch   []commitment.Commitment
	broken    []civil.Date // days promises were found broken or partly kept
	lastPaid  civil.Date
	credits   []pendingCredit
	disputes  []pendingDispute
	seq       struct{ inv, pay, cn int }
	planState
}

// simulateCustomer generates the history of customer i, the rep calling
// as their habit is.
func (c *Company) simulateCustomer(i int) Docs {
	s := c.newCustomerSim(i)
	for t := c.Options.simStart(); t <= c.Options.Until; t++ {
		s.step(t, nil)
	}
	if c.Options.Size.BurnInMonths == 0 {
		return s.docs
	}
	return openingBalances(s.docs, c.Options.Start())
}

func (c *Company) newCustomerSim(i int) *customerSim {
	cm := &c.Customers[i]
	s := &customerSim{
		co: c, cm: cm, p: cm.Persona,
		rngSrc:    rand.NewPCG(c.Options.Seed, uint64(i)+1),
		answerSrc: rand.NewPCG(c.Options.Seed^0xca11, uint64(i)+1),
		docs:      Docs{Customer: cm.Customer},
		month:     -1,
	}
	s.rng, s.answer = rand.New(s.rngSrc), rand.New(s.answerSrc)
	s.planRng = rand.New(rand.NewPCG(c.Options.Seed^0x91a2, uint64(i)+1))
	s.excuseSrc, s.askSrc = rand.NewPCG(c.Options.Seed^0xe8c5e, uint64(i)+1), rand.NewPCG(c.Options.Seed^0xa5c, uint64(i)+1)
	s.excuseRng, s.askRng = rand.New(s.excuseSrc), rand.New(s.askSrc)
	s.supportRng = rand.New(rand.NewPCG(c.Options.Seed^0x5ab9, uint64(i)+1))
	s.weakRng = rand.New(rand.NewPCG(c.Options.Seed^0x3eac, uint64(i)+1))
	s.plansFrom, s.targetsFrom = c.Options.plansFrom(), c.Options.targetsFrom()
	if len(c.Reps) > 0 {
		s.rep = &c.Reps[cm.RepIndex]
	} else {
		s.rep = &RepModel{Diligence: 0.5, Firmness: 0.5}
	}
	return s
}

// step runs one day of the customer's life. call says whether the rep
// calls today: nil leaves it to the rep's habit (the demo), else it is a
// policy's choice (the simulator).
func (s *customerSim) step(t civil.Date, call *bool) {
	if t == s.co.Options.simStart() || t.Day() == 1 {
		s.month++
		s.newMonth(t, s.month)
		s.planMonth(t)
	}
	s.settleDisputes(t)
	s.issueCredits(t)
	if t.Weekday() != time.Sunday {
		s.maybeOrder(t)
	}
	s.accrueCash(t)
	if s.co.Options.Rules.Calendar.IsWorkday(t) {
		planned := t == s.planDay && s.agreePlan(t)
		s.keepPromises(t)
		calls := s.habitCalls(t)
		if call != nil {
			calls = *call
		}
		var chased, excused bool
		tk := talk{off: s.overdue(t)}
		if calls {
			tk.recommended = s.openingAsk(t).Ask // what the sheet showed before the call; no draw, nothing changed
			chased, excused = s.ring(t)
		}
		tk.asked = tk.off
		if chased && s.weak(WeakNegotiation) {
			s.askLow(&tk)
		}
		if chased && excused {
			s.giveExcuse(t, &tk)
		}
		if chased && s.opensHigh(t) {
			s.negotiate(t, &tk)
		}
		paid := s.pay(t, chased && !tk.refused, excused, &tk)
		promised := false
		if chased && !planned && !tk.refused { // a customer that just agreed its month's plan promises nothing more that day
			promised = s.maybePromise(t, excused, paid, &tk)
		}
		if calls {
			s.logCall(t, chased, excused, paid, promised, &tk)
		}
	}
	s.decidePromises(t)
}

// newMonth sets this month's cash inflow and typical order size from the
// season, the regional cycle and the customer's own luck.
func (s *customerSim) newMonth(t civil.Date, m int) {
	w := s.co.World
	_, mon, _ := t.YMD()
	season := w.Purchases.Seasonality[mon-1]
	if season == 0 {
		season = 1
	}
	econ := s.co.economy[s.cm.Region][min(m, len(s.co.economy[s.cm.Region])-1)]
	luck := math.Exp(s.p.CashVolatility*s.rng.NormFloat64() - s.p.CashVolatility*s.p.CashVolatility/2)
	if e := w.Economy; s.crisis > 0 {
		s.crisis--
		luck *= e.CrisisCashFactor
	} else if s.rng.Float64() < e.CrisisMonthlyRate {
		s.crisis = e.CrisisMinMonths + s.rng.IntN(max(e.CrisisMaxMonths-e.CrisisMinMonths, 0)+1)
		luck *= e.CrisisCashFactor
	}
	s.inflow = s.cm.MonthlyFen * s.p.CashCover * season * econ * luck / 30
	s.orderSize = s.cm.MonthlyFen * season * econ / w.Purchases.OrdersPerMonth
}

func (s *customerSim) owed() int64 {
	var sum int64
	for _, o := range s.open {
		sum += o.left
	}
	return sum - s.credit
}

// maybeOrder places an order on credit. Over the credit limit the supplier
// holds shipments, and the customer may pay in advance to get the goods.
func (s *customerSim) maybeOrder(t civil.Date) {
	w := s.co.World
	if s.rng.Float64() >= w.Purchases.OrdersPerMonth/26 {
		return
	}
	sig := w.Purchases.OrderSigma
	amt := int64(s.orderSize * math.Exp(sig*s.rng.NormFloat64()-sig*sig/2))
	if s.rng.IntN(10) < 7 {
		amt = amt / 100 * 100 // whole yuan
	}
	if amt < 100 {
		return
	}
	if need := amt - s.credit; s.cm.Prepays && need > 0 && s.wallet >= need {
		// 款到发货 by habit: pays for the goods first, a round sum; what is
		// left over waits for the next order.
		s.payment(t, min((need+999_999)/1_000_000*1_000_000, s.wallet), nil)
	} else if s.owed()+amt > int64(s.cm.CreditLimit)*11/10 {
		if s.wallet < amt {
			return // the order is lost to the credit hold
		}
		// 款到发货: pays first, a round sum, then gets the goods.
		pre := (amt + 999_999) / 1_000_000 * 1_000_000
		if pre > s.wallet {
			pre = amt
		}
		s.payment(t, pre, nil)
	}
	s.invoice(t, amt)
}

func (s *customerSim) invoice(t civil.Date, amt int64) {
	s.seq.inv++
	num := fmt.Sprintf("FP-%s-%04d", s.cm.Code, s.seq.inv)
	due := t.AddDays(s.cm.TermsDays)
	s.docs.Invoices = append(s.docs.Invoices, ledger.Invoice{Number: num, Customer: s.cm.Code, Issue: t, Due: due, Amount: money.Amount(amt)})
	delay := int(math.Round(s.p.DelayMeanDays + s.p.DelaySDDays*s.rng.NormFloat64()))
	if s.p.Style == StyleOnChase {
		delay += 45 // unchased, these customers pay late and only then
	}
	s.open = append(s.open, openInv{number: num, due: due, payAfter: due.AddDays(max(delay, -10)), left: amt})
	slices.SortStableFunc(s.open, func(a, b openInv) int { return int(a.due - b.due) })
	s.applyCredit(t)
	cn := s.co.World.CreditNotes
	if s.rng.Float64() < cn.Rate {
		f := cn.MinFraction + (cn.MaxFraction-cn.MinFraction)*s.rng.Float64()
		s.credits = append(s.credits, pendingCredit{date: t.AddDays(5 + s.rng.IntN(35)), invoice: num, amount: max(int64(float64(amt)*f)/100*100, 100)})
	}
	if s.rng.Float64() < s.p.DisputeRate {
		open := due.AddDays(s.rng.IntN(14) - 3)
		s.disputes = append(s.disputes, pendingDispute{
			open: open, resolve: open.AddDays(15 + s.rng.IntN(75)), invoice: num,
			amount: max(int64(float64(amt)*(0.1+0.3*s.rng.Float64()))/100*100, 100), credit: s.rng.IntN(2) == 0,
		})
	}
}

// accrueCash adds today's cash for this supplier. The share grows with how
// often the rep chased in the last 30 days against the tier cadence: a
// customer short of cash pays first whoever chases most. Cash not
// collected drains away to other suppliers and uses.
func (s *customerSim) accrueCash(t civil.Date) {
	chases, expected := s.chasesLately(t)
	pressure := float64(chases) / expected
	if s.owed() <= 0 {
		pressure = 1
	}
	share := clamp(1+s.p.ChaseSensitivity*(pressure-1), 0.3, 2) * (1 + s.boost)
	s.wallet += int64(s.inflow * share)
	s.wallet -= s.wallet / 40
}

// chasesLately counts the chases of the 30 days to t, and how many the
// tier's cadence makes (as often as reps usually keep it).
func (s *customerSim) chasesLately(t civil.Date) (chases int, expected float64) {
	cadence := float64(s.co.World.Tiers[string(s.cm.Tier)].CadenceDays)
	for _, d := range s.chases {
		if t.Sub(d) < 30 {
			chases++
		}
	}
	return chases, 30 / cadence * 5 / 7 * 0.6
}

// habitCalls decides whether the rep calls today, as their habit is:
// on the tier's cadence, as diligently as they are (allowing for calls
// not answered), and seldom when nothing is due.
//
// A rep weak in following up calls less than half as often and lets a
// broken promise lie for five days; one weak in handling excuses does not
// call back within twice the cadence after an excuse (HabitProfile).
func (s *customerSim) habitCalls(t civil.Date) bool {
	cadence := float64(s.co.World.Tiers[string(s.cm.Tier)].CadenceDays)
	p := s.rep.Diligence / cadence / s.co.World.Calls.answerRate()
	if s.overdue(t.AddDays(3)) <= 0 {
		p *= 0.15
	}
	if s.weak(WeakFollowUp) {
		p *= 0.45
	}
	x := s.rng.Float64()
	switch {
	case s.weak(WeakFollowUp) && len(s.broken) > 0 && t.Sub(s.broken[len(s.broken)-1]) < 5:
		return false
	case s.weak(WeakExcuseHandling) && s.lastDisposition == "reached-excuse" && float64(t.Sub(s.lastCall)) <= 2*cadence:
		return false
	}
	return x < p
}

// ring makes a call: whether the customer answers (and so is chased) and
// whether it answers with an excuse.
func (s *customerSim) ring(t civil.Date) (chased, excuse bool) {
	if s.answer.Float64() >= s.co.World.Calls.answerRate() {
		return false, false
	}
	s.chases = append(s.chases, t)
	if len(s.chases) > 40 {
		s.chases = s.chases[len(s.chases)-30:]
	}
	excuse = s.rng.Float64() < s.p.ExcuseRate*(1.2-0.5*s.rep.Firmness)
	return true, excuse
}

// logCall records a call and how it went.
func (s *customerSim) logCall(t civil.Date, chased, excused bool, paid int64, promised bool, tk *talk) {
	c := Call{Date: t, Disposition: "no-answer"}
	switch {
	case !chased:
	case promised:
		c.Disposition = "reached-promised"
		c.Agreed = s.docs.Promises[len(s.docs.Promises)-1].Amount
	case excused:
		c.Disposition, c.Excuse, c.ExcuseAmount = "reached-excuse", tk.excuse, money.Amount(tk.amount)
	case paid > 0:
		c.Disposition, c.Agreed = "reached-paid", money.Amount(paid)
	default:
		c.Disposition = "reached-refused"
	}
	if chased {
		c.Asked = money.Amount(max(tk.asked, 0))
	}
	c.Recommended = max(tk.recommended, 0)
	s.docs.Calls = append(s.docs.Calls, c)
	s.lastCall, s.lastDisposition = t, c.Disposition
	if chased {
		s.lastContact = t
	}
}

// overdue is what is collectable and due by t.
func (s *customerSim) overdue(t civil.Date) int64 {
	var sum int64
	for _, o := range s.open {
		if o.due <= t {
			sum += o.left - o.held
		}
	}
	return sum - s.credit
}

// pay decides today's payment: scheduled payers pay what they planned to
// pay by today (a firm chase brings plans forward, an excuse pushes them
// back: a week when accepted, less when met with the playbook); on-chase
// payers pay part of what the rep asks (a haggler answering an opening
// ask, what it agreed to).
func (s *customerSim) pay(t civil.Date, chased, excused bool, tk *talk) int64 {
	if chased && excused {
		days := s.co.World.Excuses.delayDays(s.playbook(t))
		for i := range s.open {
			if s.open[i].payAfter <= t.AddDays(days) {
				s.open[i].payAfter = s.open[i].payAfter.AddDays(days)
			}
		}
		return 0
	}
	var want int64
	if chased {
		pull := int(10 * s.rep.Firmness)
		for i := range s.open {
			if s.open[i].due <= t {
				s.open[i].payAfter = s.open[i].payAfter.AddDays(-pull)
			}
		}
		if s.p.Style == StyleOnChase && tk.haggled {
			want = tk.agreed
		} else if s.p.Style == StyleOnChase {
			asked := s.overdue(t.AddDays(5))
			if tk.low {
				asked = min(asked, tk.asked) // it pays no more than it is asked for
			}
			ratio := clamp(s.p.PayFraction+0.3*(s.rep.Firmness-0.5), 0.1, 1)
			want = int64(float64(asked) * ratio)
		}
	}
	if !chased && t.Sub(s.lastPaid) < s.co.World.Purchases.PaymentGapDays {
		return 0 // dealers pay in batches, not every day
	}
	planned, whole := s.planned(t)
	switch {
	case planned <= 0:
	case s.p.Style == StyleScheduled && s.p.PayFraction == 1:
		// Customers who pay in full settle whole invoices, as many as the
		// cash covers, and pay part only of a bill long overdue.
		want = max(want, whole)
		if whole == 0 && s.longOverdue(t) {
			want = planned
		}
	case s.p.Style == StyleScheduled:
		want = max(want, int64(float64(planned)*s.p.PayFraction))
		if planned < 2*int64(s.orderSize) {
			want = planned // small sums are paid whole
		}
	default:
		want = max(want, planned)
	}
	amt := min(want, s.wallet)
	if r := int64(s.p.RoundToYuan * 100); r > 0 && amt >= r {
		amt = amt / r * r
	}
	if amt < 10_000 && amt < want { // no dust payments below ¥100
		return 0
	}
	if amt <= 0 {
		return 0
	}
	s.payment(t, amt, s.named(amt))
	return amt
}

// planned returns what the customer means to have paid by t, and the part
// of it made of whole invoices, oldest due first, that today's cash covers.
func (s *customerSim) planned(t civil.Date) (planned, whole int64) {
	cash := s.wallet + s.credit
	fits := true
	for _, o := range s.open {
		if o.payAfter > t {
			continue
		}
		c := o.left - o.held
		planned += c
		if fits && whole+c <= cash {
			whole += c
		} else {
			fits = false
		}
	}
	return planned - s.credit, max(whole-s.credit, 0)
}

// longOverdue reports whether an invoice has been overdue for a month.
func (s *customerSim) longOverdue(t civil.Date) bool {
	return len(s.open) > 0 && t.Sub(s.open[0].due) > 30
}

// named returns the invoices a payment of amt covers in full, oldest due
// first, when this customer is one to say what it pays.
func (s *customerSim) named(amt int64) []string {
	if s.rng.Float64() >= s.p.NamesInvoices {
		return nil
	}
	var out []string
	for _, o := range s.open {
		c := o.left - o.held
		if c <= 0 {
			continue
		}
		if c > amt || len(out) == 5 {
			break
		}
		out = append(out, o.number)
		amt -= c
	}
	return out
}

func (s *customerSim) payment(t civil.Date, amt int64, named []string) {
	s.seq.pay++
	s.docs.Payments = append(s.docs.Payments, ledger.Payment{
		Number: fmt.Sprintf("HK-%s-%04d", s.cm.Code, s.seq.pay), Customer: s.cm.Code, Date: t, Amount: money.Amount(amt), Invoices: named,
	})
	s.wallet -= amt
	s.credit += amt
	s.lastPaid = t
	s.pays = append(s.pays, commitment.Payment{Date: t, Amount: money.Amount(amt)})
	s.applyCredit(t)
}

// applyCredit settles open invoices from credit, earliest due first, the
// way the ledger will.
func (s *customerSim) applyCredit(civil.Date) {
	for i := 0; i < len(s.open) && s.credit > 0; i++ {
		o := &s.open[i]
		c := min(o.left-o.held, s.credit)
		if c > 0 {
			o.left -= c
			s.credit -= c
		}
	}
	s.open = slices.DeleteFunc(s.open, func(o openInv) bool { return o.left == 0 })
}

func (s *customerSim) issueCredits(t civil.Date) {
	for len(s.credits) > 0 && s.credits[0].date <= t {
		s.creditNote(t, s.credits[0].amount)
		s.credits = s.credits[1:]
	}
}

func (s *customerSim) creditNote(t civil.Date, amt int64) {
	s.seq.cn++
	s.docs.Invoices = append(s.docs.Invoices, ledger.Invoice{
		Number: fmt.Sprintf("HZ-%s-%04d", s.cm.Code, s.seq.cn), Customer: s.cm.Code, Issue: t, Due: t, Amount: -money.Amount(amt),
	})
	s.credit += amt
	s.applyCredit(t)
}

// settleDisputes opens and resolves disputes falling due on t.
func (s *customerSim) settleDisputes(t civil.Date) {
	for k := 0; k < len(s.disputes); k++ {
		d := &s.disputes[k]
		i := slices.IndexFunc(s.open, func(o openInv) bool { return o.number == d.invoice })
		switch {
		case d.open == t:
			s.openDispute(t, d)
		case d.resolve == t && d.amount > 0:
			if i >= 0 {
				s.open[i].held -= min(d.amount, s.open[i].held)
			}
			s.docs.Disputes[s.disputeIndex(d.invoice)].Resolved = t
			if d.credit {
				s.creditNote(t, d.amount)
			} else {
				s.applyCredit(t)
			}
		}
	}
}

// openDispute opens a dispute on t: the part of the invoice it concerns
// is held, not paid until it is resolved.
func (s *customerSim) openDispute(t civil.Date, d *pendingDispute) {
	i := slices.IndexFunc(s.open, func(o openInv) bool { return o.number == d.invoice })
	if i < 0 {
		d.amount = 0 // paid before anyone complained
		return
	}
	d.amount = min(d.amount, s.open[i].left)
	s.open[i].held += d.amount
	s.docs.Disputes = append(s.docs.Disputes, ledger.Dispute{Invoice: d.invoice, Amount: money.Amount(d.amount), Opened: t, Resolved: civil.Never, Note: cmp.Or(d.note, "质量异议")})
}

func (s *customerSim) disputeIndex(invoice string) int {
	for i := len(s.docs.Disputes) - 1; i >= 0; i-- {
		if s.docs.Disputes[i].Invoice == invoice {
			return i
		}
	}
	panic("sim: resolving a dispute that was never opened")
}
