package paydate

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Reason is one factor of a prediction: what it is in words (English and
// Chinese) and how much it moved the log-odds of paying late against an
// average invoice of the training data (positive: later).
type Reason struct {
	Code   string  `json:"code"`
	Text   string  `json:"text"`
	TextZh string  `json:"text_zh"`
	Effect float64 `json:"effect"`
}

// Reason codes.
const (
	ReasonHistory  = "history"
	ReasonTrend    = "trend"
	ReasonPayDay   = "pay_day"
	ReasonSize     = "size"
	ReasonTerms    = "terms"
	ReasonOpen     = "open"
	ReasonActivity = "activity"
	ReasonTier     = "credit_tier"
	ReasonFacts    = "promises_excuses"
	ReasonDelivery = "delivery"
)

// reasonGroups say which features each reason sums.
var reasonGroups = map[string][]string{
	ReasonHistory:  {"late_rate", "kernel", "median_late", "spread", "history"},
	ReasonTrend:    {"recent_rate", "trend", "recency", "recent_median", "last", "normal"},
	ReasonPayDay:   {"cluster", "due_hit"},
	ReasonSize:     {"size", "amount"},
	ReasonTerms:    {"terms"},
	ReasonOpen:     {"open", "overdue", "oldest_overdue", "stuck"},
	ReasonActivity: {"recent"},
	ReasonTier:     {"tier"},
	ReasonFacts:    {"promises", "broken", "excuses", "disputes"},
	ReasonDelivery: {"electronic"},
}

func (m Model) reasons(f Features, x []float64) []Reason {
	parts := m.lateParts(x)
	effect := func(code string) float64 {
		var e float64
		for _, name := range reasonGroups[code] {
			j := slices.Index(featureNames, name)
			e += parts[j] - m.Means[j]
		}
		return math.Round(e*1000) / 1000
	}
	rs := make([]Reason, 0, len(reasonGroups))
	for _, r := range reasonTexts(f, m.Pop) {
		r.Effect = effect(r.Code)
		rs = append(rs, r)
	}
	slices.SortStableFunc(rs, func(a, b Reason) int { return cmp.Compare(math.Abs(b.Effect), math.Abs(a.Effect)) })
	return rs
}

func reasonTexts(f Features, pop Population) []Reason {
	hist := Reason{Code: ReasonHistory,
		Text:   fmt.Sprintf("no invoice settled yet: taken at the usual late rate, %.0f%%", 100*pop.LateRate),
		TextZh: fmt.Sprintf("尚无已结清发票：按平均逾期率 %.0f%% 计", 100*pop.LateRate)}
	if f.Settled > 0 {
		hist.Text = fmt.Sprintf("%.0f%% of %d settled invoices paid late (smoothed), typically %s", 100*f.LateRate, f.Settled, daysText(f.MedianLate))
		hist.TextZh = fmt.Sprintf("已结清 %d 张发票，逾期率 %.0f%%（平滑），通常%s", f.Settled, 100*f.LateRate, daysTextZh(f.MedianLate))
	}
	delivery := Reason{Code: ReasonDelivery, Text: "not recorded as an e-invoice", TextZh: "未记为电子发票"}
	if f.Electronic {
		delivery.Text, delivery.TextZh = "sent as an e-invoice", "电子发票"
	}
	return []Reason{
		hist,
		trendReason(f.Trend),
		{Code: ReasonPayDay, Text: fmt.Sprintf("%.0f%% of its usual pay days fall within the terms", 100*f.DueHit), TextZh: fmt.Sprintf("惯常付款日有 %.0f%% 落在账期内", 100*f.DueHit)},
		{Code: ReasonSize, Text: fmt.Sprintf("%.1f× its usual invoice", f.SizeRatio), TextZh: fmt.Sprintf("金额为平时发票的 %.1f 倍", f.SizeRatio)},
		{Code: ReasonTerms, Text: fmt.Sprintf("%d days' terms", f.Terms), TextZh: fmt.Sprintf("账期 %d 天", f.Terms)},
		{Code: ReasonOpen, Text: fmt.Sprintf("%d other invoices open, %d overdue", f.Open, f.Overdue), TextZh: fmt.Sprintf("另有 %d 张未结发票，其中 %d 张逾期", f.Open, f.Overdue)},
		{Code: ReasonActivity, Text: fmt.Sprintf("%d invoices settled in the last year", f.Recent), TextZh: fmt.Sprintf("近一年结清 %d 张发票", f.Recent)},
		{Code: ReasonTier, Text: fmt.Sprintf("credit tier %c", 'A'+f.Tier), TextZh: fmt.Sprintf("信用等级 %c", 'A'+f.Tier)},
		{Code: ReasonFacts, Text: fmt.Sprintf("%d promises (%d broken), %d excuses, %d disputes lately", f.Facts.Promises, f.Facts.Broken, f.Facts.Excuses, f.Facts.Disputes),
			TextZh: fmt.Sprintf("近期承诺 %d 次（未兑现 %d 次），理由 %d 次，争议 %d 起", f.Facts.Promises, f.Facts.Broken, f.Facts.Excuses, f.Facts.Disputes)},
		delivery,
	}
}

func daysText(d float64) string {
	switch n := math.Round(d); {
	case n > 0:
		return fmt.Sprintf("%.0f days after the due date", n)
	case n < 0:
		return fmt.Sprintf("%.0f days before the due date", -n)
	}
	return "on the due date"
}

func daysTextZh(d float64) string {
	switch n := math.Round(d); {
	case n > 0:
		return fmt.Sprintf("到期后 %.0f 天付款", n)
	case n < 0:
		return fmt.Sprintf("到期前 %.0f 天付款", -n)
	}
	return "到期当天付款"
}

func trendReason(d float64) Reason {
	r := Reason{Code: ReasonTrend, Text: "lately as usual", TextZh: "近期付款与平时相当"}
	switch n := math.Round(d); {
	case n > 0:
		r.Text, r.TextZh = fmt.Sprintf("lately %.0f days later than usual", n), fmt.Sprintf("近期比平时晚 %.0f 天付款", n)
	case n < 0:
		r.Text, r.TextZh = fmt.Sprintf("lately %.0f days sooner than usual", -n), fmt.Sprintf("近期比平时早 %.0f 天付款", -n)
	}
	return r
}
