package notify

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
)

// TLS is how a connection to the mail server is protected.
type TLS int

const (
	// TLSOpportunistic upgrades with STARTTLS when the server offers it
	// and talks plain to a relay that does not: only without credentials.
	TLSOpportunistic TLS = iota
	// TLSStartTLS demands STARTTLS: credentials go over TLS or not at all.
	TLSStartTLS
	// TLSImplicit is TLS from the first byte (smtps://, usually port 465).
	TLSImplicit
)

// SMTP is where e-mail goes, from HUIKUAN_SMTP_URL.
type SMTP struct {
	Host     string
	Port     int
	User     string
	Password string
	TLS      TLS
	From     string // the sender's address: the URL's ?from=, else huikuan@host
}

// ParseSMTP reads an SMTP address: smtp://[user:pass@]host[:port] (port
// 587 by default; STARTTLS demanded when there are credentials, used when
// offered otherwise) or smtps://[user:pass@]host[:port] (implicit TLS,
// port 465), with an optional ?from=ADDRESS. Credentials are never sent
// over a plain connection.
func ParseSMTP(raw string) (SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTP{}, fmt.Errorf("HUIKUAN_SMTP_URL: %v", redact(err))
	}
	var c SMTP
	switch u.Scheme {
	case "smtp":
		c.Port, c.TLS = 587, TLSOpportunistic
	case "smtps":
		c.Port, c.TLS = 465, TLSImplicit
	default:
		return SMTP{}, fmt.Errorf("HUIKUAN_SMTP_URL: the scheme must be smtp or smtps, not %q", u.Scheme)
	}
	c.Host = u.Hostname()
	if c.Host == "" {
		return SMTP{}, fmt.Errorf("HUIKUAN_SMTP_URL: no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return SMTP{}, fmt.Errorf("HUIKUAN_SMTP_URL: port %q is not a port number", p)
		}
		c.Port = n
	}
	if u.User != nil {
		c.User = u.User.Username()
		c.Password, _ = u.User.Password()
		if c.TLS == TLSOpportunistic {
			c.TLS = TLSStartTLS
		}
	}
	c.From = u.Query().Get("from")
	if c.From == "" {
		c.From = "huikuan@" + c.Host
	}
	return c, nil
}

// Addr is host:port.
func (c SMTP) Addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// String is the address without its password, for logs and pages.
func (c SMTP) String() string {
	scheme := "smtp"
	if c.TLS == TLSImplicit {
		scheme = "smtps"
	}
	u := url.URL{Scheme: scheme, Host: c.Addr()}
	if c.User != "" {
		u.User = url.UserPassword(c.User, "xxxxx")
	}
	return u.String()
}

// redact drops a URL parse error's copy of the address, which holds the
// password.
func redact(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
