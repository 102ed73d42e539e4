package negotiation

import (
	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// Option is one way of paying the ask, offered beside an equivalent one:
// a customer choosing between two acceptable offers is less likely to
// refuse both, and the choice itself is a step towards agreeing.
type Option struct {
	Kind  string `json:"kind"` // "whole" or "split"
	Parts []Part `json:"parts"`
}

// Part is an amount by a date.
type Part struct {
	Amount money.Amount `json:"amount"`
	By     civil.Date   `json:"by"`
}

// The options' dates, in days after the call.
const (
	WholeDays = 7  // the whole ask within a week…
	FirstDays = 2  // …or a part within two days
	SplitPct  = 60 // the part, in percent of the ask
)

// Options are the two equivalent ways to pay the ask offered on day: the
// whole by a week from the day (by the month's end, if sooner), or
// SplitPct % within two days and the rest by the month's end — or, in a
// month's last days, a week after the whole's date, so that the split
// really is "part now, the rest later". The first part is rounded up to
// ¥100 so that it is a figure said aloud.
func Options(ask money.Amount, day civil.Date) []Option {
	if ask <= 0 {
		return nil
	}
	end := day.MonthEnd()
	whole := min(day.AddDays(WholeDays), end)
	first := min(day.AddDays(FirstDays), whole)
	part := min((ask*SplitPct/100+9_999)/10_000*10_000, ask)
	split := Option{Kind: "split", Parts: []Part{{part, first}}}
	if rest := ask - part; rest > 0 {
		by := end
		if by <= whole {
			by = whole.AddDays(WholeDays)
		}
		split.Parts = append(split.Parts, Part{rest, by})
	}
	return []Option{{Kind: "whole", Parts: []Part{{ask, whole}}}, split}
}
