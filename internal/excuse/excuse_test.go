package excuse

import (
	"slices"
	"strings"
	"testing"

	"huikuan/internal/civil"
)

func TestRepeats(t *testing.T) {
	d := civil.MustParse
	es := []Excuse{
		{CallID: 1, Date: d("2026-06-01"), Category: CashTight},
		{CallID: 2, Date: d("2026-06-20"), Category: Quality},
		{CallID: 3, Date: d("2026-07-01"), Category: CashTight}, // 30 days after call 1: a repeat
		{CallID: 4, Date: d("2026-08-15"), Category: CashTight}, // 45 days after call 3: not
		{CallID: 5, Date: d("2026-08-15"), Category: CashTight}, // the same day as call 4, later: a repeat
		{CallID: 6, Date: d("2026-06-21"), Category: Other},     // other never repeats
		{CallID: 7, Date: d("2026-06-22"), Category: Other},
		{CallID: 8, Date: d("2026-07-21"), Category: Quality}, // 31 days after call 2: not
	}
	want := []bool{false, false, true, false, true, false, false, false}
	if got := Repeats(es); !slices.Equal(got, want) {
		t.Errorf("Repeats = %v, want %v", got, want)
	}
}

func TestCategories(t *testing.T) {
	if len(Categories) != 11 || !Quality.Valid() || Category("cash").Valid() {
		t.Fatalf("categories %v", Categories)
	}
	for _, c := range Categories {
		if c.Disputable() != (c == Quality || c == AfterSales || c == StatementMismatch) {
			t.Errorf("%s disputable %v", c, c.Disputable())
		}
	}
	if !WillPaySoon.WantsPromise() || CashTight.WantsPromise() {
		t.Error("only will_pay_soon wants a promise")
	}
}

func TestDefaultPlaybookNamesKnownFacts(t *testing.T) {
	if err := CheckPlaybook(DefaultPlaybook); err != nil {
		t.Fatal(err)
	}
	for _, c := range Categories {
		if DefaultPlaybook[c].Zh == "" || DefaultPlaybook[c].En == "" {
			t.Errorf("%s has no default counter in both languages", c)
		}
	}
}

func TestCheckRefusesUnknownFacts(t *testing.T) {
	err := Check("您欠 {owed}，上月付 {paid_last}")
	if err == nil || !strings.Contains(err.Error(), "{paid_last}") {
		t.Fatalf("Check = %v, want the unknown fact named", err)
	}
	p := Playbook{CashTight: {Zh: "{owed}", En: "{owd}"}}
	if err := CheckPlaybook(p); err == nil || !strings.Contains(err.Error(), "cash_tight (en)") || !strings.Contains(err.Error(), "{owd}") {
		t.Fatalf("CheckPlaybook = %v", err)
	}
	if err := CheckPlaybook(Playbook{"cash": {}}); err == nil {
		t.Fatal("an unknown category was accepted")
	}
}

func TestFill(t *testing.T) {
	got := Fill("欠 {owed}，逾期 {overdue}，额度 {credit_limit}", Facts{"owed": "¥1,000.00", "overdue": "¥200.00"})
	if want := "欠 ¥1,000.00，逾期 ¥200.00，额度 —"; got != want {
		t.Errorf("Fill = %q, want %q", got, want)
	}
	p := Playbook{Quality: {Zh: "自定义", En: "custom"}}.With()
	if p[Quality].En != "custom" || p[CashTight] != DefaultPlaybook[CashTight] {
		t.Errorf("With = %+v", p)
	}
}

func TestFactsOf(t *testing.T) {
	d := civil.MustParse
	in := FactsInput{
		Customer: "华东建材", Owed: 500_000_00, Overdue: 120_000_00, CreditLimit: 1_000_000_00,
		Months:      []Month{{"2026-05", 80_000_00, 60_000_00}, {"2026-04", 90_000_00, 70_000_00}, {"2026-03", 70_000_00, 50_000_00}},
		UsualBought: 85_000_00, UsualPaid: 75_000_00,
		Promises:     []Promise{{d("2026-06-05"), 30_000_00, "broken", 0}, {d("2026-05-20"), 20_000_00, "partly_kept", 5_000_00}},
		OpenDisputes: 1, Disputed: 3_000_00,
		Excuses:   []Excuse{{Date: d("2026-03-01"), Category: CashTight}, {Date: d("2026-05-01"), Category: CashTight}, {Date: d("2026-05-02"), Category: Quality}},
		Payments:  []civil.Date{d("2026-03-10"), d("2026-05-30")},
		PlanAsked: 100_000_00, RepPlans: 400_000_00,
	}
	f := FactsOf(in, CashTight, "zh")
	for k, want := range map[string]string{
		"owed": "¥500,000.00", "bought_1": "¥80,000.00", "paid_3": "¥50,000.00", "month_2": "2026-04",
		"credit_used": "¥500,000.00 (50%)", "credit_limit": "¥1,000,000.00", "open_disputes": "1 笔 ¥3,000.00",
		"excuse_times": "2", "excuse_paid": "1", "plan_share": "25.0%", "plan_asked": "¥100,000.00",
		"last_promises": "06-05 ¥30,000.00 未兑现；05-20 ¥20,000.00 部分兑现 ¥5,000.00",
	} {
		if f[k] != want {
			t.Errorf("%s = %q, want %q", k, f[k], want)
		}
	}
	for _, name := range FactNames {
		if _, ok := f[name]; !ok {
			t.Errorf("fact %s is not filled", name)
		}
	}
	if got := FactsOf(in, Quality, "en")["excuse_times"]; got != "1" {
		t.Errorf("quality excuses %s", got)
	}
}

func TestSummarise(t *testing.T) {
	obs := []Observed{
		{Excuse: Excuse{Category: Quality}, Rep: "R1", NextCall: 3, Cadence: 7, Disputed: true, Paid: true},    // countered
		{Excuse: Excuse{Category: Quality}, Rep: "R1", NextCall: 3, Cadence: 7},                                // no dispute
		{Excuse: Excuse{Category: CashTight}, Rep: "R2", NextCall: 10, Cadence: 7, Promised: true, Kept: true}, // called too late
		{Excuse: Excuse{Category: CashTight}, Rep: "R2", NextCall: 0, Cadence: 7, Promised: true},              // never called again
		{Excuse: Excuse{Category: WillPaySoon}, Rep: "R1", NextCall: 7, Cadence: 7, Paid: true},                // on the cadence's day: countered
	}
	cats, reps := Summarise(obs)
	wantCats := []CategoryStat{{Quality, 2, 1, 0, 0}, {CashTight, 2, 0, 2, 1}, {WillPaySoon, 1, 1, 0, 0}}
	if !slices.Equal(cats, wantCats) {
		t.Errorf("categories %+v, want %+v", cats, wantCats)
	}
	wantReps := []RepStat{{"R1", 3, 1, 0, 1}, {"R2", 2, 2, 2, 0}}
	if !slices.Equal(reps, wantReps) {
		t.Errorf("reps %+v, want %+v", reps, wantReps)
	}
}
