package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// TestCapacityInputFromBookByHand: the ledger of the store's TestPlanInputs
// (I1 ¥1,000 due 31 March paid 10 April; I2 ¥600 due 20 May, ¥200 paid 25
// May, ¥100 in dispute from 21 May; I3 ¥500 due 9 June), worked by hand
// for June 2026; a June payment changes nothing of June's input.
func TestCapacityInputFromBookByHand(t *testing.T) {
	d, y := civil.MustParse, money.Yuan
	c := ledger.Customer{Code: "C1", Name: "客户C1", Rep: "R1"}
	b := ledger.Book{
		Invoices: []ledger.Invoice{
			{Number: "I1", Customer: "C1", Issue: d("2026-03-01"), Due: d("2026-03-31"), Amount: y(1000)},
			{Number: "I2", Customer: "C1", Issue: d("2026-04-20"), Due: d("2026-05-20"), Amount: y(600)},
			{Number: "I3", Customer: "C1", Issue: d("2026-05-10"), Due: d("2026-06-09"), Amount: y(500)},
		},
		Payments: []ledger.Payment{
			{Number: "P1", Customer: "C1", Date: d("2026-04-10"), Amount: y(1000)},
			{Number: "P2", Customer: "C1", Date: d("2026-05-25"), Amount: y(200)},
		},
		Disputes: []ledger.Dispute{{Invoice: "I2", Amount: y(100), Opened: d("2026-05-21"), Resolved: civil.Never}},
	}
	want := CapacityInput{Customer: "C1", Name: "客户C1", Rep: "R1", Kept: 2, Decided: 3,
		Open:        []Receivable{{Due: d("2026-05-20"), Amount: y(300)}, {Due: d("2026-06-09"), Amount: y(500)}},
		Collectable: [6]money.Amount{4: y(1000), 5: y(600)},
		Delays:      []Delay{{Days: 9, Invoices: 1, Amount: y(1000)}},
		Paid:        [12]money.Amount{10: y(1000), 11: y(200)},
	}
	june := d("2026-06-01")
	if diff := cmp.Diff(want, CapacityInputFromBook(c, b, ledger.Allocate(b), 2, 3, june)); diff != "" {
		t.Errorf("June's input (-want +got):\n%s", diff)
	}
	b.Payments = append(b.Payments, ledger.Payment{Number: "P3", Customer: "C1", Date: d("2026-06-01"), Amount: y(2000)})
	if diff := cmp.Diff(want, CapacityInputFromBook(c, b, ledger.Allocate(b), 2, 3, june)); diff != "" {
		t.Errorf("a June payment changed June's input (-want +got):\n%s", diff)
	}
}
