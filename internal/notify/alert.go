package notify

import (
	"fmt"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Alert is a team's news for its manager, batched into one message a
// morning: the promises broken above the installation's amount, the
// plans customers declined, and the reps behind on their follow-ups.
type Alert struct {
	Team     string
	Day      civil.Date
	Broken   []AlertPromise
	Declined []AlertPlan
	Behind   []AlertRep
	URL      string // the team's scorecard
}

// AlertPromise is a broken or partly kept promise, with what is left.
type AlertPromise struct {
	Customer, Name, Rep string
	Left                money.Amount
	Due                 civil.Date
}

// AlertPlan is a month's plan the customer declined, with what was asked.
type AlertPlan struct {
	Customer, Name, Rep string
	Asked               money.Amount
	On                  civil.Date
}

// AlertRep is a rep with must-call customers whose call is past its day.
type AlertRep struct {
	Rep, Name string
	Late      int
	Oldest    civil.Date // the earliest day a late call was due
}

// Empty reports whether there is nothing to tell.
func (a Alert) Empty() bool { return len(a.Broken)+len(a.Declined)+len(a.Behind) == 0 }

// Message is the alert in lang (zh or en) as one message.
func (a Alert) Message(lang string) Message {
	t := pick(lang)
	var b text
	line := b.line
	section := func(title string, n int, each func(i int)) {
		if n == 0 {
			return
		}
		if b.Len() > 0 {
			line("")
		}
		line(title, n)
		for i := range n {
			if i == mostLines {
				line(t("- 另有 %d 项", "- and %d more"), n-mostLines)
				break
			}
			each(i)
		}
	}
	section(t("**未兑现的大额承诺：%d 笔**", "**Large promises broken: %d**"), len(a.Broken), func(i int) {
		p := a.Broken[i]
		line(t("- %s（%s，%s）%s 未付，%s 到期", "- %s (%s, %s) %s unpaid, due %s"), p.Name, p.Customer, p.Rep, p.Left.Format(), p.Due)
	})
	section(t("**客户拒绝的回款计划：%d 个**", "**Plans the customer declined: %d**"), len(a.Declined), func(i int) {
		p := a.Declined[i]
		line(t("- %s（%s，%s）计划 %s，%s 拒绝", "- %s (%s, %s) asked %s, declined %s"), p.Name, p.Customer, p.Rep, p.Asked.Format(), p.On)
	})
	section(t("**跟进落后的业务员：%d 人**", "**Reps behind on follow-ups: %d**"), len(a.Behind), func(i int) {
		r := a.Behind[i]
		line(t("- %s（%s）%d 家客户逾期未联系，最早应于 %s", "- %s (%s) %d customers not called on their day, the earliest due %s"), r.Name, r.Rep, r.Late, r.Oldest)
	})
	if a.URL != "" {
		line("")
		line("[%s](%s)", t("打开团队记分卡", "Open the team's scorecard"), a.URL)
	}
	subject := fmt.Sprintf(t("%s 团队回款预警 %s", "Team %s collections alerts, %s"), a.Team, a.Day)
	return b.message(subject)
}
