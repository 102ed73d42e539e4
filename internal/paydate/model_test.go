package paydate

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
)

var (
	year1 = civil.MustParse("2024-01-01")
	year2 = civil.MustParse("2025-01-01")
	end2  = civil.MustParse("2025-12-31")
)

// TestSyntheticKnownAnswer fits a world whose true probabilities and
// expected dates are known and checks the model comes near the best
// possible: the AUC and the days' error of the truth itself.
func TestSyntheticKnownAnswer(t *testing.T) {
	w := newSynthWorld(1, 150, year1, end2)
	ev := Evaluate(w.invs, EvalOptions{From: year2, To: end2, TrainUntil: year2.AddDays(-1)})
	bestAUC, bestMAE := w.oracle(year2, end2)
	auc, mae := *ev.AUC, *ev.MAEDays
	t.Logf("n %d: AUC %.4f (truth %.4f, customer history %.4f), MAE %.3f (truth %.3f, customer history %.3f)", ev.N, auc, bestAUC, *ev.Baselines.CustomerHistory.AUC, mae, bestMAE, *ev.Baselines.CustomerHistory.MAEDays)
	if auc < bestAUC-0.02 {
		t.Errorf("AUC %.4f; want within 0.02 of the truth's %.4f", auc, bestAUC)
	}
	if mae > bestMAE+0.5 {
		t.Errorf("MAE %.3f days; want within 0.5 of the truth's %.3f", mae, bestMAE)
	}
	// the size effect is in the world and not in the customer's history
	if auc < *ev.Baselines.CustomerHistory.AUC+0.01 {
		t.Errorf("AUC %.4f; want the size effect to lift it 0.01 over the customer history's %.4f", auc, *ev.Baselines.CustomerHistory.AUC)
	}
	for _, b := range ev.Bins {
		if b.N >= 100 && math.Abs(b.Predicted-b.Observed) > 0.07 {
			t.Errorf("bin %.1f–%.1f of %d: predicted %.3f, observed %.3f", b.Lo, b.Hi, b.N, b.Predicted, b.Observed)
		}
	}
}

// TestSizeEffectLearnt: for the same customer on the same day, an invoice
// three times its usual size is expected later and more likely late, and
// the size is among the reasons pushing it late.
func TestSizeEffectLearnt(t *testing.T) {
	w := newSynthWorld(2, 150, year1, end2)
	m := Fit(w.invs, year2, Options{})
	g := byCustomer(w.invs)["C007"]
	small := Invoice{Customer: "C007", Number: "new", Issue: year2, Due: year2.AddDays(30), Amount: 15000}
	big := small
	big.Amount = 45000
	ps, pb := m.Predict(small, g, Facts{}), m.Predict(big, g, Facts{})
	if pb.PLate <= ps.PLate+0.1 || pb.Expected.Sub(ps.Expected) < 5 {
		t.Errorf("big invoice: p_late %.3f, expected %s; small: %.3f, %s; want the big one later by about %d days", pb.PLate, pb.Expected, ps.PLate, ps.Expected, bigLate)
	}
	i := slices.IndexFunc(pb.Reasons, func(r Reason) bool { return r.Code == ReasonSize })
	if i < 0 || pb.Reasons[i].Effect <= 0 {
		t.Errorf("reasons %+v; want size pushing the big invoice late", pb.Reasons)
	}
}

// moveLater returns a copy of invs where every settlement on or after day
// is moved: a week later, or undone for every third.
func moveLater(invs []Invoice, day civil.Date) []Invoice {
	out := slices.Clone(invs)
	for i := range out {
		if out[i].Paid >= day {
			out[i].Paid = out[i].Paid.AddDays(7)
			if i%3 == 0 {
				out[i].Paid = 0
			}
		}
	}
	return out
}

// TestFitDoesNotLeak: settlements on or after the fit's day cannot change
// the model; one before it does (so the test can fail).
func TestFitDoesNotLeak(t *testing.T) {
	w := newSynthWorld(3, 60, year1, end2)
	asOf := civil.MustParse("2024-09-01")
	want := Fit(w.invs, asOf, Options{})
	if want.N == 0 {
		t.Fatal("the world is too small to fit")
	}
	if got := Fit(moveLater(w.invs, asOf), asOf, Options{}); !reflect.DeepEqual(got, want) {
		t.Error("moving settlements on or after the fit's day changed the model")
	}
	earlier := slices.Clone(w.invs)
	for i := range earlier {
		if earlier[i].Settled(asOf) {
			earlier[i].Paid = earlier[i].Paid.AddDays(20)
			if earlier[i].Paid < asOf {
				break
			}
		}
	}
	if got := Fit(earlier, asOf, Options{}); reflect.DeepEqual(got, want) {
		t.Error("moving a settlement before the fit's day left the model as it was; the test cannot see a leak")
	}
}

// TestPredictDoesNotLeak: an invoice's prediction depends on nothing
// settled on or after its issue day.
func TestPredictDoesNotLeak(t *testing.T) {
	w := newSynthWorld(4, 60, year1, end2)
	m := Fit(w.invs, year2, Options{})
	g := byCustomer(w.invs)["C010"]
	inv := g[len(g)/2]
	want := m.Predict(inv, g, Facts{})
	if got := m.Predict(inv, moveLater(g, inv.Issue), Facts{}); !reflect.DeepEqual(got, want) {
		t.Errorf("moving settlements on or after the issue day changed the prediction: %+v, want %+v", got, want)
	}
	before := slices.Clone(g)
	for i := range before {
		if before[i].Settled(inv.Issue) {
			before[i].Paid = before[i].Paid.AddDays(-15)
		}
	}
	if got := m.Predict(inv, before, Facts{}); reflect.DeepEqual(got, want) {
		t.Error("moving settlements before the issue day left the prediction as it was; the test cannot see a leak")
	}
}

// TestPredictionShape: the chance of paying by a date rises with the
// date, equals POnTime at the due date and 0 before the issue; the range
// holds the expected date; ByGiven rescales what is left.
func TestPredictionShape(t *testing.T) {
	w := newSynthWorld(5, 100, year1, end2)
	m := Fit(w.invs, year2, Options{})
	for _, code := range []string{"C001", "C050", "C099"} {
		g := byCustomer(w.invs)[code]
		inv := Invoice{Customer: code, Number: "new", Issue: year2, Due: year2.AddDays(30), Amount: 15000}
		p := m.Predict(inv, g, Facts{})
		if math.Abs(p.POnTime+p.PLate-1) > 1e-12 || math.Abs(p.By(inv.Due)-p.POnTime) > 1e-9 {
			t.Errorf("%s: p_on_time %.4f, p_late %.4f, By(due) %.4f", code, p.POnTime, p.PLate, p.By(inv.Due))
		}
		if p.By(inv.Issue.AddDays(-1)) != 0 {
			t.Errorf("%s: By the day before issue %.4f; want 0", code, p.By(inv.Issue.AddDays(-1)))
		}
		prev := 0.0
		for d := inv.Issue; d <= inv.Due.AddDays(90); d++ {
			if v := p.By(d); v < prev-1e-12 || v > 1 {
				t.Fatalf("%s: By(%s) = %.4f after %.4f; want rising within [0, 1]", code, d, v, prev)
			} else {
				prev = v
			}
		}
		if !(p.From <= p.Expected && p.Expected <= p.To && p.From < p.To) {
			t.Errorf("%s: range %s–%s, expected %s", code, p.From, p.To, p.Expected)
		}
		if got := p.ByGiven(inv.Due, inv.Due); got != 0 {
			t.Errorf("%s: ByGiven(due, due) %.4f; want 0", code, got)
		}
		mid := inv.Issue.AddDays(20)
		want := (p.By(inv.Due) - p.By(mid)) / (1 - p.By(mid))
		if got := p.ByGiven(inv.Due, mid); math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: ByGiven %.4f; want %.4f", code, got, want)
		}
		if len(p.Reasons) != len(reasonGroups) {
			t.Errorf("%s: %d reasons; want %d", code, len(p.Reasons), len(reasonGroups))
		}
		for i, r := range p.Reasons {
			if r.Text == "" || r.TextZh == "" || i > 0 && math.Abs(r.Effect) > math.Abs(p.Reasons[i-1].Effect) {
				t.Errorf("%s: reason %d %+v: want words in both languages, strongest first", code, i, r)
			}
		}
	}
}

// TestDefaults: with little history the model is the customer's own
// smoothed figures; a customer with none is taken at the population's.
func TestDefaults(t *testing.T) {
	w := newSynthWorld(6, 3, year1, civil.MustParse("2024-03-31"))
	m := Fit(w.invs, year2, Options{})
	if m.N != 0 || m.Pop != DefaultPopulation {
		t.Fatalf("fit on %d invoices: N %d, pop %+v; want the defaults", len(w.invs), m.N, m.Pop)
	}
	inv := Invoice{Customer: "NEW", Number: "1", Issue: year2, Due: year2.AddDays(30), Amount: 100}
	p := m.Predict(inv, nil, Facts{})
	if math.Abs(p.PLate-DefaultPopulation.LateRate) > 1e-9 || p.Expected != inv.Due {
		t.Errorf("no history: p_late %.4f, expected %s; want %.2f on the due date %s", p.PLate, p.Expected, DefaultPopulation.LateRate, inv.Due)
	}
	late := []Invoice{
		{Customer: "NEW", Number: "a", Issue: year1, Due: year1.AddDays(30), Paid: year1.AddDays(50)},
		{Customer: "NEW", Number: "b", Issue: year1.AddDays(10), Due: year1.AddDays(40), Paid: year1.AddDays(60)},
	}
	p = m.Predict(inv, late, Facts{})
	// (2 late + 3 × 0.3) ÷ 5; the median 20 days late blended with 0.5 invoices at 0
	if math.Abs(p.PLate-0.58) > 1e-9 || p.Expected != inv.Due.AddDays(16) {
		t.Errorf("two invoices paid 20 days late: p_late %.4f, expected %s; want 0.58, %s", p.PLate, p.Expected, inv.Due.AddDays(16))
	}
}

// TestFromBook: a partly paid invoice is paid when its last part
// arrives; an open one is not paid; a credit note is no invoice.
func TestFromBook(t *testing.T) {
	d := civil.MustParse
	c := ledger.Customer{Code: "C1", Tier: ledger.TierC, TermsDays: 30}
	b := ledger.Book{
		Invoices: []ledger.Invoice{
			{Number: "I1", Customer: "C1", Issue: d("2025-01-01"), Due: d("2025-01-31"), Amount: 1000},
			{Number: "I2", Customer: "C1", Issue: d("2025-01-05"), Due: d("2025-02-04"), Amount: 500},
			{Number: "CN1", Customer: "C1", Issue: d("2025-01-06"), Due: d("2025-01-06"), Amount: -100},
		},
		Payments: []ledger.Payment{
			{Number: "P1", Customer: "C1", Date: d("2025-01-20"), Amount: 600, Invoices: []string{"I1"}},
			{Number: "P2", Customer: "C1", Date: d("2025-02-10"), Amount: 300, Invoices: []string{"I1"}},
		},
	}
	got := FromBook(c, b)
	want := []Invoice{
		// I1: 600 on the 20th, the credit note's 100 on the 6th, the last 300 on 10 February
		{Customer: "C1", Number: "I1", Issue: d("2025-01-01"), Due: d("2025-01-31"), Amount: 1000, TermsDays: 30, Tier: ledger.TierC, Paid: d("2025-02-10")},
		{Customer: "C1", Number: "I2", Issue: d("2025-01-05"), Due: d("2025-02-04"), Amount: 500, TermsDays: 30, Tier: ledger.TierC},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FromBook:\n got %+v\nwant %+v", got, want)
	}
}

// TestEvaluationJSON holds the report's field names (issue 16, point 2).
func TestEvaluationJSON(t *testing.T) {
	w := newSynthWorld(7, 40, year1, end2)
	ev := Evaluate(w.invs, EvalOptions{From: year2, To: end2})
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"n", "late_rate", "auc", "brier", "bins", "mae_days", "baselines"} {
		if got[k] == nil {
			t.Errorf("no %q in %s", k, b)
		}
	}
	bins := got["bins"].([]any)
	bin := bins[0].(map[string]any)
	for _, k := range []string{"lo", "hi", "n", "predicted", "observed"} {
		if _, ok := bin[k]; !ok || len(bins) != 10 {
			t.Errorf("bins %v: want 10 with %q", bins, k)
		}
	}
	base := got["baselines"].(map[string]any)
	hist, terms := base["customer_history"].(map[string]any), base["terms"].(map[string]any)
	if hist["auc"] == nil || hist["mae_days"] == nil || terms["mae_days"] == nil {
		t.Errorf("baselines %v: want customer_history{auc, mae_days} and terms{mae_days}", base)
	}
	if empty, _ := json.Marshal(Evaluate(nil, EvalOptions{From: year2, To: end2})); string(empty) == "" {
		t.Error("an empty evaluation does not marshal")
	}
}

// TestModelJSON: a model saved as JSON and read back (the daily job's
// way) predicts the same.
func TestModelJSON(t *testing.T) {
	w := newSynthWorld(8, 60, year1, end2)
	m := Fit(w.invs, year2, Options{})
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	g := byCustomer(w.invs)["C003"]
	inv := Invoice{Customer: "C003", Number: "new", Issue: year2, Due: year2.AddDays(30), Amount: 15000}
	if got, want := back.Predict(inv, g, Facts{}), m.Predict(inv, g, Facts{}); !reflect.DeepEqual(got, want) {
		t.Errorf("read back: %+v\nwant %+v", got, want)
	}
	// a model of other features (an older version) predicts as the defaults
	back.Linear.Weights = back.Linear.Weights[1:]
	if got, want := back.Predict(inv, g, Facts{}), Default(m.Pop).Predict(inv, g, Facts{}); !reflect.DeepEqual(got, want) {
		t.Errorf("older model: %+v\nwant the defaults' %+v", got, want)
	}
}
