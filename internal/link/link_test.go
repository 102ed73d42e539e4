package link

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestSignVerify: a token checks with its secret until it expires; any
// change of a character, another secret or a made-up token is invalid.
func TestSignVerify(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	now := time.Unix(1780000000, 0)
	tok := Token{ID: 42, Expires: now.Add(14 * 24 * time.Hour)}
	text := Sign(secret, tok)
	got, err := Verify(secret, text, now)
	if err != nil || got.ID != 42 || !got.Expires.Equal(tok.Expires) {
		t.Fatalf("Verify = %+v, %v", got, err)
	}
	if _, err := Verify(secret, text, tok.Expires); !errors.Is(err, ErrExpired) {
		t.Errorf("at the expiry: %v, want expired", err)
	}
	for i := range text {
		b := []byte(text)
		b[i] ^= 1
		if _, err := Verify(secret, string(b), now); !errors.Is(err, ErrInvalid) {
			t.Errorf("character %d changed (%q): %v, want invalid", i, b, err)
		}
	}
	// another id or a later expiry with the same signature
	parts := strings.Split(text, ".")
	for _, forged := range []string{"1b." + parts[1] + "." + parts[2], parts[0] + ".zzzzzz." + parts[2], "", "a.b", "..", text + "."} {
		if _, err := Verify(secret, forged, now); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v, want invalid", forged, err)
		}
	}
	if _, err := Verify([]byte("another secret of the same size!"), text, now); !errors.Is(err, ErrInvalid) {
		t.Errorf("another installation's secret: %v", err)
	}
}
