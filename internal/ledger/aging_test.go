package ledger

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

func TestBucketsIndex(t *testing.T) {
	b := DefaultBuckets()
	for days, want := range map[int]int{-5: 0, 0: 0, 1: 1, 30: 1, 31: 2, 60: 2, 61: 3, 90: 3, 91: 4, 180: 4, 181: 5, 4000: 5} {
		if got := b.Index(days); got != want {
			t.Errorf("Index(%d) = %d, want %d", days, got, want)
		}
	}
	// The date cutoffs used by SQL must agree with Index on every day.
	asOf := d("2026-06-30")
	cut := b.DueCutoffs(asOf)
	for due := asOf.AddDays(-400); due <= asOf.AddDays(10); due++ {
		byCut := len(cut)
		for i, c := range cut {
			if due >= c {
				byCut = i
				break
			}
		}
		if want := b.Index(asOf.Sub(due)); byCut != want {
			t.Fatalf("due %s: cutoffs say bucket %d, Index says %d", due, byCut, want)
		}
	}
}

func TestBucketsInfo(t *testing.T) {
	var labels []string
	for _, bi := range DefaultBuckets().Info() {
		labels = append(labels, bi.Label)
	}
	want := []string{"not yet due", "1-30", "31-60", "61-90", "91-180", "over 180"}
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	info := DefaultBuckets().Info()
	if info[0].From != nil || info[0].To != nil || *info[5].From != 181 || info[5].To != nil {
		t.Errorf("open ends wrong: %+v %+v", info[0], info[5])
	}
}

// TestAgingScenario is a three-customer ledger computed by hand (yuan):
//
//	C1, limit 1000: I1 1000 due 01-31, I2 500 due 05-01, I3 300 due 07-10;
//	    P1 600 on 03-01 settles 600 of I1.
//	    On 06-30: I1 400 is 150 days late (91-180), I2 500 is 60 (31-60),
//	    I3 300 not yet due. Total 1200 > limit: over limit.
//	C2, limit 5000: I4 800 due 06-19; credit note CN1 -100 on 06-01 leaves
//	    700; P2 1000 on 06-25 settles it and leaves 300 prepaid.
//	C3, limit 5000: I5 2000 due 2025-10-31, 600 of it disputed from 01-10;
//	    P3 1000 on 02-01 settles 1000 of the 1400 not disputed, leaving 400
//	    collectable 242 days late (over 180); I6 250 due 05-15 is 46 days
//	    late (31-60).
//
// Buckets: not due 300, 1-30 0, 31-60 750, 61-90 0, 91-180 400, over 180 400;
// total 1850, prepaid 300, disputed 600.
func TestAgingScenario(t *testing.T) {
	asOf := d("2026-06-30")
	type cust struct {
		c Customer
		b Book
	}
	world := []cust{
		{Customer{Code: "C1", Name: "一号", Rep: "R1", CreditLimit: money.Yuan(1000)}, Book{
			Invoices: []Invoice{inv("I1", "2026-01-01", "2026-01-31", 1000), inv("I2", "2026-04-01", "2026-05-01", 500), inv("I3", "2026-06-10", "2026-07-10", 300)},
			Payments: []Payment{pay("P1", "2026-03-01", 600)},
		}},
		{Customer{Code: "C2", Name: "二号", Rep: "R1", CreditLimit: money.Yuan(5000)}, Book{
			Invoices: []Invoice{inv("I4", "2026-05-20", "2026-06-19", 800), inv("CN1", "2026-06-01", "2026-06-01", -100)},
			Payments: []Payment{pay("P2", "2026-06-25", 1000)},
		}},
		{Customer{Code: "C3", Name: "三号", Rep: "R2", CreditLimit: money.Yuan(5000)}, Book{
			Invoices: []Invoice{inv("I5", "2025-10-01", "2025-10-31", 2000), inv("I6", "2026-04-15", "2026-05-15", 250)},
			Payments: []Payment{pay("P3", "2026-02-01", 1000)},
			Disputes: []Dispute{{Invoice: "I5", Amount: money.Yuan(600), Opened: d("2026-01-10"), Resolved: civil.Never}},
		}},
	}
	r := NewAgingReport(asOf, DefaultBuckets())
	for _, w := range world {
		r.Add(AgeCustomer(w.c, w.b, asOf, DefaultBuckets()))
	}
	y := money.Yuan
	var got []money.Amount
	for _, b := range r.Buckets {
		got = append(got, b.Amount)
	}
	if diff := cmp.Diff([]money.Amount{y(300), 0, y(750), 0, y(400), y(400)}, got); diff != "" {
		t.Errorf("bucket totals (-want +got):\n%s", diff)
	}
	if r.Total != y(1850) || r.Prepaid != y(300) || r.Disputed != y(600) {
		t.Errorf("total %s prepaid %s disputed %s; want 1850, 300, 600", r.Total, r.Prepaid, r.Disputed)
	}
	wantLines := []CustomerAging{
		{Code: "C1", Name: "一号", Rep: "R1", Total: y(1200), Buckets: []money.Amount{y(300), 0, y(500), 0, y(400), 0}, CreditLimit: y(1000), OverLimit: true},
		{Code: "C2", Name: "二号", Rep: "R1", Total: 0, Buckets: make([]money.Amount, 6), Prepaid: y(300), CreditLimit: y(5000)},
		{Code: "C3", Name: "三号", Rep: "R2", Total: y(650), Buckets: []money.Amount{0, 0, y(250), 0, 0, y(400)}, Disputed: y(600), CreditLimit: y(5000)},
	}
	if diff := cmp.Diff(wantLines, r.Customers); diff != "" {
		t.Errorf("customer lines (-want +got):\n%s", diff)
	}

	// The same ledger as of an earlier date: on 2026-02-15 C1 owes I1 1000
	// (15 days late), C3 owes I5's 400 collectable (107 days late), and the
	// later documents do not exist yet.
	early := NewAgingReport(d("2026-02-15"), DefaultBuckets())
	for _, w := range world {
		early.Add(AgeCustomer(w.c, w.b, d("2026-02-15"), DefaultBuckets()))
	}
	got = got[:0]
	for _, b := range early.Buckets {
		got = append(got, b.Amount)
	}
	if diff := cmp.Diff([]money.Amount{0, y(1000), 0, 0, y(400), 0}, got); diff != "" {
		t.Errorf("early bucket totals (-want +got):\n%s", diff)
	}
}

func TestStatement(t *testing.T) {
	b := Book{
		Invoices: []Invoice{inv("I1", "2026-01-05", "2026-02-04", 1000), inv("I2", "2026-02-10", "2026-03-12", 500), inv("CN1", "2026-02-10", "2026-02-10", -100)},
		Payments: []Payment{pay("P1", "2026-01-20", 300), pay("P2", "2026-03-01", 2000)},
	}
	s := MakeStatement(Customer{Code: "C1", Name: "一号"}, b, d("2026-02-01"), d("2026-02-28"))
	if s.Opening != money.Yuan(700) {
		t.Errorf("opening = %s, want 700", s.Opening)
	}
	var lines []string
	for _, e := range s.Entries {
		lines = append(lines, e.Date.String()+" "+e.Kind+" "+e.Number+" "+e.Amount.String()+" "+e.Balance.String())
	}
	want := []string{
		"2026-02-10 invoice I2 500.00 1200.00",
		"2026-02-10 credit_note CN1 -100.00 1100.00",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if s.Closing != money.Yuan(1100) {
		t.Errorf("closing = %s, want 1100", s.Closing)
	}
	all := MakeStatement(Customer{Code: "C1"}, b, 0, d("2026-12-31"))
	if all.Opening != 0 || len(all.Entries) != 5 || all.Closing != money.Yuan(-900) {
		t.Errorf("whole history: opening %s, %d entries, closing %s; want 0, 5, -900", all.Opening, len(all.Entries), all.Closing)
	}
}
