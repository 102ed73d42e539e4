// Package notify is what huikuan says to people outside its pages, as
// plain values: the messages, the group robots' request bodies and
// signatures, the SMTP address's rules. Sending them (the network, the
// outbox, retries) is internal/deliver's; composing what a message says
// from the ledger is the use cases'.
package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is one message as every channel takes it: a subject (the
// e-mail's, a robot card's title), and the body as Markdown — the robots'
// markup, which e-mail shows as it is written (it reads well as text).
type Message struct {
	Subject  string
	Markdown string
}

// Robot kinds, as users and teams name them.
const (
	WeCom    = "wecom"
	DingTalk = "dingtalk"
	Feishu   = "feishu"
)

// The robots' documented limits (../shared/reference/erp-and-channels.md):
// WeCom's markdown content is at most 4,096 bytes; Feishu's whole body
// 20 KB. DingTalk documents none we could find: its text is cut as
// WeCom's, which keeps a digest the same on both.
const (
	WeComMaxBytes    = 4096
	DingTalkMaxBytes = 4096
	FeishuMaxBody    = 20 << 10
)

// PerMinute is how many messages a minute WeCom and DingTalk take from one
// robot before they refuse (DingTalk then throttles it for 10 minutes).
const PerMinute = 20

// Cut returns s cut to at most max bytes on a character boundary, ending
// in "…" when anything was cut, so that no robot refuses a long digest.
func Cut(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	const more = "…"
	n := limit - len(more)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:max(n, 0)] + more
}

// WeComBody is a WeCom group robot's markdown message.
func WeComBody(m Message) []byte {
	text := m.Markdown
	if m.Subject != "" {
		text = "**" + m.Subject + "**\n" + text
	}
	return mustJSON(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": Cut(text, WeComMaxBytes)}})
}

// DingTalkSign is a DingTalk robot's 加签 signature: the URL-encoded base64
// of HMAC-SHA256 keyed by the secret over timestamp (milliseconds) + "\n"
// + secret.
func DingTalkSign(secret string, ms int64) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(ms, 10) + "\n" + secret))
	return url.QueryEscape(base64.StdEncoding.EncodeToString(mac.Sum(nil)))
}

// DingTalkURL is the webhook address with the timestamp and signature
// DingTalk wants on every request of a robot with a secret (none without).
func DingTalkURL(webhook, secret string, now time.Time) (string, error) {
	u, err := url.Parse(webhook)
	if err != nil {
		return "", fmt.Errorf("dingtalk robot address: %w", err)
	}
	if secret == "" {
		return u.String(), nil
	}
	ms := now.UnixMilli()
	q := u.RawQuery
	if q != "" {
		q += "&"
	}
	// sign is already URL-encoded: added as it is, not through url.Values
	u.RawQuery = q + "timestamp=" + strconv.FormatInt(ms, 10) + "&sign=" + DingTalkSign(secret, ms)
	return u.String(), nil
}

// DingTalkBody is a DingTalk robot's markdown message.
func DingTalkBody(m Message) []byte {
	title := m.Subject
	if title == "" {
		title = "huikuan"
	}
	return mustJSON(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": title, "text": Cut(m.Markdown, DingTalkMaxBytes)}})
}

// FeishuSign is a Feishu custom bot's 签名校验 signature: the base64 of
// HMAC-SHA256 keyed by timestamp (seconds) + "\n" + secret over nothing.
func FeishuSign(secret string, sec int64) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(sec, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// FeishuBody is a Feishu bot's card with the message in a markdown
// element, signed when the bot has a secret; the whole body is kept
// under FeishuMaxBody.
func FeishuBody(m Message, secret string, now time.Time) []byte {
	body := func(text string) map[string]any {
		card := map[string]any{"elements": []any{map[string]string{"tag": "markdown", "content": text}}}
		if m.Subject != "" {
			card["header"] = map[string]any{"title": map[string]string{"tag": "plain_text", "content": m.Subject}}
		}
		b := map[string]any{"msg_type": "interactive", "card": card}
		if secret != "" {
			sec := now.Unix()
			b["timestamp"], b["sign"] = strconv.FormatInt(sec, 10), FeishuSign(secret, sec)
		}
		return b
	}
	out := mustJSON(body(m.Markdown))
	if over := len(out) - FeishuMaxBody; over > 0 {
		// JSON escaping makes the body longer than the text: cut the text
		// by what is over and some room for the escapes
		out = mustJSON(body(Cut(m.Markdown, max(len(m.Markdown)-2*over-64, 0))))
	}
	return out
}

// RobotAnswer reads a robot's JSON answer: nil when it took the message,
// else an error with the vendor's code and message (WeCom and DingTalk
// answer errcode and errmsg, Feishu code and msg; 0 is success).
func RobotAnswer(kind string, body []byte) error {
	var a struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		Code    *int   `json:"code"`
		Msg     string `json:"msg"`
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return fmt.Errorf("%s answered %q: not JSON", kind, Cut(string(body), 200))
	}
	code, msg := a.ErrCode, a.ErrMsg
	if kind == Feishu {
		code, msg = a.Code, a.Msg
	}
	switch {
	case code == nil:
		return fmt.Errorf("%s answered %q: no result code", kind, Cut(string(body), 200))
	case *code != 0:
		return fmt.Errorf("%s refused the message: code %d: %s", kind, *code, msg)
	}
	return nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings always marshal
	}
	return b
}

// Mask shows an address without giving it away: an e-mail address's
// first letter and domain, a robot's host and the last four characters
// of its address (where the WeCom key or the DingTalk token is).
func Mask(address string) string {
	if at := strings.LastIndexByte(address, '@'); at > 0 && !strings.Contains(address, "://") {
		first, _ := utf8.DecodeRuneInString(address)
		return string(first) + "***" + address[at:]
	}
	u, err := url.Parse(address)
	if err != nil || u.Host == "" {
		return "***"
	}
	tail := address[max(len(address)-4, 0):]
	return u.Scheme + "://" + u.Host + "/…" + tail
}
