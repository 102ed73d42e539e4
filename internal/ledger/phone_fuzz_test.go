package ledger_test

import (
	"fmt"
	"testing"

	"huikuan/internal/ledger"
)

// FuzzNormalizePhone: NormalizePhone never panics and gives digits only;
// and a mobile number, or a landline with its area code, gives the same
// digits however it is written: with spaces or dashes, with the country
// code as +86, 0086 or (for a mobile) 86 — the ways a call center and a
// customer file write the same telephone.
func FuzzNormalizePhone(f *testing.F) {
	f.Add("13800000001", uint64(3800000001), uint8(2), uint8(4))
	f.Add("+86 138-0000-0001", uint64(5012345678), uint8(10), uint8(8))
	f.Add("0086 10 6552 9988", uint64(0), uint8(21), uint8(8))
	f.Add("(021) 5012-3456", uint64(99), uint8(75), uint8(7))
	f.Add("+８６ 138", uint64(1), uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, s string, n uint64, area, width uint8) {
		for _, r := range ledger.NormalizePhone(s) {
			if r < '0' || r > '9' {
				t.Fatalf("NormalizePhone(%q) = %q, not digits only", s, ledger.NormalizePhone(s))
			}
		}
		mobile := fmt.Sprintf("1%010d", n%10_000_000_000)
		spaced := mobile[:3] + " " + mobile[3:7] + "-" + mobile[7:]
		for _, w := range []string{mobile, spaced, "+86" + mobile, "+86 " + spaced, "0086" + mobile, "0086-" + spaced, "86" + mobile, " +86 (" + mobile[:3] + ") " + mobile[3:]} {
			if got := ledger.NormalizePhone(w); got != mobile {
				t.Fatalf("NormalizePhone(%q) = %q, want %q", w, got, mobile)
			}
		}
		// A landline: 0, an area code of 2 or 3 digits not starting with 0
		// or 1 (10 is Beijing's, kept apart: a mobile starts with 1), and
		// 7 or 8 digits.
		code := fmt.Sprint(2 + int(area)%8)
		if area%2 == 0 {
			code = fmt.Sprintf("%d%d", 2+int(area)%8, int(area/8)%10)
		}
		local := fmt.Sprintf("%0*d", 7+int(width)%2, n%100_000_000)
		local = fmt.Sprint(2+int(n%8)) + local[1:]
		want := "0" + code + local
		for _, w := range []string{want, "0" + code + "-" + local, "(0" + code + ") " + local, "+86 " + code + " " + local, "0086" + code + local} {
			if got := ledger.NormalizePhone(w); got != want {
				t.Fatalf("NormalizePhone(%q) = %q, want %q", w, got, want)
			}
		}
	})
}
