// Package money holds Amount, an exact count of minor currency units (分 for
// CNY), with parsing from the ways people write yuan and formatting for
// Chinese and English readers. Floats are never used for money.
package money

import (
	"errors"
	"strconv"
	"strings"
)

// Amount is a sum of money in minor units: Amount(1234550) is ¥12,345.50.
type Amount int64

// Yuan returns the amount of whole yuan n as an Amount.
func Yuan(n int64) Amount { return Amount(n * 100) }

// ErrSyntax is returned by Parse for text that is not an amount.
var ErrSyntax = errors.New("not an amount: expected yuan with at most two decimals, like 1234.50")

// ErrRange is returned by Parse for amounts beyond MaxAmount.
var ErrRange = errors.New("amount out of range: at most ¥10,000,000,000")

// MaxAmount is the largest amount of any single record: an invoice, a
// credit note (down to -MaxAmount), a payment, a commitment, the amounts of
// a call, a dispute, a credit limit. Every way in refuses a larger one
// (Parse for text, InRange for raw minor units from the API).
//
// The bound is what keeps sums exact in int64 without checked arithmetic.
// An int64 holds 9,223,372,036,854,775,807 分; a sum overflows only after
// 9,223,372 records all at ¥10,000,000,000, a total of about
// ¥92,000,000,000,000,000 (a hundred times the world's yearly output), and
// 4.6 times as many records as the whole large demo world has (900,000
// invoices, 1.1 million payments). The large demo world's whole volume,
// every invoice, credit note and payment summed by absolute value, is about
// ¥30,000,000,000 (3×10¹² 分: ¥607,000,000 for the 200 customers of the
// small world, times 50); a thousand times that, 3×10¹⁵ 分, is 1/3000 of
// the int64 range. Shares of sums (percentages) are computed in floating
// point rather than by multiplying sums. TestSumsFit holds these figures.
const MaxAmount Amount = 1_000_000_000_000

// InRange reports whether a is within ±MaxAmount.
func (a Amount) InRange() bool { return -MaxAmount <= a && a <= MaxAmount }

// Parse reads an amount written in yuan: an optional sign, an optional ¥ or
// CNY prefix, digits with optional thousands separators, at most two
// decimals, and an optional 万 suffix ("1.5万" is 15,000 yuan). It never
// rounds: "1.234" is an error, not 1.23.
func Parse(s string) (Amount, error) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		neg = true
		s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥"), "CNY"))
	if !neg && strings.HasPrefix(s, "-") {
		neg = true
		s = s[1:]
	}
	scale := 2 // decimals kept in minor units
	if strings.HasSuffix(s, "万") {
		s = strings.TrimSuffix(s, "万")
		scale = 6
	}
	s = strings.ReplaceAll(s, ",", "")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") || len(frac) > scale || !digits(whole) || !digits(frac) {
		return 0, ErrSyntax
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > int64(MaxAmount/100) {
		return 0, ErrRange
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", scale-len(frac)), 10, 64)
	}
	var v int64
	if scale == 6 { // 万: 1万 = 10,000 yuan = 1,000,000 分
		if w > int64(MaxAmount/1_000_000) {
			return 0, ErrRange
		}
		v = w*1_000_000 + f
	} else {
		v = w*100 + f
	}
	if v > int64(MaxAmount) {
		return 0, ErrRange
	}
	if neg {
		v = -v
	}
	return Amount(v), nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String formats the amount in yuan with two decimals and no separators,
// the form used in CSV files: "-1234.50".
func (a Amount) String() string {
	sign, u := "", uint64(a)
	if a < 0 {
		sign, u = "-", uint64(-a)
	}
	return sign + strconv.FormatUint(u/100, 10) + "." + twoDigits(u%100)
}

// Format formats the amount for people: "¥12,345.50", "-¥30.00".
func (a Amount) Format() string {
	sign, u := "", uint64(a)
	if a < 0 {
		sign, u = "-", uint64(-a)
	}
	return sign + "¥" + group(u/100) + "." + twoDigits(u%100)
}

// FormatWan formats large amounts in 万 with one decimal where space is
// short ("¥12.3万"); amounts under 10,000 yuan are formatted in full.
func (a Amount) FormatWan() string {
	u := a
	if u < 0 {
		u = -u
	}
	if u < 1_000_000 {
		return a.Format()
	}
	sign := ""
	if a < 0 {
		sign = "-"
	}
	tenths := (uint64(u) + 50_000) / 100_000 // rounded to 0.1万
	return sign + "¥" + group(tenths/10) + "." + strconv.FormatUint(tenths%10, 10) + "万"
}

func twoDigits(n uint64) string {
	if n < 10 {
		return "0" + strconv.FormatUint(n, 10)
	}
	return strconv.FormatUint(n, 10)
}

func group(n uint64) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
