// Package delivertest stands in for the world the outbox talks to, inside
// the test process: an SMTP server (github.com/emersion/go-smtp) that
// keeps what it receives, decoded, and HTTP servers that answer as WeCom,
// DingTalk and Feishu robots do and check each request's signature and
// body against the vendors' documented formats.
package delivertest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"huikuan/internal/notify"
)

// Mail is a message the SMTP server received, decoded.
type Mail struct {
	From        string
	To          []string
	Subject     string
	Text, HTML  string
	Attachments map[string][]byte
}

// SMTP is an SMTP server on 127.0.0.1 that offers no TLS and takes mail
// for anyone, as a relay in a private network does.
type SMTP struct {
	Addr string
	mu   sync.Mutex
	got  []Mail
	// Refuse, when set, makes the server refuse every message with 451.
	Refuse bool
}

// NewSMTP starts a server for the test's duration.
func NewSMTP(t testing.TB) *SMTP {
	t.Helper()
	s := &SMTP{}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the server's HUIKUAN_SMTP_URL.
func (s *SMTP) URL() string { return "smtp://" + s.Addr + "?from=huikuan@example.com" }

// Mails returns what the server received so far.
func (s *SMTP) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.got...)
}

type backend struct{ s *SMTP }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *SMTP
	from string
	to   []string
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error { se.from = from; return nil }
func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error   { se.to = append(se.to, to); return nil }
func (se *session) Reset()                                      { se.from, se.to = "", nil }
func (se *session) Logout() error                               { return nil }

func (se *session) Data(r io.Reader) error {
	se.s.mu.Lock()
	refuse := se.s.Refuse
	se.s.mu.Unlock()
	if refuse {
		return &smtp.SMTPError{Code: 451, Message: "try again later"}
	}
	m, err := decode(r)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "bad message: " + err.Error()}
	}
	m.From, m.To = se.from, se.to
	se.s.mu.Lock()
	se.s.got = append(se.s.got, m)
	se.s.mu.Unlock()
	return nil
}

// decode reads a MIME message: its subject, text and HTML parts and
// attachments, each out of its transfer encoding.
func decode(r io.Reader) (Mail, error) {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return Mail{}, err
	}
	var m Mail
	m.Attachments = map[string][]byte{}
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return m, err
	}
	return m, part(&m, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Header.Get("Content-Disposition"), msg.Body)
}

func part(m *Mail, ctype, enc, disp string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := part(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(enc) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if _, dp, err := mime.ParseMediaType(disp); err == nil && dp["filename"] != "" {
		name, _ := new(mime.WordDecoder).DecodeHeader(dp["filename"])
		m.Attachments[name] = b
		return nil
	}
	switch mt {
	case "text/plain":
		m.Text += string(b)
	case "text/html":
		m.HTML += string(b)
	}
	return nil
}

// Robot is a stand-in group robot of one kind. It checks every request as
// the vendor would (the signature within the hour, the body's shape) and
// answers in the vendor's JSON: a refused request gets the vendor's error
// code, which the outbox must record.
type Robot struct {
	Kind   string
	Secret string // DingTalk's and Feishu's signing secret; "" for WeCom
	URL    string // the webhook address to give the channel
	// Fail, when set, makes the robot answer every request with its
	// vendor's error code, as a revoked robot does.
	Fail bool
	// Now is the robot's clock, for the signature's hour; nil: time.Now.
	Now func() time.Time

	mu       sync.Mutex
	messages []RobotMessage
	refused  []string
}

// RobotMessage is a message a robot took: its title (DingTalk's and
// Feishu's) and its markdown text.
type RobotMessage struct {
	Title, Text string
	At          time.Time
}

// NewRobot starts a robot of kind ("wecom", "dingtalk" or "feishu").
func NewRobot(t testing.TB, kind, secret string) *Robot {
	t.Helper()
	r := &Robot{Kind: kind, Secret: secret}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	switch kind {
	case notify.WeCom:
		r.URL = srv.URL + "/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
	case notify.DingTalk:
		r.URL = srv.URL + "/robot/send?access_token=d1ngtalk-t0ken"
	default:
		r.URL = srv.URL + "/open-apis/bot/v2/hook/f3i5hu-1d"
	}
	return r
}

// Messages returns the messages the robot took.
func (r *Robot) Messages() []RobotMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]RobotMessage(nil), r.messages...)
}

// Refused returns why each refused request was refused.
func (r *Robot) Refused() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.refused...)
}

func (r *Robot) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	m, code, why := r.check(req, body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if why == "" && r.Fail {
		code, why = r.failCode(), "the robot was removed"
	}
	if why != "" {
		r.refused = append(r.refused, why)
		r.answer(w, code, why)
		return
	}
	m.At = r.now()
	r.messages = append(r.messages, m)
	r.answer(w, 0, "ok")
}

func (r *Robot) failCode() int {
	switch r.Kind {
	case notify.WeCom:
		return 93000
	case notify.DingTalk:
		return 300001
	}
	return 19001
}

func (r *Robot) answer(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	if r.Kind == notify.Feishu {
		json.NewEncoder(w).Encode(map[string]any{"code": code, "msg": msg})
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"errcode": code, "errmsg": msg})
}

func (r *Robot) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// check reads a request as the vendor does; why is "" when it is good.
func (r *Robot) check(req *http.Request, body []byte) (m RobotMessage, code int, why string) {
	if req.Method != http.MethodPost || !strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		return m, 400, "want a JSON POST"
	}
	switch r.Kind {
	case notify.WeCom:
		var b struct {
			MsgType  string `json:"msgtype"`
			Markdown struct {
				Content string `json:"content"`
			} `json:"markdown"`
		}
		if req.URL.Query().Get("key") == "" || json.Unmarshal(body, &b) != nil || b.MsgType != "markdown" || b.Markdown.Content == "" {
			return m, 40008, "invalid message: " + string(body)
		}
		if len(b.Markdown.Content) > notify.WeComMaxBytes {
			return m, 40058, "markdown content exceeds 4096 bytes"
		}
		return RobotMessage{Text: b.Markdown.Content}, 0, ""
	case notify.DingTalk:
		q := req.URL.Query()
		ms, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		if err != nil || q.Get("access_token") == "" {
			return m, 300001, "no token or timestamp"
		}
		if d := r.now().Sub(time.UnixMilli(ms)); d > time.Hour || d < -time.Hour {
			return m, 310000, "timestamp out of the hour"
		}
		// the query was decoded once: the sign read is the base64 itself
		if want, _ := url.QueryUnescape(notify.DingTalkSign(r.Secret, ms)); q.Get("sign") != want {
			return m, 310000, "sign not match"
		}
		var b struct {
			MsgType  string `json:"msgtype"`
			Markdown struct{ Title, Text string }
		}
		if json.Unmarshal(body, &b) != nil || b.MsgType != "markdown" || b.Markdown.Title == "" || b.Markdown.Text == "" {
			return m, 40035, "invalid message: " + string(body)
		}
		return RobotMessage{Title: b.Markdown.Title, Text: b.Markdown.Text}, 0, ""
	default:
		var b struct {
			Timestamp string `json:"timestamp"`
			Sign      string `json:"sign"`
			MsgType   string `json:"msg_type"`
			Card      struct {
				Header struct {
					Title struct{ Content string }
				}
				Elements []struct{ Tag, Content string }
			}
		}
		if json.Unmarshal(body, &b) != nil {
			return m, 9499, "bad JSON"
		}
		if len(body) > notify.FeishuMaxBody {
			return m, 9499, "body over 20 KB"
		}
		sec, err := strconv.ParseInt(b.Timestamp, 10, 64)
		if d := r.now().Sub(time.Unix(sec, 0)); err != nil || d > time.Hour || d < -time.Hour || b.Sign != notify.FeishuSign(r.Secret, sec) {
			return m, 19021, "sign match fail or timestamp is not within one hour from current time"
		}
		if b.MsgType != "interactive" || len(b.Card.Elements) != 1 || b.Card.Elements[0].Tag != "markdown" {
			return m, 9499, "invalid card: " + string(body)
		}
		return RobotMessage{Title: b.Card.Header.Title.Content, Text: b.Card.Elements[0].Content}, 0, ""
	}
}
