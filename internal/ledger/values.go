package ledger

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
)

// The value checks below are the bounds every record shares, whatever its
// way in (import, API, web forms, CLI, demo): the Check functions of
// ledger, commitment and followup call them, so a rule is written once.

// MaxCode is the longest code or document number, in characters.
const MaxCode = 64

// CheckAmount adds a problem with code errs.CodeRange when a is beyond
// ±money.MaxAmount.
func CheckAmount(bad *errs.Invalid, row int, field string, a money.Amount) {
	if !a.InRange() {
		bad.AddCode(row, field, errs.CodeRange, "%s %s is beyond the largest amount allowed, %s", field, a, money.MaxAmount.Format())
	}
}

// CheckDate adds a problem with code errs.CodeRange when d is set (not 0)
// and outside the business dates civil.FirstDay to civil.LastDay.
func CheckDate(bad *errs.Invalid, row int, field string, d civil.Date) {
	if d != 0 && !d.InRange() {
		bad.AddCode(row, field, errs.CodeRange, "%s %s is outside the dates allowed, %s to %s", field, d, civil.FirstDay, civil.LastDay)
	}
}

// CheckCode adds the problems of a code or document number: one is
// required, of at most MaxCode characters of valid UTF-8, all printable
// (no control characters), none of / ? # \ (codes go into addresses,
// calendar UIDs and file names) and no space at either end.
func CheckCode(bad *errs.Invalid, row int, field, v string) {
	switch {
	case v == "":
		bad.Add(row, field, "%s is empty", field)
	case !utf8.ValidString(v):
		bad.Add(row, field, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(v) > MaxCode:
		bad.Add(row, field, "%s is longer than %d characters", field, MaxCode)
	case strings.ContainsFunc(v, func(r rune) bool { return !unicode.IsPrint(r) || strings.ContainsRune(`/?#\`, r) }):
		bad.Add(row, field, "%s %q may hold only printable characters other than / ? # \\", field, v)
	case strings.TrimSpace(v) != v:
		bad.Add(row, field, "%s %q begins or ends with a space", field, v)
	}
}

// CheckText adds the problems of a one-line text field (a name, a
// contact, a phone number): valid UTF-8, no control characters, at most
// maxLen characters. An empty one is allowed; the caller says where one is
// required.
func CheckText(bad *errs.Invalid, row int, field, v string, maxLen int) {
	checkText(bad, row, field, v, maxLen, "")
}

// CheckNotes is CheckText for free text (notes, a support plan), which may
// also hold line breaks and tabs.
func CheckNotes(bad *errs.Invalid, row int, field, v string, maxLen int) {
	checkText(bad, row, field, v, maxLen, "\n\r\t")
}

func checkText(bad *errs.Invalid, row int, field, v string, maxLen int, allowed string) {
	switch {
	case !utf8.ValidString(v):
		bad.Add(row, field, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(v) > maxLen:
		bad.Add(row, field, "%s is longer than %d characters", field, maxLen)
	case strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && !strings.ContainsRune(allowed, r) }):
		bad.Add(row, field, "%s %q holds a control character", field, v)
	}
}

// required adds a problem when a text field is empty, and checks it.
func required(bad *errs.Invalid, row int, field, v string, maxLen int) {
	if v == "" {
		bad.Add(row, field, "%s is empty", field)
		return
	}
	CheckText(bad, row, field, v, maxLen)
}

// CheckEmail checks an optional e-mail address: blank, or one bare
// address (name@domain, no display name) of at most 200 characters.
func CheckEmail(bad *errs.Invalid, row int, field, v string) {
	if v == "" {
		return
	}
	CheckText(bad, row, field, v, 200)
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], ".") {
		bad.Add(row, field, "%q is not an e-mail address (want name@example.com)", v)
	}
}
