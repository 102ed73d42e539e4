package user

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"time"
)

// Limit is how failed logins counted under one key slow the next ones
// down. Failures count from the first one for Window; once more than Free
// have counted, each further failure makes the key wait, and the count goes
// on until Window passes without a failure.
type Limit struct {
	Window time.Duration
	Free   int // failures that cost no wait
	// Wait is how long no login under the key is checked after failure
	// Free+n (n from 1).
	Wait func(n int) time.Duration
}

// Attempts is what is kept of the failed logins under one key.
type Attempts struct {
	Failures    int
	First, Last time.Time // the first failure counted, and the last
	Until       time.Time // no login under the key is checked before then
}

// Fail returns a after one more failure at now.
func (l Limit) Fail(a Attempts, now time.Time) Attempts {
	if a.Failures == 0 || now.Sub(a.First) >= l.Window && (a.Failures <= l.Free || now.Sub(a.Last) >= l.Window) {
		a = Attempts{First: now}
	}
	a.Failures++
	a.Last = now
	if n := a.Failures - l.Free; n > 0 {
		a.Until = now.Add(l.Wait(n))
	}
	return a
}

// The login limits: an account from one address is locked for 15 minutes
// after 5 failures within 15 minutes; an account from anywhere is slowed
// after 10 (a wait of 1 s, then 2, 4, … up to 5 minutes per failure, until
// 15 minutes pass without one), so that guessing from many addresses gets
// a few tries an hour while the right password still gets in between; one
// address is locked for 15 minutes after 50 failures on any accounts.
var (
	PairLimit    = Limit{Window: LoginWindow, Free: 4, Wait: func(int) time.Duration { return 15 * time.Minute }}
	AccountLimit = Limit{Window: LoginWindow, Free: 9, Wait: progressive}
	AddressLimit = Limit{Window: LoginWindow, Free: 49, Wait: func(int) time.Duration { return 15 * time.Minute }}
)

// LoginWindow is the longest any limit remembers a failure: the counters of
// keys whose last failure is older, and which wait for nothing, may be
// forgotten.
const LoginWindow = 15 * time.Minute

func progressive(n int) time.Duration {
	if n > 10 {
		return 5 * time.Minute
	}
	return min(time.Second<<(n-1), 5*time.Minute)
}

// Counter is one key a login attempt is counted under, with its limit.
type Counter struct {
	Key   string
	Limit Limit
}

// LoginCounters returns the keys an attempt to log in as login from addr
// (an IP address) counts under: the pair first, then the account, then the
// address. An IPv6 address counts by its /64, which one machine may hold
// whole.
func LoginCounters(login, addr string) []Counter {
	l, a := loginKey(login), addrKey(addr)
	return []Counter{
		{Key: "pair:" + l + " " + a, Limit: PairLimit},
		{Key: "login:" + l, Limit: AccountLimit},
		{Key: "addr:" + a, Limit: AddressLimit},
	}
}

// loginKey is the login itself when it could be one, or else a short hash
// of what was typed (which no user has), so that keys stay short and
// printable.
func loginKey(login string) string {
	if loginPattern.MatchString(login) {
		return login
	}
	return "~" + shortHash(login)
}

func addrKey(addr string) string {
	ip := net.ParseIP(addr)
	switch {
	case ip == nil:
		return "~" + shortHash(addr)
	case ip.To4() != nil:
		return ip.To4().String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}
