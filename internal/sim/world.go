// Package sim is huikuan's model of a company's customers and reps: it
// generates the demo world's history and, in later issues, simulates
// follow-up policies forward. Customers are not random noise: each has a
// cash capacity, a share of that cash it is willing to give this supplier
// (which grows with how often and how firmly the rep chases), and a
// persona's payment habit. Every number of the model comes from a World,
// read from a JSON file, so another world needs no code change.
package sim

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"

	"huikuan/internal/excuse"
	"huikuan/internal/plan"
)

// World is the configuration of the simulated company.
type World struct {
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Sizes       map[string]Size     `json:"sizes"`
	Regions     []RegionSpec        `json:"regions"`
	Purchases   Purchases           `json:"purchases"`
	Economy     Economy             `json:"economy"`
	Reps        RepSpec             `json:"reps"`
	Tiers       map[string]TierSpec `json:"tiers"`
	CreditNotes CreditNoteSpec      `json:"credit_notes"`
	Calls       CallSpec            `json:"calls"`
	Personas    []Persona           `json:"personas"`
	// Plans is how managers set targets and reps agree monthly plans;
	// nil for a world without plans.
	Plans *PlanSpec `json:"plans,omitempty"`
	// Excuses is how excuses are met (issue 13, habit 5) and Negotiation
	// how customers answer an opening ask (habit 6); nil for a world
	// without them (excuses then delay a week whoever meets them, and an
	// ask is never refused for its size).
	Excuses     *ExcuseSpec      `json:"excuses,omitempty"`
	Negotiation *NegotiationSpec `json:"negotiation,omitempty"`
}

// ExcuseSpec is what an excuse does to the customer's payments. An excuse
// accepted (the reps' habit, the baselines, huikuan with the playbook off)
// puts back the payments it meant to make within DelayDays by DelayDays;
// one met with the playbook (facts, neither believed nor disbelieved) by
// DelayDays × PlaybookDelayFactor, rounded. A quality, after-sales or
// statement-mismatch excuse concerns ShareMin–ShareMax of one open
// invoice; met with the playbook, CarveOutRate of them become a dispute of
// that part only (resolved like the world's other disputes, with a credit
// note with the chance CreditRate).
type ExcuseSpec struct {
	DelayDays           int     `json:"delay_days"`
	PlaybookDelayFactor float64 `json:"playbook_delay_factor"`
	ShareMin            float64 `json:"amount_min_fraction"`
	ShareMax            float64 `json:"amount_max_fraction"`
	CarveOutRate        float64 `json:"carve_out_rate"`
	CreditRate          float64 `json:"credit_rate"`
}

// NegotiationSpec is how a customer meets an opening ask above what the
// rep would otherwise ask: the chance it agrees to nothing at all is
// RefusalSlope × (ask ÷ capacity − max(FreeMultiple, off ÷ capacity)),
// at most RefusalMax and never below 0, where capacity is the cash it has
// and will have for this supplier by the month's end and off is what the
// rep asks without the opening ask (what is overdue). Asking more than it
// can pay is free up to FreeMultiple × capacity, and asking what is due
// is as today.
type NegotiationSpec struct {
	FreeMultiple float64 `json:"refusal_free_multiple"`
	RefusalSlope float64 `json:"refusal_slope"`
	RefusalMax   float64 `json:"refusal_max"`
}

// delayDays is how many days an excuse puts payments back, met with the
// playbook or accepted.
func (e *ExcuseSpec) delayDays(playbook bool) int {
	if e == nil {
		return 7
	}
	if !playbook {
		return e.DelayDays
	}
	return int(math.Round(float64(e.DelayDays) * e.PlaybookDelayFactor))
}

// PlanSpec is how the world plans (issue 12): each month a manager sets
// each rep's target at the rep's customers' capacities (plan.Capacity)
// times StretchRatio; in the first PlanDays working days a rep agrees
// plans with about as many of its customers that have something
// collectable as the rep is diligent; where the customer commits less
// than asked, the rep adds a gap measure with the chance diligence ×
// MeasureRate, of a kind drawn by the Measures' weights.
type PlanSpec struct {
	// StretchRatio is a ratio, not money (1.1: targets 10 % above the
	// capacities); the targets it makes are whole fen (stretch rounds).
	StretchRatio float64                `json:"target_stretch"`
	PlanDays     int                    `json:"plan_days"`
	MeasureRate  float64                `json:"measure_rate"`
	Measures     map[string]MeasureSpec `json:"measures"`
}

// MeasureSpec is a kind of gap measure (plan.MeasureKinds) and its effect
// when the rep carries it out: the share of the customer's cash this
// supplier gets is raised by ShareBoost from the measure's start to the
// month's end (an incentive, a potential analysis firming up the
// customer's confidence), and next month's purchases and cash by
// NextMonth (a downstream promotion, new outlets, trained promoters sell
// more).
type MeasureSpec struct {
	Weight     float64 `json:"weight"`
	ShareBoost float64 `json:"share_boost"`
	NextMonth  float64 `json:"next_month"`
}

// Size is how big a generated company is.
type Size struct {
	Reps      int `json:"reps"`
	Customers int `json:"customers"`
	Months    int `json:"months"`
	// BurnInMonths are simulated before the history and not kept: what
	// is open when the history starts is loaded as opening balances (期初),
	// as an installation begins from its ERP, so that the first year's
	// months are like any other (a book starting empty collects little in
	// its first months and hides the season).
	BurnInMonths int `json:"burn_in_months,omitempty"`
}

// RegionSpec is a sales region, its share of customers and its cities.
type RegionSpec struct {
	Name   string   `json:"name"`
	Weight float64  `json:"weight"`
	Cities []string `json:"cities"`
}

// Purchases describes how much customers buy: a log-normal monthly volume
// around the median, in orders of log-normal size, with a monthly season.
type Purchases struct {
	MonthlyMedianYuan float64     `json:"monthly_median_yuan"`
	Sigma             float64     `json:"sigma"`
	OrdersPerMonth    float64     `json:"orders_per_month"`
	OrderSigma        float64     `json:"order_sigma"`
	Seasonality       [12]float64 `json:"seasonality"`
	// Days a customer lets pass between payments unless chased.
	PaymentGapDays int `json:"payment_gap_days"`
}

// Economy is a regional business cycle: each month a region's cash flow is
// multiplied by a factor following an AR(1) process in logs. On top, a
// customer may fall into a crisis (a big downstream customer lost, a
// project halted) that cuts its cash to a fraction for some months.
type Economy struct {
	RegionalSigma     float64 `json:"regional_sigma"`
	Persistence       float64 `json:"persistence"`
	CrisisMonthlyRate float64 `json:"crisis_monthly_rate"`
	CrisisMinMonths   int     `json:"crisis_min_months"`
	CrisisMaxMonths   int     `json:"crisis_max_months"`
	CrisisCashFactor  float64 `json:"crisis_cash_factor"`
}

// RepSpec describes reps: diligence is how much of the tier cadence a rep
// actually calls (0–1), firmness how hard they ask.
type RepSpec struct {
	DiligenceMean float64 `json:"diligence_mean"`
	DiligenceSD   float64 `json:"diligence_sd"`
	FirmnessMean  float64 `json:"firmness_mean"`
	FirmnessSD    float64 `json:"firmness_sd"`
	// HabitProfiles give the demo's reps a weak habit each, or none
	// (HabitProfile); none given: no rep has a weak habit. The simulator's
	// reps never have one.
	HabitProfiles []HabitProfile `json:"habit_profiles,omitempty"`
}

// TierSpec holds what a credit tier means: possible payment terms, the
// credit limit in months of purchases, and the follow-up cadence in days.
type TierSpec struct {
	TermsDays   []int   `json:"terms_days"`
	LimitMonths float64 `json:"limit_months"`
	CadenceDays int     `json:"cadence_days"`
}

// CallSpec describes calls: the share the customer answers.
type CallSpec struct {
	AnswerRate float64 `json:"answer_rate"`
}

func (c CallSpec) answerRate() float64 {
	if c.AnswerRate <= 0 {
		return 1
	}
	return c.AnswerRate
}

// CreditNoteSpec says how often goods come back: the share of invoices
// followed by a credit note, and its size as a fraction of the invoice.
type CreditNoteSpec struct {
	Rate        float64 `json:"rate"`
	MinFraction float64 `json:"min_fraction"`
	MaxFraction float64 `json:"max_fraction"`
}

// Payment styles of personas.
const (
	// StyleScheduled pays each invoice some days after its due date, as
	// far as cash allows.
	StyleScheduled = "scheduled"
	// StyleOnChase pays when the rep chases, a fraction of what is overdue.
	StyleOnChase = "on_chase"
)

// Persona is a customer type of DESIGN.md with its behaviour parameters.
type Persona struct {
	Name  string             `json:"name"`
	Label string             `json:"label"`
	Share float64            `json:"share"`
	Tiers map[string]float64 `json:"tiers"`
	Style string             `json:"style"`
	// Days after the due date the customer means to pay.
	DelayMeanDays float64 `json:"delay_mean_days"`
	DelaySDDays   float64 `json:"delay_sd_days"`
	// Cash the customer takes in, in multiples of its purchases, and how
	// much that swings month to month.
	CashCover      float64 `json:"cash_cover"`
	CashVolatility float64 `json:"cash_volatility"`
	// How strongly chasing moves this supplier up the customer's list.
	ChaseSensitivity float64 `json:"chase_sensitivity"`
	// Share of payments that name the invoices they pay.
	NamesInvoices float64 `json:"names_invoices"`
	// Payments are rounded down to this many yuan (0: exact amounts).
	RoundToYuan float64 `json:"round_to_yuan"`
	// What part of the amount asked or due is paid at once.
	PayFraction float64 `json:"pay_fraction"`
	// Chance that a chase is met with an excuse instead of money.
	ExcuseRate float64 `json:"excuse_rate"`
	// Chance that an invoice is disputed.
	DisputeRate float64 `json:"dispute_rate"`
	// Share of these customers who pay for every order in advance (款到发货),
	// in round sums that leave some prepayment (预收) between orders.
	PrepayRate float64 `json:"prepay_rate"`
	// Chance that a chased customer that does not pay promises to, and
	// how honest its promises are (the log-odds of meaning one of its
	// usual size without a support plan).
	PromiseRate    float64 `json:"promise_rate"`
	PromiseHonesty float64 `json:"promise_honesty"`
	// How the customer meets a monthly plan: the chance it agrees one
	// (else it declines), the share of the amount asked it commits to on
	// average, how much an agreed plan raises this supplier's share of
	// its cash while the plan runs (0.2: a fifth more), and how the
	// plan's milestones are kept against its ordinary promises (a shift
	// of the log-odds of meaning one, besides the plan's support).
	PlanAgreeRate  float64 `json:"plan_agree_rate"`
	PlanCommitment float64 `json:"plan_commitment"`
	PlanShareBoost float64 `json:"plan_share_boost"`
	PlanKeeping    float64 `json:"plan_keeping"`
	// Excuses is the mix of what this persona's excuses are about, weights
	// by excuse.Category (none: every excuse is "other").
	Excuses map[excuse.Category]float64 `json:"excuses,omitempty"`
	// DiscountRatio is a haggler's: it agrees to about this share of what
	// it is asked (its r), more with a firm rep; 0 for a customer that
	// agrees to what it can pay, whatever it is asked.
	DiscountRatio float64 `json:"discount_ratio,omitempty"`
}

//go:embed worlds/default.json
var defaultWorld []byte

// DefaultWorld returns the built-in world.
func DefaultWorld() *World {
	w, err := ReadWorld(bytes.NewReader(defaultWorld))
	if err != nil {
		panic("sim: built-in world: " + err.Error())
	}
	return w
}

//go:embed worlds/cash_crunch.json
var cashCrunchWorld []byte

// CashCrunchWorld returns a second built-in world with another persona mix
// (more cash-strapped customers and excuse makers, less cash, more crises),
// on which the models are tested too.
func CashCrunchWorld() *World {
	w, err := ReadWorld(bytes.NewReader(cashCrunchWorld))
	if err != nil {
		panic("sim: built-in world: " + err.Error())
	}
	return w
}

// DefaultWorldJSON returns the built-in world file, for --print-world.
func DefaultWorldJSON() []byte { return bytes.Clone(defaultWorld) }

// LoadWorld reads and checks a world file.
func LoadWorld(path string) (*World, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w, err := ReadWorld(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

// ReadWorld decodes a world, rejecting unknown fields, and validates it.
func ReadWorld(r io.Reader) (*World, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var w World
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("world file: %w", err)
	}
	return &w, w.Validate()
}

// Validate checks that the world describes a company that can be simulated.
func (w *World) Validate() error {
	if len(w.Regions) == 0 || len(w.Personas) == 0 {
		return fmt.Errorf("world %q: regions and personas are required", w.Name)
	}
	for _, r := range w.Regions {
		if r.Weight <= 0 || len(r.Cities) == 0 {
			return fmt.Errorf("region %q: weight must be positive and cities given", r.Name)
		}
	}
	for _, t := range []string{"A", "B", "C", "D"} {
		ts, ok := w.Tiers[t]
		if !ok || len(ts.TermsDays) == 0 || ts.CadenceDays <= 0 || ts.LimitMonths <= 0 {
			return fmt.Errorf("tier %s: terms_days, cadence_days and limit_months are required", t)
		}
	}
	share := 0.0
	for _, p := range w.Personas {
		share += p.Share
		if p.Style != StyleScheduled && p.Style != StyleOnChase {
			return fmt.Errorf("persona %q: style must be %q or %q", p.Name, StyleScheduled, StyleOnChase)
		}
		if p.CashCover <= 0 || p.PayFraction <= 0 || p.PayFraction > 1 || len(p.Tiers) == 0 {
			return fmt.Errorf("persona %q: cash_cover > 0, 0 < pay_fraction ≤ 1 and tiers are required", p.Name)
		}
		for t := range p.Tiers {
			if _, ok := w.Tiers[t]; !ok {
				return fmt.Errorf("persona %q: unknown tier %q", p.Name, t)
			}
		}
		for c, wt := range p.Excuses {
			if !c.Valid() || wt < 0 {
				return fmt.Errorf("persona %q: excuses: %q: a category of %v with a weight ≥ 0 is required", p.Name, c, excuse.Categories)
			}
		}
		if p.DiscountRatio < 0 || p.DiscountRatio > 1 {
			return fmt.Errorf("persona %q: discount_ratio must be 0 (not a haggler) to 1", p.Name)
		}
	}
	if math.Abs(share-1) > 0.01 {
		return fmt.Errorf("persona shares add up to %.3f, not 1", share)
	}
	if err := validateProfiles(w.Reps.HabitProfiles); err != nil {
		return err
	}
	if err := w.Plans.validate(); err != nil {
		return err
	}
	if e := w.Excuses; e != nil && (e.DelayDays < 0 || e.PlaybookDelayFactor < 0 || e.PlaybookDelayFactor > 1 ||
		e.ShareMin <= 0 || e.ShareMax < e.ShareMin || e.ShareMax > 1 || e.CarveOutRate < 0 || e.CarveOutRate > 1 || e.CreditRate < 0 || e.CreditRate > 1) {
		return fmt.Errorf("excuses: delay_days ≥ 0, 0 ≤ playbook_delay_factor ≤ 1, 0 < amount_min_fraction ≤ amount_max_fraction ≤ 1, carve_out_rate and credit_rate 0 to 1 are required")
	}
	if n := w.Negotiation; n != nil && (n.FreeMultiple < 1 || n.RefusalSlope < 0 || n.RefusalMax < 0 || n.RefusalMax > 1) {
		return fmt.Errorf("negotiation: refusal_free_multiple ≥ 1, refusal_slope ≥ 0 and 0 ≤ refusal_max ≤ 1 are required")
	}
	if w.Purchases.MonthlyMedianYuan <= 0 || w.Purchases.OrdersPerMonth <= 0 {
		return fmt.Errorf("purchases: monthly_median_yuan and orders_per_month must be positive")
	}
	return nil
}

// validate checks a world's plans: a stretch of at least 1, plan days
// and only kinds of measure the product knows.
func (p *PlanSpec) validate() error {
	if p == nil {
		return nil
	}
	if p.StretchRatio < 1 || p.PlanDays < 1 || p.MeasureRate < 0 || p.MeasureRate > 1 {
		return fmt.Errorf("plans: target_stretch ≥ 1, plan_days ≥ 1 and 0 ≤ measure_rate ≤ 1 are required")
	}
	for k, m := range p.Measures {
		if !plan.MeasureKind(k).Valid() || m.Weight < 0 {
			return fmt.Errorf("plans: measure %q: a kind of %v with a weight ≥ 0 is required", k, plan.MeasureKinds)
		}
	}
	return nil
}
