package ledger_test

import (
	"testing"

	"huikuan/internal/ledger"
)

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"13800138000":       "13800138000",
		"138-0013-8000":     "13800138000",
		"+86 138 0013 8000": "13800138000",
		"8613800138000":     "13800138000",
		"0086 13800138000":  "13800138000",
		"0571-88881234":     "057188881234",
		"(0571) 8888 1234":  "057188881234",
		"+86 571 8888 1234": "057188881234",
		"+86-10-6552-9988":  "01065529988",
		"00861065529988":    "01065529988",
		"861065529988":      "861065529988", // no + and not a mobile: left as written
		"400-800-8888":      "4008008888",
		"":                  "",
		"无":                 "",
	} {
		if got := ledger.NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}
