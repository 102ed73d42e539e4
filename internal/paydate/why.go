package paydate

import "strings"

// Why joins the first n reasons of a prediction in a language ("zh" or
// "en"), for a line under an invoice or a tooltip.
func Why(reasons []Reason, lang string, n int) string {
	var parts []string
	for i, r := range reasons {
		if i == n {
			break
		}
		if lang == "zh" {
			parts = append(parts, r.TextZh)
		} else {
			parts = append(parts, r.Text)
		}
	}
	sep := "; "
	if lang == "zh" {
		sep = "；"
	}
	return strings.Join(parts, sep)
}
