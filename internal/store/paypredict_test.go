package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/paydate"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestPayHistoriesFromBook: the history read from the invoices' closed_on
// is paydate.FromBook's of the customer's whole book — credit notes left
// out, a partly paid invoice paid when its last part arrived, a disputed
// part resolved, payments naming invoices — so the daily scoring and the
// evaluation learn from the same records.
func TestPayHistoriesFromBook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := planInputBooks()
		b.Invoices = append(b.Invoices,
			inv("I5", "C1", "2026-06-03", "2026-07-03", 800),
			inv("CN1", "C1", "2026-06-20", "2026-06-20", -150),
			inv("I6", "C1", "2026-07-15", "2026-08-14", 400),
			inv("I8", "C1", "2026-09-01", "2026-10-01", 1200),
			inv("I9", "C1", "2026-11-10", "2026-12-10", 700),
		)
		b.Payments = append(b.Payments, pay("P3", "C1", "2026-06-05", 300), pay("P4", "C1", "2026-07-20", 1500, "I6"), pay("P5", "C1", "2026-08-30", 600))
		b.Disputes = append(b.Disputes, ledger.Dispute{Invoice: "I8", Amount: money.Yuan(200), Opened: civil.MustParse("2026-09-20"), Resolved: civil.MustParse("2026-11-02")})
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		hs, err := s.PayHistories(ctx, user.Scope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		book := ledger.Book{Invoices: b.Invoices, Payments: b.Payments, Disputes: b.Disputes}
		if diff := cmp.Diff(paydate.FromBook(b.Customers[0], book), hs["C1"]); diff != "" {
			t.Errorf("PayHistories differs from FromBook (-book +store):\n%s", diff)
		}
		if h, _ := s.PayHistories(ctx, user.Scope{Rep: "R9"}); len(h) != 0 {
			t.Errorf("another rep's scope sees %d customers' histories", len(h))
		}
	})
}

// TestScorePayDates: the daily job's steps predict every open invoice and
// nothing settled, the invoice list carries the prediction, and the
// customer's expectations are the same figures.
func TestScorePayDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		m, err := s.TrainPayDates(ctx, civil.MustParse("2026-07-01"))
		if err != nil || m.N != 0 {
			t.Fatalf("a ledger of a few invoices: N = %d, %v; want the defaults", m.N, err)
		}
		n, err := s.ScorePayDates(ctx, civil.MustParse("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.Invoices(ctx, store.DocFilter{Scope: user.Scope{All: true}, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		open := 0
		for _, r := range rows {
			switch {
			case r.Amount < 0 || r.Closed != civil.Never:
				if r.Pay != nil {
					t.Errorf("%s (settled or a credit note) has a prediction", r.Number)
				}
			case r.Pay == nil:
				t.Errorf("open %s has no prediction", r.Number)
			default:
				open++
				day := civil.MustParse("2026-06-30")
				switch p := r.Pay; {
				case p.PLate < 0 || p.PLate > 1:
					t.Errorf("%s: p_late %v", r.Number, p.PLate)
				case r.Due < day && p.PLate != 1:
					t.Errorf("%s is past due and unpaid: p_late %v, want 1", r.Number, p.PLate)
				case p.Expected != 0 && (p.From > p.Expected || p.Expected > p.To || p.Expected < day):
					t.Errorf("%s: expected %s in %s–%s, want on or after %s", r.Number, p.Expected, p.From, p.To, day)
				}
				es, err := s.PayExpectations(ctx, r.Customer)
				if e := es[r.Number]; err != nil || e.Expected != r.Pay.Expected || e.PLate != r.Pay.PLate || len(e.Reasons) == 0 {
					t.Errorf("%s: the customer's expectation %+v, %v; the list's %+v", r.Number, e, err, r.Pay)
				}
			}
		}
		if open == 0 || open != n {
			t.Errorf("%d open invoices predicted in the list, %d scored", open, n)
		}
	})
}

// TestWorklistInvoiceAtRisk: an invoice falling due within the policy's
// soon days that the daily job gave a high chance of being late puts its
// customer on the rep's list with invoice_at_risk, the amount and chance
// read from the invoices; below followup.AtRiskP it does not.
func TestWorklistInvoiceAtRisk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := store.Batch{
			Reps:      []ledger.Rep{{Code: "R1", Name: "王一"}},
			Customers: []ledger.Customer{cust("C1", "R1", 100000), cust("C2", "R1", 100000)},
			Invoices:  []ledger.Invoice{inv("I1", "C1", "2026-06-01", "2026-07-02", 800), inv("I2", "C2", "2026-06-01", "2026-07-02", 800)},
		}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		for num, p := range map[string]float64{"I1": 0.8, "I2": 0.3} {
			if err := s.ExecForTest(ctx, `UPDATE invoices SET p_late = $1 WHERE number = $2`, p, num); err != nil {
				t.Fatal(err)
			}
		}
		items, err := s.Worklist(ctx, user.Scope{Rep: "R1"}, "R1", civil.MustParse("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		var c1 *followup.Item
		for i, it := range items {
			for _, r := range it.Reasons {
				if r.Code == followup.InvoiceAtRisk && it.Customer != "C1" {
					t.Errorf("%s has invoice_at_risk at a 30 %% chance", it.Customer)
				}
			}
			if it.Customer == "C1" {
				c1 = &items[i]
			}
		}
		if c1 == nil || c1.Reasons[0].Code != followup.InvoiceAtRisk || c1.Reasons[0].Amount != money.Yuan(800) || c1.Action != followup.ActionRemindAtRisk {
			t.Errorf("C1 on the list: %+v", c1)
		}
	})
}

// TestPayFacts: a customer's promises (by the day made), broken promises
// (by the day decided), excuse calls and disputes count on a day when they
// fell in the PayFactsDays before it — never on or after the day — and a
// rep's scope sees only its customers' facts.
func TestPayFacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		d := civil.MustParse
		b := scenario()
		b.Commitments = []store.NewCommitment{{Customer: "C1", Amount: money.Yuan(100), Made: d("2026-05-01"), Due: d("2026-05-10")},
			{Customer: "C1", Amount: money.Yuan(100), Made: d("2026-06-20"), Due: d("2026-07-20")}}
		b.Calls = []store.NewCall{{Customer: "C1", At: time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC), Date: d("2026-06-01"), Disposition: "reached-excuse"},
			{Customer: "C1", At: time.Date(2026, 6, 2, 2, 0, 0, 0, time.UTC), Date: d("2026-06-02"), Disposition: "no-answer"}}
		b.Disputes = []ledger.Dispute{{Invoice: "I2", Amount: money.Yuan(50), Opened: d("2026-06-10")}}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideCommitments(ctx, d("2026-05-12")); err != nil {
			t.Fatal(err)
		}
		facts, err := s.PayFacts(ctx, user.Scope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			day  string
			want paydate.Facts
		}{
			{"2026-05-01", paydate.Facts{}},
			{"2026-05-02", paydate.Facts{Promises: 1}},
			{"2026-06-11", paydate.Facts{Promises: 1, Broken: 1, Excuses: 1, Disputes: 1}},
			{"2026-07-01", paydate.Facts{Promises: 2, Broken: 1, Excuses: 1, Disputes: 1}},
			{"2026-08-12", paydate.Facts{Promises: 1, Broken: 0, Excuses: 1, Disputes: 1}}, // over 90 days after the first promise and its breaking
		} {
			if got := facts("C1", d(tt.day)); got != tt.want {
				t.Errorf("facts on %s: %+v, want %+v", tt.day, got, tt.want)
			}
		}
		other, err := s.PayFacts(ctx, user.Scope{Rep: "R2"})
		if err != nil {
			t.Fatal(err)
		}
		if got := other("C1", d("2026-07-01")); got != (paydate.Facts{}) {
			t.Errorf("rep R2's scope sees C1's facts: %+v", got)
		}
	})
}
