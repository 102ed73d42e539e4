package web

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
)

// TestCalendarValuesEscaped writes an event whose UID, summary and
// description hold what iCalendar gives meaning to — line breaks,
// separators, backslashes, control characters — and wants every one
// escaped, so no value can add a line (a property or an event) to the feed.
func TestCalendarValuesEscaped(t *testing.T) {
	var cal icsWriter
	cal.event("2026-06-30-C1\r\nBEGIN:VEVENT@huikuan", "20260630T090000Z", civil.MustParse("2026-06-30"),
		"甲,乙;丙\\丁\n第二行", "原因\r\nDTSTART:19700101\x00\x1b完\t")
	got := strings.Split(strings.TrimSuffix(cal.String(), "\r\n"), "\r\n")
	want := []string{
		"BEGIN:VEVENT",
		`UID:2026-06-30-C1\nBEGIN:VEVENT@huikuan`,
		"DTSTAMP:20260630T090000Z",
		"DTSTART;VALUE=DATE:20260630",
		"DTEND;VALUE=DATE:20260701",
		`SUMMARY:甲\,乙\;丙\\丁\n第二行`,
		"DESCRIPTION:原因\\nDTSTART:19700101完\t",
		"END:VEVENT",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, line := range got {
		if strings.ContainsAny(line, "\r\n\x00\x1b") {
			t.Errorf("a control character in line %q", line)
		}
	}
}
