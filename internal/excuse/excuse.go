// Package excuse is the excuse playbook's rules (habit 5): the categories
// an excuse is recorded under, when one is a repeat, and which lead to a
// dispute of only the part concerned or to a dated promise. Pure: storage
// loads a customer's excuses, the surfaces show what these functions say.
package excuse

import (
	"slices"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Category is what an excuse is about, as DESIGN.md names them.
type Category string

// The categories, in the order a form offers them.
const (
	Quality             Category = "quality"               // 产品质量
	AfterSales          Category = "after_sales"           // 售后服务
	PromotionSupport    Category = "promotion_support"     // 活动支持
	PaidOtherSupplier   Category = "paid_other_supplier"   // 货款被其他厂家拿走
	DownstreamArrears   Category = "downstream_arrears"    // 下游欠款
	CashTight           Category = "cash_tight"            // 资金紧张
	WillPaySoon         Category = "will_pay_soon"         // 马上就办
	StatementMismatch   Category = "statement_mismatch"    // 对账不符
	DecisionMakerAbsent Category = "decision_maker_absent" // 老板/财务不在
	ThreatToStop        Category = "threat_to_stop"        // 不解决就停止合作
	Other               Category = "other"
)

// Categories lists every category in the order a form offers them.
var Categories = []Category{Quality, AfterSales, PromotionSupport, PaidOtherSupplier, DownstreamArrears, CashTight, WillPaySoon, StatementMismatch, DecisionMakerAbsent, ThreatToStop, Other}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Disputable reports whether an excuse of c is about the goods or the
// account, so that only the part concerned is set aside as a dispute and
// the rest stays collectable.
func (c Category) Disputable() bool {
	return c == Quality || c == AfterSales || c == StatementMismatch
}

// WantsPromise reports whether an excuse of c is answered by pinning a
// date: "I'll transfer it tomorrow" becomes a dated promise, not a note.
func (c Category) WantsPromise() bool { return c == WillPaySoon }

// Excuse is one excuse a customer gave in a call.
type Excuse struct {
	CallID   int64
	Date     civil.Date
	Category Category
	Amount   money.Amount // the amount it concerns; 0 when not said
	Notes    string
}

// RepeatDays is how close two excuses of one category must be for the
// later to be a repeat.
const RepeatDays = 30

// Repeats marks each excuse of a customer's history that repeats an
// earlier one of the same category within RepeatDays (parallel to es,
// which may be in any order). Category other never repeats: it says
// nothing about what was said.
func Repeats(es []Excuse) []bool {
	out := make([]bool, len(es))
	for i, e := range es {
		if e.Category == Other {
			continue
		}
		for k, o := range es {
			if k == i || o.Category != e.Category {
				continue
			}
			if d := e.Date.Sub(o.Date); d > 0 && d <= RepeatDays || d == 0 && o.CallID < e.CallID {
				out[i] = true
				break
			}
		}
	}
	return out
}
