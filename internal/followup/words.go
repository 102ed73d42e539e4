package followup

import "fmt"

// Words says a reason in Chinese (zh) or English, for the list a rep
// reads.
func (r Reason) Words(zh bool) string {
	amt := r.Amount.Format()
	if zh {
		switch r.Code {
		case CommitmentDueToday:
			return "承诺今天到期 " + amt
		case CommitmentDueTomorrow:
			return "承诺下个工作日到期 " + amt
		case CommitmentBroken:
			return "承诺未兑现 " + amt
		case PartlyKept:
			return "承诺部分兑现，还差 " + amt
		case CallbackRequestedCode:
			return "客户约定今天回电"
		case RetryNoAnswer:
			return "上次未接通，再试"
		case FollowupDue:
			return fmt.Sprintf("按节奏每 %d 天跟进", r.Days)
		case Overdue:
			return fmt.Sprintf("逾期 %s，最久 %d 天", amt, r.Days)
		case InvoiceDueSoon:
			return amt + " 即将到期"
		}
		return r.Code
	}
	switch r.Code {
	case CommitmentDueToday:
		return "promise of " + amt + " due today"
	case CommitmentDueTomorrow:
		return "promise of " + amt + " due next working day"
	case CommitmentBroken:
		return "promise of " + amt + " broken"
	case PartlyKept:
		return "promise partly kept, " + amt + " short"
	case CallbackRequestedCode:
		return "asked to be called back today"
	case RetryNoAnswer:
		return "no answer last time: try again"
	case FollowupDue:
		return fmt.Sprintf("due for its every-%d-days call", r.Days)
	case Overdue:
		return fmt.Sprintf("%s overdue, up to %d days", amt, r.Days)
	case InvoiceDueSoon:
		return amt + " falling due soon"
	}
	return r.Code
}

// ActionWords says a suggested action in Chinese (zh) or English.
func ActionWords(action string, zh bool) string {
	words := map[string][2]string{
		ActionChaseBroken:   {"问清原因，约新日期并落实支撑方案", "ask why, agree a new date with a support plan"},
		ActionRemind:        {"提醒付款，确认资金已安排", "remind, confirm the money is arranged"},
		ActionCallBack:      {"按约回电", "call back as agreed"},
		ActionRetry:         {"换个时间或渠道再联系", "try another time or channel"},
		ActionCollect:       {"催收逾期款，争取承诺", "ask for what is overdue, get a promise"},
		ActionRemindDueSoon: {"提醒即将到期的货款", "mention the invoices falling due"},
	}
	w, ok := words[action]
	if !ok {
		return action
	}
	if zh {
		return w[0]
	}
	return w[1]
}
