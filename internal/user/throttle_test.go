package user

import (
	"testing"
	"time"
)

func TestLimitFail(t *testing.T) {
	t0 := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	fail := func(l Limit, times ...time.Duration) Attempts {
		var a Attempts
		for _, d := range times {
			a = l.Fail(a, at(d))
		}
		return a
	}
	m := time.Minute
	tests := []struct {
		name  string
		l     Limit
		times []time.Duration
		want  Attempts
	}{
		{"pair: 4 failures cost nothing", PairLimit, []time.Duration{0, m, 2 * m, 3 * m}, Attempts{Failures: 4, First: at(0), Last: at(3 * m)}},
		{"pair: the 5th locks 15 minutes", PairLimit, []time.Duration{0, m, 2 * m, 3 * m, 4 * m}, Attempts{Failures: 5, First: at(0), Last: at(4 * m), Until: at(19 * m)}},
		{"pair: 5 over more than 15 minutes", PairLimit, []time.Duration{0, m, 2 * m, 3 * m, 15 * m}, Attempts{Failures: 1, First: at(15 * m), Last: at(15 * m)}},
		{"pair: counted again after the lock", PairLimit, []time.Duration{0, m, 2 * m, 3 * m, 4 * m, 19 * m}, Attempts{Failures: 1, First: at(19 * m), Last: at(19 * m)}},
		{"account: the 10th waits 1 s", AccountLimit, []time.Duration{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Attempts{Failures: 10, First: at(0), Last: at(9), Until: at(9 + time.Second)}},
		{"account: the 12th waits 4 s", AccountLimit, []time.Duration{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2 * time.Second, 5 * time.Second}, Attempts{Failures: 12, First: at(0), Last: at(5 * time.Second), Until: at(9 * time.Second)}},
		{"account: slowed while failures go on", AccountLimit, []time.Duration{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 * m, 20 * m}, Attempts{Failures: 12, First: at(0), Last: at(20 * m), Until: at(20*m + 4*time.Second)}},
		{"account: forgotten after 15 quiet minutes", AccountLimit, []time.Duration{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 * m, 25 * m}, Attempts{Failures: 1, First: at(25 * m), Last: at(25 * m)}},
		{"address: the 50th locks", AddressLimit, make([]time.Duration, 50), Attempts{Failures: 50, First: at(0), Last: at(0), Until: at(15 * m)}},
	}
	for _, tt := range tests {
		if got := fail(tt.l, tt.times...); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 9: 256 * time.Second, 10: 5 * m, 64: 5 * m, 1000: 5 * m} {
		if got := progressive(n); got != want {
			t.Errorf("progressive(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestLoginCounters(t *testing.T) {
	cs := LoginCounters("rep1", "2001:db8:1:2:3:4:5:6")
	if cs[0].Key != "pair:rep1 2001:db8:1:2::/64" || cs[1].Key != "login:rep1" || cs[2].Key != "addr:2001:db8:1:2::/64" {
		t.Errorf("keys %q %q %q", cs[0].Key, cs[1].Key, cs[2].Key)
	}
	if k := LoginCounters("rep1\x00\xff", "10.0.0.1")[1].Key; k != "login:~"+shortHash("rep1\x00\xff") {
		t.Errorf("a login that cannot be one counts as %q", k)
	}
	if k := LoginCounters("rep1", "::ffff:10.0.0.1")[2].Key; k != "addr:10.0.0.1" {
		t.Errorf("a mapped IPv4 address counts as %q", k)
	}
}
