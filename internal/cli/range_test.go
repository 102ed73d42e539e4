package cli_test

import (
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// TestReportRangesRefused: the CLI refuses report dates outside
// 2000-01-01..2099-12-31 and periods over three years with a usage error
// that names the flag, before opening the database (issue 10, case 7).
func TestReportRangesRefused(t *testing.T) {
	db := storetest.SQLiteURL(t)
	tests := []struct {
		args []string
		says string // in the error
	}{
		{[]string{"report", "credibility", "--from", "0001-01-01", "--to", "9999-12-31"}, "flag -from: 0001-01-01 is outside the dates a report covers, 2000-01-01 to 2099-12-31"},
		{[]string{"report", "credibility", "--from", "2020-01-01", "--to", "2026-06-30"}, "--from, --to: from 2020-01-01 to 2026-06-30 is longer than 3 years"},
		{[]string{"report", "forecast", "--month", "9999-12"}, "--month 9999-12: 9999-12-01 is outside the dates a report covers"},
		{[]string{"report", "forecast", "--month", "2026-05", "--as-of", "0001-01-01"}, "flag -as-of: 0001-01-01 is outside"},
		{[]string{"report", "aging", "--as-of", "9999-12-31"}, "flag -as-of: 9999-12-31 is outside"},
		{[]string{"report", "statement", "--customer", "C1", "--from", "1999-12-31"}, "flag -from: 1999-12-31 is outside"},
		{[]string{"call", "list", "--to", "9999-12-31"}, "flag -to: 9999-12-31 is outside"},
	}
	for _, tt := range tests {
		r := run(t, db, tt.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.says) {
			t.Errorf("huikuan %s: exit %d, stderr %q; want 2 and %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.says)
		}
	}
}
