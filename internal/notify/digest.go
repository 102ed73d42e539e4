package notify

import (
	"fmt"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/money"
)

// Digest is what a rep's morning digest says: the worklist's must-call
// customers and why, the promises falling due today and those broken
// since the last digest, and the month's attainment against target.
type Digest struct {
	Name        string // the rep's
	Day         civil.Date
	MustCall    []DigestCall
	DueToday    []DigestPromise
	Broken      []DigestPromise
	Target      money.Amount
	TargetSet   bool
	Collected   money.Amount
	Rate        *float64
	Uncovered   money.Amount
	WorklistURL string
}

// DigestCall is a must-call customer of the worklist.
type DigestCall struct {
	Customer, Name string
	Reasons        []followup.Reason
	Action         string
	AtStake        money.Amount
}

// DigestPromise is a promise to pay.
type DigestPromise struct {
	Customer, Name string
	Amount         money.Amount
	Due            civil.Date
}

// mostLines is how many customers of each list the digest names; the rest
// are counted and left to the worklist.
const mostLines = 10

// Message is the digest in lang (zh or en) as one message.
func (d Digest) Message(lang string) Message {
	zh, t := lang != "en", pick(lang)
	var b text
	line := b.line
	subject := fmt.Sprintf(t("%s 今日回款提醒 %s", "%s's collections today, %s"), d.Name, d.Day)
	line(t("**今天必须联系：%d 家**", "**Must call today: %d**"), len(d.MustCall))
	for i, c := range d.MustCall {
		if i == mostLines {
			line(t("- 另有 %d 家，见工作台", "- and %d more on the worklist"), len(d.MustCall)-mostLines)
			break
		}
		var why []string
		for _, r := range c.Reasons {
			why = append(why, r.Words(zh))
		}
		line("- %s（%s）%s：%s", c.Name, c.Customer, c.AtStake.FormatWan(), strings.Join(why, t("；", "; ")))
	}
	promises := func(title string, ps []DigestPromise) {
		if len(ps) == 0 {
			return
		}
		line("")
		line(title, len(ps))
		for i, p := range ps {
			if i == mostLines {
				line(t("- 另有 %d 笔", "- and %d more"), len(ps)-mostLines)
				break
			}
			line("- %s（%s）%s", p.Name, p.Customer, p.Amount.Format())
		}
	}
	promises(t("**今天到期的承诺：%d 笔**", "**Promises falling due today: %d**"), d.DueToday)
	promises(t("**上个工作日以来未兑现的承诺：%d 笔**", "**Promises broken since the last working day: %d**"), d.Broken)
	line("")
	if d.TargetSet {
		rate := "—"
		if d.Rate != nil {
			rate = fmt.Sprintf("%.1f%%", 100**d.Rate)
		}
		line(t("**本月达成**：已回款 %s / 任务 %s（%s），尚未覆盖的缺口 %s", "**This month**: collected %s of the %s target (%s); gap not yet covered %s"),
			d.Collected.FormatWan(), d.Target.FormatWan(), rate, d.Uncovered.FormatWan())
	} else {
		line(t("**本月达成**：已回款 %s（未设任务）", "**This month**: collected %s (no target set)"), d.Collected.FormatWan())
	}
	if d.WorklistURL != "" {
		line("")
		line("[%s](%s)", t("打开工作台", "Open the worklist"), d.WorklistURL)
	}
	return b.message(subject)
}
