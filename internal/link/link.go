// Package link signs and checks the links huikuan gives outsiders — a
// dealer's statement link (客户对账链接): a link's id and expiry, signed
// with the installation's secret by HMAC-SHA256, so that a link cannot be
// made up, widened to another customer or extended. Whether a link was
// revoked is the store's to say.
package link

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrInvalid is a token that was not made with the secret, or not a
// token at all (tampered, cut, made up).
var ErrInvalid = errors.New("the link is not valid")

// ErrExpired is a genuine token past its expiry.
var ErrExpired = errors.New("the link has expired")

// Token is what a link carries: the link's id and when it expires.
type Token struct {
	ID      int64
	Expires time.Time
}

// Sign returns the token's text: its id and expiry (Unix seconds), then
// the signature of both, base64url without padding.
func Sign(secret []byte, t Token) string {
	payload := strconv.FormatInt(t.ID, 36) + "." + strconv.FormatInt(t.Expires.Unix(), 36)
	return payload + "." + sign(secret, payload)
}

// Verify checks a token's text against the secret and the clock: the
// signature (in constant time), then the expiry.
func Verify(secret []byte, text string, now time.Time) (Token, error) {
	parts := strings.Split(text, ".")
	if len(parts) != 3 {
		return Token{}, ErrInvalid
	}
	payload := parts[0] + "." + parts[1]
	if !hmac.Equal([]byte(sign(secret, payload)), []byte(parts[2])) {
		return Token{}, ErrInvalid
	}
	id, err1 := strconv.ParseInt(parts[0], 36, 64)
	exp, err2 := strconv.ParseInt(parts[1], 36, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return Token{}, ErrInvalid
	}
	t := Token{ID: id, Expires: time.Unix(exp, 0)}
	if !now.Before(t.Expires) {
		return t, ErrExpired
	}
	return t, nil
}

func sign(secret []byte, payload string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("huikuan link v1\n" + payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// URL is a link's address under base (HUIKUAN_BASE_URL): the dealer page
// /d/TOKEN.
func URL(base, token string) string { return strings.TrimRight(base, "/") + "/d/" + token }
