package web

import "testing"

// TestSafeNext holds the login's next= to a path on this host: every
// attack below reached another site, or could, in some browser.
func TestSafeNext(t *testing.T) {
	attacks := []string{
		"//evil.example/x",
		"///evil.example/x",
		"/\\evil.example/x",
		"/\\/evil.example/x",
		"/%09/evil.example/x", // Chromium drops the tab and sees //evil.example
		"/%0a/evil.example/x",
		"/%0d/evil.example/x",
		"/%00/evil.example/x",
		"/\t/evil.example/x",
		"/\n/evil.example/x",
		"/%2F/evil.example/x",
		"/%2f%2fevil.example/x",
		"/%5Cevil.example/x",
		"/%E3%80%80/evil.example/x", // an ideographic space
		"/\u00a0/evil.example/x",
		"/%C2%A0/evil.example/x",
		"/x%zz",
		" /x",
		"/x ",
		"\t/x",
		"https://evil.example/x",
		"http:/evil.example/x",
		"javascript:alert(1)",
		"evil.example",
		"",
	}
	for _, next := range attacks {
		if got := safeNext(next); got != "" {
			t.Errorf("safeNext(%q) = %q, want \"\" (the login goes to /)", next, got)
		}
	}
	for _, next := range []string{"/", "/worklist?rep=R1", "/customers/C1#calls", "/customers?q=%E6%9D%AD", "/aging?as_of=2026-06-30&lang=en"} {
		if got := safeNext(next); got != next {
			t.Errorf("safeNext(%q) = %q, want it kept", next, got)
		}
	}
}
