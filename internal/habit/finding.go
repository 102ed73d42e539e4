package habit

import (
	"fmt"
	"math"
)

// pct says a share as a whole percentage ("40%").
func pct(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }

// medianWords is the "(team median 75%)" part of a finding.
func medianWords(med *float64, lang string) string {
	if med == nil {
		return ""
	}
	return fmt.Sprintf(text{"（团队中位数 %s）", " (team median %s)"}.in(lang), pct(*med))
}

// only is "only " before a value below the team's median.
func only(v float64, med *float64, lang string) string {
	if med != nil && v < *med {
		return text{"只有 ", "Only "}.in(lang)
	}
	return ""
}

// Finding says in lang what the indicator shows, with its numbers and
// the team's median: "只有 40% 的可收客户（10 户中 4 户）在第 5 个工作日前定了
// 计划（团队中位数 75%）". planDays is the cadence's PlanDays. No data
// says why.
func Finding(ind Indicator, s Sums, med *float64, planDays int, lang string) string {
	if ind.Value == nil {
		return habitWords[ind.Code].noData.in(lang)
	}
	v := *ind.Value
	o, m := only(v, med, lang), medianWords(med, lang)
	switch ind.Code {
	case PlanCoverage:
		return fmt.Sprintf(text{"%s%s 的可收客户（%d 户中 %d 户）在第 %d 个工作日前定了计划%s",
			"%[1]s%[2]s of the collectable customers (%[4]d of %[3]d) had a plan agreed by working day %[5]d%[6]s"}.in(lang),
			o, pct(v), s.Collectable, s.PlannedEarly, planDays, m)
	case GapCoverage:
		f := fmt.Sprintf(text{"%[1]s%[2]s 的缺口有差距措施覆盖（缺口 %[4]s，措施预计 %[3]s）%[5]s",
			"%[1]s%[2]s of the gap is covered by gap measures (%[3]s expected against a gap of %[4]s)%[5]s"}.in(lang),
			o, pct(v), s.MeasuresExpected.Format(), s.Gap.Format(), m)
		if s.MeasuresDue > 0 {
			f += fmt.Sprintf(text{"；到期的 %d 项措施完成了 %d 项", "; %[2]d of the %[1]d measures due were done"}.in(lang), s.MeasuresDue, s.MeasuresDone)
		}
		return f
	case CommitmentScrutiny:
		f := fmt.Sprintf(text{"%[3]s%[4]s 的承诺经过审查：%[1]d 个中有 %[2]d 个可信度低于 50%% 却没有支撑方案就被接受%[5]s",
			"%[3]s%[4]s of promises scrutinised: %[2]d of %[1]d were accepted with a credibility below 50%% and no support plan%[5]s"}.in(lang),
			s.Promises, s.WeakUnsupported, o, pct(v), m)
		if d := keptMinusCredibility(s); d != nil {
			f += keptWords(*d, s.Decided, lang)
		}
		return f
	case FollowUp:
		f := fmt.Sprintf(text{"%[3]s%[4]s 的跟进按时（到期 %[1]d 次，按时 %[2]d 次）%[5]s，平均迟 %.1[6]f 天",
			"%[3]s%[4]s of follow-ups on time (%[2]d of %[1]d due)%[5]s, %.1[6]f days late on average"}.in(lang),
			s.FollowupsDue, s.FollowupsOnTime, o, pct(v), m, s.AvgDelayDays)
		if s.Broken > 0 {
			f += fmt.Sprintf(text{"；承诺未兑现后平均 %.1f 天才再联系", "; %.1f days from a broken promise to the next call"}.in(lang), s.BrokenToCallDays)
		}
		return f
	case ExcuseHandling:
		f := fmt.Sprintf(text{"%[3]s%[4]s 的借口得到回应（%[1]d 次中 %[2]d 次）%[5]s",
			"%[3]s%[4]s of excuses met with a counter (%[2]d of %[1]d)%[5]s"}.in(lang),
			s.Excuses, s.Countered, o, pct(v), m)
		if s.Repeats > 0 {
			f += fmt.Sprintf(text{"；重复借口 %d 次，其中 %d 次被接受", "; %[2]d of %[1]d repeated excuses accepted"}.in(lang), s.Repeats, s.RepeatsAccepted)
		}
		return f
	case Negotiation:
		f := fmt.Sprintf(text{"%[1]s%[2]s 的要价在承诺电话中谈成（要价 %[3]s，商定 %[4]s）%[5]s",
			"%[1]s%[2]s of what was asked in promise calls was agreed (%[4]s of %[3]s)%[5]s"}.in(lang),
			o, pct(v), s.Asked.Format(), s.Agreed.Format(), m)
		if r := Median(s.AskRatios); r != nil {
			f += fmt.Sprintf(text{"；要价为建议开口价的 %.2f 倍", "; asks at %.2f× the recommended opening ask"}.in(lang), *r)
		}
		if s.Reached > 0 {
			f += fmt.Sprintf(text{"；%s 的接通电话没有要价", "; %s of reached calls asked for nothing"}.in(lang), pct(float64(s.ReachedNoAsk)/float64(s.Reached)))
		}
		return f
	}
	return ""
}

// keptWords says the kept rate against the credibility expected.
func keptWords(d float64, decided int, lang string) string {
	points := math.Round(100 * math.Abs(d))
	if points == 0 {
		return fmt.Sprintf(text{"；本月判定的 %d 个承诺兑现率与可信度相符", "; the %d promises decided were kept as credibility expected"}.in(lang), decided)
	}
	if d < 0 {
		return fmt.Sprintf(text{"；本月判定的 %d 个承诺兑现率比可信度预期低 %.0f 个百分点", "; the %d promises decided were kept %.0f points below what credibility expected"}.in(lang), decided, points)
	}
	return fmt.Sprintf(text{"；本月判定的 %d 个承诺兑现率比可信度预期高 %.0f 个百分点", "; the %d promises decided were kept %.0f points above what credibility expected"}.in(lang), decided, points)
}

// Tip is the coaching tip in lang: the habit's advice when its value is
// below the team's median (or there is no median), a lighter word when at
// or above it; none without data.
func Tip(ind Indicator, med *float64, lang string) string {
	w := habitWords[ind.Code]
	switch {
	case ind.Value == nil:
		return ""
	case med != nil && *ind.Value >= *med:
		return w.ok.in(lang)
	}
	return w.weak.in(lang)
}
