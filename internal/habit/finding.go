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
		f := fmt.Sprintf(text{"%[3]s%[4]s 的弱承诺有支撑方案：计划外可信度低于 50%% 的 %[1]d 个承诺中，%[2]d 个没有支撑方案就被接受%[5]s",
			"%[3]s%[4]s of weak promises backed by a support plan: %[2]d of the %[1]d promises made outside plans with a credibility below 50%% were accepted without one%[5]s"}.in(lang),
			s.Weak, s.WeakUnsupported, o, pct(v), m)
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
		return negotiationWords(s, o, pct(v), m, lang)
	}
	return ""
}

// negotiationWords is habit 6's finding: what was agreed against the
// recommended opening asks (or, with none known, agreed ÷ asked and the
// share of reached calls that asked), then the secondary figures. v is
// the value in words, o its "only" and m the team median's words.
func negotiationWords(s Sums, o, v, m, lang string) string {
	var f string
	asking := share(s.Reached-s.ReachedNoAsk, s.Reached)
	switch {
	case s.RecommendedCalls > 0:
		f = fmt.Sprintf(text{"%[1]s%[2]s 的建议开口价谈成（%[3]d 个接通电话建议 %[4]s，商定 %[5]s）%[6]s",
			"%[1]s%[2]s of the recommended opening asks was agreed (%[5]s against %[4]s recommended over %[3]d reached calls)%[6]s"}.in(lang),
			o, v, s.RecommendedCalls, s.Recommended.Format(), s.RecommendedAgreed.Format(), m)
		if s.Asked > 0 {
			f += fmt.Sprintf(text{"；承诺电话中要价的 %s 谈成", "; %s of what was asked in promise calls was agreed"}.in(lang), pct(float64(s.Agreed)/float64(s.Asked)))
		}
	case s.Asked == 0: // the fallback's 0: reached customers, asked nothing
		return fmt.Sprintf(text{"%[1]s%[2]s：%[3]d 个接通电话都没有开口要价%[4]s", "%[1]s%[2]s: none of the %[3]d reached calls asked for an amount%[4]s"}.in(lang), o, v, s.Reached, m)
	default:
		return fmt.Sprintf(text{"%[1]s%[2]s（没有建议开口价可比）：承诺电话中要价的 %[3]s 谈成（要价 %[4]s，商定 %[5]s），接通电话中 %[6]s 开口要价%[7]s",
			"%[1]s%[2]s with no recommended ask known: %[3]s of what was asked in promise calls was agreed (%[5]s of %[4]s), and %[6]s of reached calls asked for an amount%[7]s"}.in(lang),
			o, v, pct(float64(s.Agreed)/float64(s.Asked)), s.Asked.Format(), s.Agreed.Format(), pct(*asking), m)
	}
	if r := Median(s.AskRatios); r != nil {
		f += fmt.Sprintf(text{"；要价为建议开口价的 %.2f 倍", "; asks at %.2f× the recommended opening ask"}.in(lang), *r)
	}
	if asking != nil {
		f += fmt.Sprintf(text{"；%s 的接通电话没有要价", "; %s of reached calls asked for nothing"}.in(lang), pct(1-*asking))
	}
	return f
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
