package web

import (
	"testing"

	"huikuan/internal/excuse"
	"huikuan/internal/ledger"
)

// TestDisputeMessagesExist: the disputes page names every reason and
// resolution in both languages.
func TestDisputeMessagesExist(t *testing.T) {
	var keys []string
	for _, c := range excuse.Categories {
		keys = append(keys, "dispute.reason."+string(c))
	}
	for _, r := range ledger.Resolutions {
		keys = append(keys, "resolution."+string(r))
	}
	for _, k := range keys {
		if m, ok := messages[k]; !ok || m[0] == "" || m[1] == "" {
			t.Errorf("message %q is missing", k)
		}
	}
}
