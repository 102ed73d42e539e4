package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

// dateOpts says how to read a file's dates.
type dateOpts struct {
	monthFirst bool // slashed dates are M/D/YYYY
	date1904   bool // serial numbers count from 1904-01-01 (Mac Excel)
}

// fold turns full-width digits, letters and punctuation into their ASCII
// forms (１２３，４５６．００ → 123,456.00) and trims spaces, full-width ones too.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.TrimSpace(width.Fold.String(s))
		}
	}
	return strings.TrimSpace(s) // ASCII has nothing to fold: most cells, a million times
}

// parseAmount reads an amount as ERP exports and spreadsheets write it:
// full-width or not, with thousands separators, ¥ or ￥ before or 元
// after, negative with a minus sign or in parentheses, in 万. It never
// rounds: more than two decimals (of yuan) is an error.
func parseAmount(s string) (money.Amount, error) {
	s = fold(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "元"))
	a, err := money.Parse(s)
	if err != nil {
		return 0, err
	}
	if neg {
		if a < 0 {
			return 0, money.ErrSyntax // (-5) is two signs
		}
		a = -a
	}
	return a, nil
}

var errDate = errors.New("not a date")

// parseDate reads a date written YYYY-MM-DD, YYYY/M/D, YYYY.M.D,
// YYYYMMDD, YYYY年M月D日 (with a time after it ignored), M/D/YYYY when
// monthFirst, or as a spreadsheet serial number (days in the 1900 or 1904
// system; a time of day in the fraction is dropped).
func parseDate(s string, o dateOpts) (civil.Date, error) {
	s = fold(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // 2026-06-30 00:00:00 as Kingdee writes it
	}
	if d, ok := serialDate(s, o.date1904); ok {
		return d, nil
	}
	if len(s) == 8 && allDigits(s) {
		return ymd(s[:4], s[4:6], s[6:])
	}
	if rest, ok := strings.CutSuffix(s, "日"); ok {
		y, md, ok1 := strings.Cut(rest, "年")
		m, d, ok2 := strings.Cut(md, "月")
		if !ok1 || !ok2 {
			return 0, errDate
		}
		return ymd(y, m, d)
	}
	for _, sep := range []string{"-", "/", "."} {
		p := strings.Split(s, sep)
		if len(p) != 3 {
			continue
		}
		if len(p[0]) == 4 {
			return ymd(p[0], p[1], p[2])
		}
		if sep == "/" && o.monthFirst && len(p[2]) == 4 {
			return ymd(p[2], p[0], p[1])
		}
	}
	return 0, errDate
}

// ymd builds a date from its parts: a four-digit year, a month and day of
// one or two digits.
func ymd(y, m, d string) (civil.Date, error) {
	if len(y) != 4 || len(m) < 1 || len(m) > 2 || len(d) < 1 || len(d) > 2 || !allDigits(y+m+d) {
		return 0, errDate
	}
	if len(m) == 1 {
		m = "0" + m
	}
	if len(d) == 1 {
		d = "0" + d
	}
	return civil.Parse(y + "-" + m + "-" + d)
}

// Day zero of each serial system: 1900's counts from 1899-12-31 but
// holds Excel's fictitious 1900-02-29 as day 60 (kept from Lotus 1-2-3),
// so from day 61 on it counts from 1899-12-30.
var (
	epoch1900 = civil.MustParse("1899-12-31")
	epoch1904 = civil.MustParse("1904-01-01")
)

// maxSerial is Excel's last date, 9999-12-31.
const maxSerial = 2958465

// serialDate reads a spreadsheet serial date: whole days up to maxSerial,
// optionally a fraction for the time.
func serialDate(s string, date1904 bool) (civil.Date, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 7 || !allDigits(whole) || !allDigits(frac) {
		return 0, false
	}
	n, _ := strconv.Atoi(whole)
	if n > maxSerial {
		return 0, false
	}
	if date1904 {
		return epoch1904.AddDays(n), true
	}
	switch {
	case n < 1 || n == 60:
		return 0, false // 1900-01-00 and 1900-02-29 are not dates
	case n > 60:
		n--
	}
	return epoch1900.AddDays(n), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// lostDigits reports why a document number cannot be trusted, "" when it
// can: written in E notation (a spreadsheet turned it into a number and
// shows it rounded), or, in a workbook, a number of more than 15
// significant digits (more than a double holds exactly). A workbook's
// text cells come through excelize's streaming reader without their type,
// so an all-digit text of 16 digits or more is refused too: such a number
// is re-entered as text with a letter or prefix, or imported from CSV.
func lostDigits(s string, workbook bool) string {
	f := fold(s)
	mant, exp, hasExp := strings.Cut(strings.ToUpper(f), "E")
	whole, frac, _ := strings.Cut(mant, ".")
	if hasExp && whole != "" && allDigits(whole) && allDigits(frac) && len(exp) > 0 && allDigits(strings.TrimPrefix(exp, "+")) {
		return fmt.Sprintf("%q is a number in E notation: the spreadsheet rounded the document number; format the column as text and export again", s)
	}
	if workbook && !hasExp && allDigits(whole) && allDigits(frac) && len(strings.TrimLeft(whole+frac, "0")) > 15 {
		return fmt.Sprintf("%q is a number of more than 15 digits: a spreadsheet keeps only 15, so its last digits may be lost; store the document number as text", s)
	}
	return ""
}

// cellNumber undoes binary floating point in a workbook's number cell: a
// sum Excel computed, stored as 1234.5000000000002, reads as the 1234.5 it
// shows (Excel displays 15 significant digits). Anything else — text, or a
// number of at most 15 digits — is returned as it is, so 1.234 typed into a
// cell is still refused as three decimals.
func cellNumber(s string) string {
	whole, frac, ok := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if !ok || len(whole)+len(frac) <= 15 || !allDigits(whole) || !allDigits(frac) {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	if g := strconv.FormatFloat(f, 'g', 15, 64); !strings.ContainsRune(g, 'e') {
		return g
	}
	return s
}
