package money

import "testing"

// FuzzParse: Parse never panics, and an amount it accepts reads back the
// same from both of its written forms (the CSV form String and the
// people's form Format).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "1234.50", "12,345.50", "1.5万", "¥-30", "-¥30.00", "CNY 7", "−12.3", "1000000000000", "1000000000000.99", "99999999.999999万", ".5", "5.", "--1", "¥", "万", "1,,2", " 42 ", "９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		for _, written := range []string{a.String(), a.Format()} {
			b, err := Parse(written)
			if err != nil || b != a {
				t.Fatalf("Parse(%q) = %d; Parse(%q) = %d, %v", s, a, written, b, err)
			}
		}
	})
}
