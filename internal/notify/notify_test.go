package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/followup"
)

// TestSignatures: the robots' signatures against the reference's vectors
// (../shared/reference/erp-and-channels.md).
func TestSignatures(t *testing.T) {
	if got, want := DingTalkSign("SECtest", 1700000000000), "aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g%3D"; got != want {
		t.Errorf("DingTalk sign %q, want %q", got, want)
	}
	if got, want := FeishuSign("test", 1700000000), "eSJQnOl8XqPTMPHWz9e5IzeHS/tqoc68g2967ekIPmg="; got != want {
		t.Errorf("Feishu sign %q, want %q", got, want)
	}
}

func TestDingTalkURL(t *testing.T) {
	now := time.UnixMilli(1700000000000)
	got, err := DingTalkURL("https://oapi.dingtalk.com/robot/send?access_token=TOKEN", "SECtest", now)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(got)
	q := u.Query() // decodes sign once: the base64 itself
	if q.Get("access_token") != "TOKEN" || q.Get("timestamp") != "1700000000000" || q.Get("sign") != "aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g=" {
		t.Errorf("address %s", got)
	}
	if plain, _ := DingTalkURL("https://oapi.dingtalk.com/robot/send?access_token=TOKEN", "", now); strings.Contains(plain, "sign=") {
		t.Errorf("without a secret: %s", plain)
	}
}

// TestBodies: each robot's documented message shape, Chinese kept as it
// is, and the limits kept on a long message.
func TestBodies(t *testing.T) {
	m := Message{Subject: "今日回款提醒", Markdown: "**必须联系** 3 家\n- 杭州广隆 逾期 ¥1.2万\n[工作台](http://localhost:8080/today)"}
	var w struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	if err := json.Unmarshal(WeComBody(m), &w); err != nil || w.MsgType != "markdown" || !strings.Contains(w.Markdown.Content, "杭州广隆") || !strings.HasPrefix(w.Markdown.Content, "**今日回款提醒**") {
		t.Errorf("WeCom: %+v %v", w, err)
	}
	var d struct {
		MsgType  string `json:"msgtype"`
		Markdown struct{ Title, Text string }
	}
	if err := json.Unmarshal(DingTalkBody(m), &d); err != nil || d.MsgType != "markdown" || d.Markdown.Title != m.Subject || d.Markdown.Text != m.Markdown {
		t.Errorf("DingTalk: %+v %v", d, err)
	}
	var f struct {
		Timestamp string `json:"timestamp"`
		Sign      string `json:"sign"`
		MsgType   string `json:"msg_type"`
		Card      struct {
			Elements []struct{ Tag, Content string }
			Header   struct{ Title struct{ Content string } }
		}
	}
	if err := json.Unmarshal(FeishuBody(m, "test", time.Unix(1700000000, 0)), &f); err != nil || f.MsgType != "interactive" || f.Timestamp != "1700000000" ||
		f.Sign != "eSJQnOl8XqPTMPHWz9e5IzeHS/tqoc68g2967ekIPmg=" || len(f.Card.Elements) != 1 || f.Card.Elements[0].Content != m.Markdown || f.Card.Header.Title.Content != m.Subject {
		t.Errorf("Feishu: %+v %v", f, err)
	}

	long := Message{Subject: "长", Markdown: strings.Repeat("客户逾期提醒，", 3000)} // 21 bytes each: 63,000 bytes
	if err := json.Unmarshal(WeComBody(long), &w); err != nil || len(w.Markdown.Content) > WeComMaxBytes || !utf8.ValidString(w.Markdown.Content) || !strings.HasSuffix(w.Markdown.Content, "…") {
		t.Errorf("WeCom long: %d bytes, valid %v, %v", len(w.Markdown.Content), utf8.ValidString(w.Markdown.Content), err)
	}
	if err := json.Unmarshal(DingTalkBody(long), &d); err != nil || len(d.Markdown.Text) > DingTalkMaxBytes || !utf8.ValidString(d.Markdown.Text) {
		t.Errorf("DingTalk long: %d bytes, %v", len(d.Markdown.Text), err)
	}
	if b := FeishuBody(long, "test", time.Unix(1700000000, 0)); len(b) > FeishuMaxBody || json.Unmarshal(b, &f) != nil {
		t.Errorf("Feishu long: %d bytes", len(b))
	}
}

func TestCut(t *testing.T) {
	for _, c := range []struct {
		s    string
		max  int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcdef", 5, "ab…"},
		{"回款回款", 7, "回…"}, // 3 bytes a character, "…" 3: one character fits
		{"回款", 2, "…"},
	} {
		if got := Cut(c.s, c.max); got != c.want || len(got) > max(c.max, len("…")) {
			t.Errorf("Cut(%q, %d) = %q, want %q", c.s, c.max, got, c.want)
		}
	}
}

func TestRobotAnswer(t *testing.T) {
	for _, c := range []struct {
		kind, body string
		ok         bool
	}{
		{WeCom, `{"errcode":0,"errmsg":"ok"}`, true},
		{WeCom, `{"errcode":93000,"errmsg":"invalid webhook url"}`, false},
		{DingTalk, `{"errcode":310000,"errmsg":"sign not match"}`, false},
		{Feishu, `{"code":0,"msg":"success"}`, true},
		{Feishu, `{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}`, false},
		{Feishu, `<html>bad gateway</html>`, false},
		{WeCom, `{}`, false},
	} {
		if err := RobotAnswer(c.kind, []byte(c.body)); (err == nil) != c.ok {
			t.Errorf("%s %s: %v", c.kind, c.body, err)
		}
	}
}

// TestParseSMTP: the schemes, the ports, and credentials only ever over TLS.
func TestParseSMTP(t *testing.T) {
	for _, c := range []struct {
		url  string
		want SMTP
	}{
		{"smtp://relay.example.com", SMTP{Host: "relay.example.com", Port: 587, TLS: TLSOpportunistic, From: "huikuan@relay.example.com"}},
		{"smtp://relay:25?from=ar@example.com", SMTP{Host: "relay", Port: 25, TLS: TLSOpportunistic, From: "ar@example.com"}},
		{"smtp://u%40x.com:p%3Ass@smtp.example.com:587", SMTP{Host: "smtp.example.com", Port: 587, User: "u@x.com", Password: "p:ss", TLS: TLSStartTLS, From: "huikuan@smtp.example.com"}},
		{"smtps://u:p@smtp.example.com", SMTP{Host: "smtp.example.com", Port: 465, User: "u", Password: "p", TLS: TLSImplicit, From: "huikuan@smtp.example.com"}},
	} {
		got, err := ParseSMTP(c.url)
		if err != nil || got != c.want {
			t.Errorf("ParseSMTP(%q) = %+v, %v; want %+v", c.url, got, err, c.want)
		}
	}
	for _, bad := range []string{"http://x", "smtp://", "smtp://h:99999", "smtp://u:secret@h:x"} {
		if _, err := ParseSMTP(bad); err == nil || strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseSMTP(%q): %v; want an error without the password", bad, err)
		}
	}
	c, _ := ParseSMTP("smtp://u:topsecret@h")
	if strings.Contains(c.String(), "topsecret") {
		t.Errorf("String() shows the password: %s", c)
	}
}

func TestMask(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"wangfang@example.com", "w***@example.com"},
		{"王芳@例子.中国", "王***@例子.中国"},
		{"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", "https://qyapi.weixin.qq.com/…5aaa"},
		{"not an address", "***"},
	} {
		if got := Mask(c.in); got != c.want {
			t.Errorf("Mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDigestMessage: the digest in both languages, each list cut at ten
// names with the rest counted, the attainment with and without a target.
func TestDigestMessage(t *testing.T) {
	rate := 0.5
	d := Digest{Name: "王芳", Day: civil.MustParse("2026-06-29"), Target: 100000000, TargetSet: true, Collected: 50000000, Rate: &rate, Uncovered: 12000000, WorklistURL: "https://hk.example.com/today"}
	for i := range 12 {
		d.MustCall = append(d.MustCall, DigestCall{Customer: fmt.Sprintf("C%03d", i), Name: fmt.Sprintf("客户%d", i), AtStake: 100000,
			Reasons: []followup.Reason{{Code: followup.Overdue, Amount: 100000, Days: 12}}})
	}
	d.DueToday = []DigestPromise{{Customer: "C100", Name: "杭州广隆", Amount: 250000}}
	zh, en := d.Message("zh"), d.Message("en")
	for _, want := range []string{"王芳 今日回款提醒 2026-06-29"} {
		if zh.Subject != want {
			t.Errorf("subject %q, want %q", zh.Subject, want)
		}
	}
	for _, want := range []string{"今天必须联系：12 家", "客户9", "另有 2 家，见工作台", "今天到期的承诺：1 笔", "杭州广隆（C100）¥2,500.00", "已回款 ¥50.0万 / 任务 ¥100.0万（50.0%）", "[打开工作台](https://hk.example.com/today)"} {
		if !strings.Contains(zh.Markdown, want) {
			t.Errorf("zh digest lacks %q:\n%s", want, zh.Markdown)
		}
	}
	if strings.Contains(zh.Markdown, "客户10") || strings.Contains(zh.Markdown, "未兑现的承诺") {
		t.Errorf("zh digest names an eleventh customer or an empty list:\n%s", zh.Markdown)
	}
	if !strings.Contains(en.Subject, "collections today") || !strings.Contains(en.Markdown, "Must call today: 12") || !strings.Contains(en.Markdown, "and 2 more on the worklist") {
		t.Errorf("en digest:\n%s\n%s", en.Subject, en.Markdown)
	}
	d.TargetSet, d.Rate = false, nil
	if m := d.Message("zh"); !strings.Contains(m.Markdown, "未设任务") {
		t.Errorf("without a target:\n%s", m.Markdown)
	}
}

// TestSettingsValidate: each wrong rule is refused on its own field.
func TestSettingsValidate(t *testing.T) {
	if err := DefaultSettings.Validate(); err != nil {
		t.Fatalf("the defaults: %v", err)
	}
	for field, s := range map[string]Settings{
		"digest_at":            {DigestAt: "8:30", AlertLateFollowups: 1},
		"alert_broken_min":     {DigestAt: "08:30", AlertBrokenMin: -1, AlertLateFollowups: 1},
		"alert_late_followups": {DigestAt: "23:59"},
	} {
		var bad *errs.Invalid
		if err := s.Validate(); !errors.As(err, &bad) || len(bad.Fields) != 1 || bad.Fields[0].Field != field {
			t.Errorf("%+v: %v, want refused on %s", s, err, field)
		}
	}
	if err := (Settings{DigestAt: "24:00", AlertLateFollowups: 1}).Validate(); err == nil {
		t.Error("24:00 taken as a time of day")
	}
}
