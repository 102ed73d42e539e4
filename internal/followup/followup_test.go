package followup

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

var d = civil.MustParse

// 2026-11-27 is a Friday; 2026-11-30 a Monday.
const friday = "2026-11-27"

func TestNext(t *testing.T) {
	plain := civil.Calendar{}
	mondayOff := civil.Calendar{Holidays: map[civil.Date]bool{d("2026-11-30"): true}}
	overdue := money.Yuan(5000)
	tests := []struct {
		name  string
		c     Customer
		cal   civil.Calendar
		today string
		want  string // "code on" or "none"
	}{
		{"never called, overdue: at once", Customer{Tier: "C", Overdue: overdue}, plain, friday, "followup_due 2026-11-27"},
		{"nothing overdue: no routine call", Customer{Tier: "C", LastCall: d("2026-11-20")}, plain, friday, "none"},
		{"tier A: a week after the last call", Customer{Tier: "A", Overdue: overdue, LastCall: d("2026-11-24")}, plain, friday, "followup_due 2026-12-01"},
		{"tier C: two days, Saturday moves to Monday", Customer{Tier: "C", Overdue: overdue, LastCall: d("2026-11-26")}, plain, friday, "followup_due 2026-11-30"},
		{"tier C over a Monday holiday: Tuesday", Customer{Tier: "C", Overdue: overdue, LastCall: d("2026-11-26")}, mondayOff, friday, "followup_due 2026-12-01"},
		{"tier D: every working day", Customer{Tier: "D", Overdue: overdue, LastCall: d(friday)}, plain, friday, "followup_due 2026-11-30"},
		{"the customer's own cadence", Customer{Tier: "D", IntervalDays: 10, Overdue: overdue, LastCall: d("2026-11-20")}, plain, friday, "followup_due 2026-11-30"},
		{"the date the rep set in the call", Customer{Tier: "A", Overdue: overdue, LastCall: d("2026-11-26"), LastDisposition: ReachedExcuse, LastContact: d("2026-11-26"), NextSet: d("2026-11-28")}, plain, friday, "followup_due 2026-11-30"},
		{"a promise due Monday: reminded on Friday", Customer{Tier: "A", Commitments: []Commitment{{Due: d("2026-11-30"), Amount: overdue, Status: commitment.Open}}}, plain, friday, "commitment_due_tomorrow 2026-11-27"},
		{"a promise due Tuesday after a Monday holiday: reminded on Friday", Customer{Tier: "A", Commitments: []Commitment{{Due: d("2026-12-01"), Amount: overdue, Status: commitment.Open}}}, mondayOff, friday, "commitment_due_tomorrow 2026-11-27"},
		{"reminded already", Customer{Tier: "A", LastCall: d(friday), Commitments: []Commitment{{Due: d("2026-11-30"), Amount: overdue, Status: commitment.Open}}}, plain, friday, "commitment_due_today 2026-11-30"},
		{"a promise due today", Customer{Tier: "A", LastCall: d("2026-11-26"), Commitments: []Commitment{{Due: d(friday), Amount: overdue, Status: commitment.Open}}}, plain, friday, "commitment_due_today 2026-11-27"},
		{"broken yesterday, not called since", Customer{Tier: "A", LastCall: d("2026-11-20"), Commitments: []Commitment{{Due: d("2026-11-25"), Amount: overdue, Status: commitment.Broken, DecidedOn: d("2026-11-26")}}}, plain, friday, "commitment_broken 2026-11-26"},
		{"broken, called since", Customer{Tier: "A", LastCall: d("2026-11-26"), Commitments: []Commitment{{Due: d("2026-11-25"), Amount: overdue, Status: commitment.Broken, DecidedOn: d("2026-11-26")}}}, plain, friday, "none"},
		{"partly kept", Customer{Tier: "A", Commitments: []Commitment{{Due: d("2026-11-26"), Amount: overdue, Fulfilled: money.Yuan(1000), Status: commitment.PartlyKept, DecidedOn: d("2026-11-27")}}}, plain, friday, "partly_kept 2026-11-27"},
		{"a callback asked for", Customer{Tier: "A", LastCall: d("2026-11-26"), LastDisposition: CallbackRequested, LastContact: d("2026-11-26"), NextSet: d("2026-12-02")}, plain, friday, "callback_requested 2026-12-02"},
		{"no answer on Friday: retry on Monday", Customer{Tier: "A", Overdue: overdue, LastCall: d(friday), LastDisposition: NoAnswer, LastContact: d("2026-11-20")}, plain, friday, "retry_no_answer 2026-11-30"},
		{"a wrong number is not retried", Customer{Tier: "A", LastCall: d(friday), LastDisposition: WrongNumber}, plain, friday, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := "none"
			if r, ok := DefaultPolicy().Next(tt.c, tt.cal, d(tt.today)); ok {
				got = r.Code + " " + r.On.String()
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func codes(items []Item) string {
	var out []string
	for _, it := range items {
		s := it.Customer
		if it.MustCall {
			s += "!"
		}
		if !it.Today {
			s += "?"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestWorklistRanking(t *testing.T) {
	today := d(friday)
	big := money.Yuan(1_000_000)
	cs := []Customer{
		// a big customer due for its routine call, with cash
		{Code: "BIG", Tier: ledger.TierB, Overdue: big, Monthly: big, LastCall: d("2026-11-20")},
		// a small customer whose promise broke yesterday
		{Code: "SMALL-BROKEN", Tier: ledger.TierA, Overdue: money.Yuan(3000), Monthly: money.Yuan(3000),
			Commitments: []Commitment{{Due: d("2026-11-26"), Amount: money.Yuan(3000), Status: commitment.Broken, DecidedOn: d(friday)}}},
		// a promise due on Monday: reminded today
		{Code: "REMIND", Tier: ledger.TierA, Commitments: []Commitment{{Due: d("2026-11-30"), Amount: money.Yuan(80_000), Status: commitment.Open}}},
		// a lot overdue but it pays little a month: a call reaches little
		{Code: "BROKE", Tier: ledger.TierD, Overdue: big, Monthly: money.Yuan(10_000), LastCall: d("2026-11-20")},
		// as BIG but called yesterday: less to gain today
		{Code: "BIG-CALLED", Tier: ledger.TierD, Overdue: big, Monthly: big, LastCall: d("2026-11-26")},
		// nothing due and nothing promised: not on the list
		{Code: "QUIET", Tier: ledger.TierA, Monthly: big},
	}
	p := DefaultPolicy()
	p.Capacity = 4
	items := p.Worklist(cs, civil.Calendar{}, today)
	if got, want := codes(items), "SMALL-BROKEN! REMIND! BIG BIG-CALLED BROKE?"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	for _, it := range items {
		if it.Rank == 0 || it.Action == "" || len(it.Reasons) == 0 {
			t.Errorf("%+v lacks rank, action or reasons", it)
		}
	}
	if it := items[0]; it.AmountAtStake != money.Yuan(3000) || it.Action != ActionChaseBroken || it.Reasons[0].Code != CommitmentBroken {
		t.Errorf("the broken promise: %+v", it)
	}
	if it := items[2]; it.Reasons[0].Code != FollowupDue || it.Reasons[1].Code != Overdue || it.Action != ActionCollect {
		t.Errorf("the routine call: %+v", it)
	}
}

// TestMustCallAlwaysFirst checks on many random customers that no
// must-call item ever ranks below an item that is not.
func TestMustCallAlwaysFirst(t *testing.T) {
	today := d(friday)
	var cs []Customer
	for i := range 300 {
		c := Customer{Code: fmt.Sprintf("C%03d", i), Tier: ledger.Tier("ABCD"[i%4 : i%4+1]), Overdue: money.Amount(i * 7919 % 100000 * 100), Monthly: money.Amount(i * 104729 % 50000 * 100), LastCall: today.AddDays(-(i % 9))}
		if i%7 == 0 {
			c.Commitments = []Commitment{{Due: today.AddDays(i%5 - 2), Amount: money.Yuan(int64(i)), Status: []commitment.Status{commitment.Open, commitment.Broken, commitment.PartlyKept}[i%3], DecidedOn: today.AddDays(-1)}}
		}
		cs = append(cs, c)
	}
	items := DefaultPolicy().Worklist(cs, civil.Calendar{}, today)
	seenOther := false
	must := 0
	for _, it := range items {
		if !it.MustCall {
			seenOther = true
		} else {
			must++
			if seenOther {
				t.Fatalf("must-call %s ranks %d, below an item that is not", it.Customer, it.Rank)
			}
		}
	}
	if must == 0 || len(items) < 100 {
		t.Errorf("%d items, %d must-call: the test does not exercise the rule", len(items), must)
	}
}

func TestItemJSON(t *testing.T) {
	it := Item{Rank: 1, Customer: "C1", Reasons: []Reason{{Code: CommitmentBroken, On: d(friday), Amount: 500}, {Code: Overdue, On: d(friday), Days: 3}}, AmountAtStake: 500, Action: ActionChaseBroken, MustCall: true}
	b, err := json.Marshal(it)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"rank": 1.0, "customer": "C1", "amount_at_stake": 500.0, "action": "chase_broken", "must_call": true} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	if fmt.Sprint(got["reasons"]) != "[commitment_broken overdue]" {
		t.Errorf("reasons %v, want the codes", got["reasons"])
	}
	if details, _ := got["reason_details"].([]any); len(details) != 2 {
		t.Errorf("reason_details %v", got["reason_details"])
	}
}

func TestWords(t *testing.T) {
	for _, tt := range []struct {
		r      Reason
		zh, en string
	}{
		{Reason{Code: Overdue, Amount: 12345, Days: 9}, "逾期 ¥123.45，最久 9 天", "¥123.45 overdue, up to 9 days"},
		{Reason{Code: FollowupDue, Days: 4}, "按节奏每 4 天跟进", "due for its every-4-days call"},
		{Reason{Code: RetryNoAnswer}, "上次未接通，再试", "no answer last time: try again"},
	} {
		if zh, en := tt.r.Words(true), tt.r.Words(false); zh != tt.zh || en != tt.en {
			t.Errorf("%s: %q / %q, want %q / %q", tt.r.Code, zh, en, tt.zh, tt.en)
		}
	}
	if got := ActionWords(ActionChaseBroken, true); got != "问清原因，约新日期并落实支撑方案" {
		t.Errorf("action words %q", got)
	}
}

// TestInvoiceAtRisk: an invoice falling due soon that the pay-date model
// says is likely late puts its customer on the list with nothing overdue,
// with its own reason and action; its money counts by that chance, so of
// two customers with the same sum due, the likelier late is called first,
// and one whose invoices will come on time is not on the list at all.
func TestInvoiceAtRisk(t *testing.T) {
	today := d(friday)
	due := money.Yuan(50_000)
	cs := []Customer{
		{Code: "LIKELY-LATE", Tier: ledger.TierA, DueSoon: due, AtRisk: due, AtRiskLate: 0.9, Monthly: due, LastCall: d("2026-11-20")},
		{Code: "MAYBE-LATE", Tier: ledger.TierA, DueSoon: due, AtRisk: due, AtRiskLate: 0.6, Monthly: due, LastCall: d("2026-11-20")},
		{Code: "ON-TIME", Tier: ledger.TierA, DueSoon: due, Monthly: due, LastCall: d("2026-11-26")},
	}
	p := DefaultPolicy()
	items := p.Worklist(cs, civil.Calendar{}, today)
	if got := codes(items); !strings.HasPrefix(got, "LIKELY-LATE MAYBE-LATE") || strings.Contains(got, "ON-TIME") {
		t.Fatalf("order %s: want LIKELY-LATE, then MAYBE-LATE, and ON-TIME not due for a call", got)
	}
	it := items[0]
	if it.Reasons[0].Code != InvoiceAtRisk || it.Reasons[0].Amount != due || it.Action != ActionRemindAtRisk || it.AmountAtStake != due || it.MustCall {
		t.Errorf("the invoice at risk: %+v", it)
	}
	if g1, g2 := items[0].Gain, items[1].Gain; g1 <= g2 || g1 > due {
		t.Errorf("gains %s and %s: want the likelier late first, at most the sum due", g1.Format(), g2.Format())
	}
	if w := it.Reasons[0].Words(true); !strings.Contains(w, "逾期") {
		t.Errorf("the reason in words: %q", w)
	}
}
