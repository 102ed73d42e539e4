package api

import (
	"encoding/json"
	"testing"

	"huikuan/internal/commitment"
)

// The API's own credibility type writes what the rules type wrote, so
// the answer stays byte for byte the same.
func TestCredibilityViewSameJSON(t *testing.T) {
	for _, c := range []*commitment.Credibility{
		nil,
		{P: 0.5},
		{P: 0.25, Reasons: []commitment.Reason{}, Flags: []string{}},
		{P: 0.734, Reasons: []commitment.Reason{{Code: "kept_rate", Text: "keeps 80%", TextZh: "守约 80%", Effect: -0.125}}, Flags: []string{commitment.FlagTooEasy}},
	} {
		want, _ := json.Marshal(c)
		got, _ := json.Marshal(credibilityView(c))
		if string(got) != string(want) {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}
