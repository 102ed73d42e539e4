package export

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// Column widths in characters: fitted ones never narrower than a short
// number, never wider than a screen, plus room for the header's bold.
const (
	minWidth = 6
	maxWidth = 60
	padWidth = 2
)

// displayWidth is how many character cells s takes in a spreadsheet: a
// CJK ideograph, kana, hangul or full-width form counts as two. For text
// on several lines it is the widest line.
func displayWidth(s string) int {
	widest, n := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			widest, n = max(widest, n), 0
		case wide(r):
			n += 2
		default:
			n++
		}
	}
	return max(widest, n)
}

func wide(r rune) bool {
	if r < 0x1100 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK punctuation: 。、「」
		(r >= 0xFF00 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6) // full-width forms: ，（）￥
}

// fitWidth turns the widest cell of a column into an Excel column width.
func fitWidth(widest int) float64 {
	return float64(min(max(widest+padWidth, minWidth), maxWidth))
}

// sheetNames makes each table's name a valid, distinct Excel sheet name:
// no []:*?/\ (replaced by _), no leading or trailing apostrophe, at most
// 31 UTF-16 units, not blank, unique without regard to case.
func sheetNames(tables []Table) []string {
	names := make([]string, len(tables))
	seen := map[string]bool{}
	for i, t := range tables {
		base := cleanSheetName(t.Name)
		if base == "" {
			base = "Sheet" + strconv.Itoa(i+1)
		}
		name := base
		for n := 2; seen[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = truncateUTF16(base, maxSheetName-len(suffix)) + suffix
		}
		seen[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

const maxSheetName = 31

func cleanSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, s)
	s = strings.TrimSpace(strings.Trim(s, "'"))
	return strings.Trim(truncateUTF16(s, maxSheetName), "'")
}

// truncateUTF16 cuts s to at most n UTF-16 units (Excel's unit for sheet
// names) without splitting a character.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}
