package web

import (
	"fmt"
	"testing"

	"huikuan/internal/followup"
)

// BenchmarkCards writes the fifty cards of a full worklist and a customer
// page's rows: the HTML gohtml.go writes in Go for speed.
func BenchmarkCards(b *testing.B) {
	p := fixtureWorklist(Zh)
	p.Items = nil
	for i := range 50 {
		p.Items = append(p.Items, WorkItem{Item: followup.Item{Rank: i + 1, Customer: fmt.Sprintf("C%05d", i), Name: "杭州某某贸易有限公司",
			Phone: "0571-8888 0000", AmountAtStake: 12_345_600, MustCall: i%3 == 0, Today: i < 40},
			Words: []string{"承诺已违约", "逾期 35 天"}, Advice: "问清原因，要一个新的日期和支撑方案"})
	}
	p.LogControls = logControls(p.Base)
	for b.Loop() {
		_ = p.Cards(true)
		_ = p.Cards(false)
	}
}
