package web

// sheetMessages are the call sheet's words, kept beside its page.
var sheetMessages = map[string][2]string{
	"callsheet":           {"催款提纲", "Call sheet"},
	"owed":                {"欠款", "Owed"},
	"paid":                {"已付", "Paid"},
	"month":               {"月份", "Month"},
	"sheet.open":          {"打电话前看提纲", "Call sheet"},
	"sheet.due-in-month":  {"本月到期", "Due this month"},
	"sheet.carved":        {"%s 有争议已搁置，其余 %s 照常应付", "%s is disputed and set aside; the other %s is due as usual"},
	"sheet.ask":           {"开口金额", "Opening ask"},
	"sheet.expected-plan": {"本月计划余额", "Rest of this month's plan"},
	"sheet.expected-due":  {"逾期加本月到期", "Overdue and due this month"},
	"sheet.ratio-default": {"记录不足三次，按 10/18", "fewer than three haggles: 10/18"},
	"sheet.ratio-calls":   {"近 %d 次实际答应 ÷ 要求的中位数", "median of agreed ÷ asked over %d calls"},
	"sheet.asked":         {"本次要求金额", "Asked in this call"},
	"sheet.cap":           {"上限", "cap"},
	"sheet.option-whole":  {"方案一 一次付清", "Option 1, all at once"},
	"sheet.option-split":  {"方案二 先付一部分", "Option 2, part now"},
	"sheet.by":            {"于", "by"},
	"sheet.plan":          {"本月计划", "This month's plan"},
	"sheet.left":          {"尚余", "left"},
	"sheet.excuses":       {"最近的理由与应对", "Recent excuses and counters"},
	"sheet.promises":      {"未到期承诺", "Open promises"},
	"sheet.disputes":      {"搁置中的争议", "Disputes set aside"},
	"sheet.carve":         {"搁置有争议的部分（只搁置涉及的金额）", "Set the disputed part aside (only the amount concerned)"},
	"sheet.age":           {"%d 天", "%d days"},
	"sheet.calls":         {"最近的通话", "Last calls"},
	"sheet.months":        {"近三个月进货与付款", "The last three months"},
	"sheet.bought":        {"进货", "Bought"},
	"excuse.soon-date":    {"马上就办？哪天付", "Will pay soon? By when"},
	"excuse.followed":     {"两周内付了款", "paid within 14 days"},
	"playbook":            {"理由应对话术", "Counters to excuses"},
	"playbook.help":       {"每类理由的应对话术，可用花括号引用客户自己的数据：", "A counter per kind of excuse; name the customer's own figures in braces:"},
}

func init() {
	for k, v := range sheetMessages {
		if _, ok := messages[k]; ok {
			panic("web: message " + k + " is in two catalogues")
		}
		messages[k] = v
	}
}
