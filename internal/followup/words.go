package followup

import (
	"fmt"
	"strings"
)

// reasonWords say each reason in Chinese and English; %[1]s is the
// amount, %[2]d the days.
var reasonWords = map[string][2]string{
	CommitmentDueToday:    {"承诺今天到期 %[1]s", "promise of %[1]s due today"},
	CommitmentDueTomorrow: {"承诺下个工作日到期 %[1]s", "promise of %[1]s due next working day"},
	CommitmentBroken:      {"承诺未兑现 %[1]s", "promise of %[1]s broken"},
	PartlyKept:            {"承诺部分兑现，还差 %[1]s", "promise partly kept, %[1]s short"},
	CallbackRequestedCode: {"客户约定今天回电", "asked to be called back today"},
	RetryNoAnswer:         {"上次未接通，再试", "no answer last time: try again"},
	FollowupDue:           {"按节奏每 %[2]d 天跟进", "due for its every-%[2]d-days call"},
	Overdue:               {"逾期 %[1]s，最久 %[2]d 天", "%[1]s overdue, up to %[2]d days"},
	InvoiceDueSoon:        {"%[1]s 即将到期", "%[1]s falling due soon"},
	InvoiceAtRisk:         {"%[1]s 即将到期，很可能逾期：到期前提醒", "%[1]s falling due and likely to be paid late: remind before it is"},
	PlanNotAgreed:         {"本月回款计划未商定，可收 %[1]s", "no plan agreed for this month, %[1]s collectable"},
	MeasureDue:            {"差距措施到期，预计 %[1]s", "gap measure due, %[1]s expected"},
}

// Words says a reason in Chinese (zh) or English, for the list a rep
// reads.
func (r Reason) Words(zh bool) string {
	w, ok := reasonWords[r.Code]
	if !ok {
		return r.Code
	}
	return fill(w, zh, r.Amount.Format(), r.Days)
}

var actionWords = map[string][2]string{
	ActionChaseBroken:   {"问清原因，约新日期并落实支撑方案", "ask why, agree a new date with a support plan"},
	ActionRemind:        {"提醒付款，确认资金已安排", "remind, confirm the money is arranged"},
	ActionCallBack:      {"按约回电", "call back as agreed"},
	ActionRetry:         {"换个时间或渠道再联系", "try another time or channel"},
	ActionCollect:       {"催收逾期款，争取承诺", "ask for what is overdue, get a promise"},
	ActionRemindDueSoon: {"提醒即将到期的货款", "mention the invoices falling due"},
	ActionRemindAtRisk:  {"到期前提醒：这笔货款很可能逾期", "remind before the due date: this invoice is likely to be paid late"},
	ActionAgreePlan:     {"商定本月回款计划和每周节点", "agree this month's plan and its weekly milestones"},
	ActionCheckMeasure:  {"落实差距措施，看效果", "see the gap measure done, and what it brought"},
}

// ActionWords says a suggested action in Chinese (zh) or English.
func ActionWords(action string, zh bool) string {
	w, ok := actionWords[action]
	if !ok {
		return action
	}
	return fill(w, zh)
}

func fill(w [2]string, zh bool, args ...any) string {
	f := w[1]
	if zh {
		f = w[0]
	}
	if !strings.Contains(f, "%") {
		return f
	}
	return fmt.Sprintf(f, args...)
}
