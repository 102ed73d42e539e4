package ledger

import "strings"

// NormalizePhone is a telephone number as huikuan matches it: its digits,
// without China's country code (written +86, 0086, or 86 before a mobile
// number), and with the trunk 0 of a landline that the international form
// leaves out. So "+86 138-0013-8000" and "13800138000" are one number, as
// are "+86 571 8888 1234" and "0571-88881234".
func NormalizePhone(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	international := false
	switch {
	case strings.HasPrefix(d, "0086"):
		d, international = d[4:], true
	case strings.HasPrefix(strings.TrimSpace(p), "+") && strings.HasPrefix(d, "86"):
		d, international = d[2:], true
	case len(d) == 13 && strings.HasPrefix(d, "861"):
		d = d[2:] // a mobile number with the country code but no +
	}
	mobile := len(d) == 11 && d[0] == '1'
	if international && d != "" && !mobile && d[0] != '0' {
		d = "0" + d // a landline: 10 is Beijing's area code, not a mobile
	}
	return d
}
