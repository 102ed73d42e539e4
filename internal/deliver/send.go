// Package deliver sends what the outbox holds: e-mail over SMTP and the
// WeCom, DingTalk and Feishu group robots, with retries, backoff and the
// robots' rate limits, and composes the messages the schedule makes (the
// morning digest). What a message looks like on each channel is
// internal/notify's; the outbox is internal/store's.
package deliver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/wneessen/go-mail"

	"huikuan/internal/notify"
	"huikuan/internal/store"
)

// Sender sends one delivery at a time by its channel.
type Sender struct {
	// SMTP is where e-mail goes (HUIKUAN_SMTP_URL); nil: e-mail fails
	// with a clear answer.
	SMTP *notify.SMTP
	// HTTP posts to the robots; nil: a client with a 10-second timeout.
	HTTP *http.Client
}

// Send sends d by ch (the delivery's channel; zero for an e-mail to
// d.Address) and returns the channel's answer.
func (s *Sender) Send(ctx context.Context, d store.Delivery, ch store.Channel, now time.Time) (string, error) {
	m := notify.Message{Subject: d.Subject, Markdown: d.Body}
	switch d.Kind {
	case store.ChannelEmail:
		to := d.Address
		if to == "" {
			to = ch.Address
		}
		return s.email(ctx, to, d)
	case notify.WeCom:
		return s.post(ctx, d.Kind, ch.Address, notify.WeComBody(m))
	case notify.DingTalk:
		u, err := notify.DingTalkURL(ch.Address, ch.Secret, now)
		if err != nil {
			return "", errors.New("dingtalk robot: the address is not a URL")
		}
		return s.post(ctx, d.Kind, u, notify.DingTalkBody(m))
	case notify.Feishu:
		return s.post(ctx, d.Kind, ch.Address, notify.FeishuBody(m, ch.Secret, now))
	}
	return "", fmt.Errorf("no channel %q", d.Kind)
}

// post sends a robot its JSON body and reads its answer. Errors name the
// robot by its masked address: the whole one holds its key.
func (s *Sender) post(ctx context.Context, kind, address string, body []byte) (string, error) {
	client := s.HTTP
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, address, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("%s robot %s: the address is not a URL", kind, notify.Mask(address))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("%s robot %s: %v", kind, notify.Mask(address), err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return string(answer), fmt.Errorf("%s robot %s: HTTP %d", kind, notify.Mask(address), resp.StatusCode)
	}
	return string(answer), notify.RobotAnswer(kind, answer)
}

// email sends d to one address: its Markdown as the text part, its HTML
// (when it has one) as the alternative, its attachment.
func (s *Sender) email(ctx context.Context, to string, d store.Delivery) (string, error) {
	if s.SMTP == nil {
		return "", errors.New("e-mail is not set up: HUIKUAN_SMTP_URL is empty")
	}
	c := *s.SMTP
	m := mail.NewMsg()
	if err := m.From(c.From); err != nil {
		return "", fmt.Errorf("sender %q: %v", c.From, err)
	}
	if err := m.To(to); err != nil {
		return "", fmt.Errorf("recipient %q: %v", to, err)
	}
	m.Subject(d.Subject)
	m.SetDate()
	m.SetMessageID()
	m.SetBodyString(mail.TypeTextPlain, d.Body)
	if d.HTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, d.HTML)
	}
	if d.AttachmentName != "" {
		if err := m.AttachReader(d.AttachmentName, bytes.NewReader(d.Attachment)); err != nil {
			return "", err
		}
	}
	opts := []mail.Option{mail.WithPort(c.Port), mail.WithTimeout(30 * time.Second)}
	switch c.TLS {
	case notify.TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case notify.TLSStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	if c.User != "" {
		// never over a plain connection: ParseSMTP made it mandatory TLS
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(c.User), mail.WithPassword(c.Password))
	}
	client, err := mail.NewClient(c.Host, opts...)
	if err != nil {
		return "", fmt.Errorf("smtp %s: %v", c, err)
	}
	if err := client.DialAndSendWithContext(ctx, m); err != nil {
		return "", fmt.Errorf("smtp %s: %v", c, err)
	}
	return "250 accepted by " + c.Addr(), nil
}
