package deliver_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"huikuan/internal/deliver"
	"huikuan/internal/deliver/delivertest"
	"huikuan/internal/notify"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T, dbURL string) (*store.Store, *clock) {
	t.Helper()
	s, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.CreateUser(context.Background(), store.Actor{Name: "t"}, user.User{Login: "r001", Name: "王芳", Role: user.Admin}, "x"); err != nil {
		t.Fatal(err)
	}
	return s, &clock{time.Now().Truncate(time.Second)}
}

func channel(t *testing.T, s *store.Store, c store.Channel) store.Channel {
	t.Helper()
	ctx := context.Background()
	if err := s.SetChannel(ctx, store.Actor{Name: "t"}, c); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Channels(ctx)
	for _, got := range cs {
		if got.Login == c.Login && got.Team == c.Team && got.Kind == c.Kind {
			return got
		}
	}
	t.Fatalf("channel %+v not stored", c)
	return c
}

// TestRobotsAndMail: one message by each channel reaches its stand-in —
// the robots check their signatures and the documented bodies, the SMTP
// server decodes the mail — in Chinese, and each is marked sent with the
// channel's answer.
func TestRobotsAndMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, clk := setup(t, dbURL)
		smtpSrv := delivertest.NewSMTP(t)
		robots := map[string]*delivertest.Robot{
			notify.WeCom:    delivertest.NewRobot(t, notify.WeCom, ""),
			notify.DingTalk: delivertest.NewRobot(t, notify.DingTalk, "SECding"),
			notify.Feishu:   delivertest.NewRobot(t, notify.Feishu, "fei-secret"),
		}
		var out []store.Outgoing
		for kind, r := range robots {
			r.Now = clk.now
			ch := channel(t, s, store.Channel{Login: "r001", Kind: kind, Address: r.URL, Secret: r.Secret})
			out = append(out, store.Outgoing{Key: "k/" + kind, ChannelID: ch.ID, Kind: kind, Subject: "今日回款提醒", Body: "**必须联系** 杭州广隆建材"})
		}
		mail := channel(t, s, store.Channel{Login: "r001", Kind: "email", Address: "wangfang@example.com"})
		out = append(out, store.Outgoing{Key: "k/email", ChannelID: mail.ID, Kind: "email", Subject: "今日回款提醒", Body: "**必须联系** 杭州广隆建材",
			HTML: "<p>必须联系</p>", AttachmentName: "对账单.xlsx", Attachment: []byte("PK\x03\x04 xlsx")})
		if _, err := s.Enqueue(ctx, out, clk.t); err != nil {
			t.Fatal(err)
		}
		cfg, err := notify.ParseSMTP(smtpSrv.URL())
		if err != nil {
			t.Fatal(err)
		}
		w := &deliver.Worker{Store: s, Sender: &deliver.Sender{SMTP: &cfg}, Now: clk.now}
		res, err := w.Run(ctx)
		if err != nil || res.Sent != 4 {
			t.Fatalf("run: %+v, %v", res, err)
		}
		for kind, r := range robots {
			ms := r.Messages()
			if len(ms) != 1 || !strings.Contains(ms[0].Text, "杭州广隆建材") || len(r.Refused()) != 0 {
				t.Errorf("%s robot: took %+v, refused %v", kind, ms, r.Refused())
			}
			if kind != notify.WeCom && ms[0].Title != "今日回款提醒" {
				t.Errorf("%s robot: title %q", kind, ms[0].Title)
			}
		}
		ms := smtpSrv.Mails()
		if len(ms) != 1 || ms[0].Subject != "今日回款提醒" || len(ms[0].To) != 1 || ms[0].To[0] != "wangfang@example.com" || ms[0].From != "huikuan@example.com" ||
			!strings.Contains(ms[0].Text, "杭州广隆建材") || !strings.Contains(ms[0].HTML, "必须联系") || string(ms[0].Attachments["对账单.xlsx"]) != "PK\x03\x04 xlsx" {
			t.Errorf("mail: %+v", ms)
		}
		ds, _ := s.Deliveries(ctx, "", 10)
		for _, d := range ds {
			if d.Status != "sent" || d.Answer == "" {
				t.Errorf("delivery %s: %s, answer %q", d.Key, d.Status, d.Answer)
			}
		}
		if res, _ := w.Run(ctx); res != (deliver.Result{}) {
			t.Errorf("a second run sent again: %+v", res)
		}
	})
}

// TestRetriesThenFails: a robot that refuses is tried again after each
// backoff and failed for good after MaxAttempts, with its answer kept; a
// mail server that refuses likewise.
func TestRetriesThenFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, clk := setup(t, dbURL)
		r := delivertest.NewRobot(t, notify.WeCom, "")
		r.Fail = true
		ch := channel(t, s, store.Channel{Login: "r001", Kind: notify.WeCom, Address: r.URL})
		smtpSrv := delivertest.NewSMTP(t)
		smtpSrv.Refuse = true
		cfg, _ := notify.ParseSMTP(smtpSrv.URL())
		if _, err := s.Enqueue(ctx, []store.Outgoing{
			{Key: "robot", ChannelID: ch.ID, Kind: notify.WeCom, Subject: "s", Body: "b"},
			{Key: "mail", Kind: "email", Address: "dealer@example.com", Subject: "s", Body: "b"},
		}, clk.t); err != nil {
			t.Fatal(err)
		}
		w := &deliver.Worker{Store: s, Sender: &deliver.Sender{SMTP: &cfg}, Now: clk.now}
		for attempt := 1; attempt <= deliver.MaxAttempts; attempt++ {
			res, err := w.Run(ctx)
			want := deliver.Result{Retried: 2}
			if attempt == deliver.MaxAttempts {
				want = deliver.Result{Failed: 2}
			}
			if err != nil || res != want {
				t.Fatalf("attempt %d: %+v, %v; want %+v", attempt, res, err, want)
			}
			if res, _ := w.Run(ctx); res != (deliver.Result{}) {
				t.Fatalf("attempt %d: tried again before the backoff: %+v", attempt, res)
			}
			clk.t = clk.t.Add(deliver.Backoff(attempt))
		}
		ds, _ := s.Deliveries(ctx, "", 10)
		for _, d := range ds {
			if d.Status != "failed" || d.Attempts != deliver.MaxAttempts {
				t.Errorf("%s: %s after %d attempts", d.Key, d.Status, d.Attempts)
			}
		}
		if !strings.Contains(ds[0].Answer, "451") || !strings.Contains(ds[1].Answer, "93000") || strings.Contains(ds[1].Answer, "693a91f6") {
			t.Errorf("answers: %q, %q (the robot's key must not be in them)", ds[0].Answer, ds[1].Answer)
		}
	})
}

// TestRateLimit: a robot takes notify.PerMinute messages a minute; the
// rest wait for the minute and go then.
func TestRateLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, clk := setup(t, dbURL)
		r := delivertest.NewRobot(t, notify.DingTalk, "SECding")
		r.Now = clk.now
		ch := channel(t, s, store.Channel{Login: "r001", Kind: notify.DingTalk, Address: r.URL, Secret: r.Secret})
		var out []store.Outgoing
		for i := range notify.PerMinute + 5 {
			out = append(out, store.Outgoing{Key: fmt.Sprint("m", i), ChannelID: ch.ID, Kind: notify.DingTalk, Subject: "s", Body: "b"})
		}
		if _, err := s.Enqueue(ctx, out, clk.t); err != nil {
			t.Fatal(err)
		}
		w := &deliver.Worker{Store: s, Sender: &deliver.Sender{}, Now: clk.now}
		if res, err := w.Run(ctx); err != nil || res.Sent != notify.PerMinute || res.Postponed != 5 {
			t.Fatalf("first minute: %+v, %v", res, err)
		}
		clk.t = clk.t.Add(time.Minute)
		if res, err := w.Run(ctx); err != nil || res.Sent != 5 {
			t.Fatalf("next minute: %+v, %v", res, err)
		}
		if n := len(r.Messages()); n != notify.PerMinute+5 || len(r.Refused()) != 0 {
			t.Errorf("the robot took %d, refused %v", n, r.Refused())
		}
	})
}

// TestQuietHours: a message to a user in their quiet hours (here 22:00–
// 07:30 in Shanghai) waits for their end, then goes.
func TestQuietHours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, clk := setup(t, dbURL)
		sh, _ := time.LoadLocation("Asia/Shanghai")
		clk.t = time.Date(2026, 6, 29, 23, 15, 0, 0, sh)
		if err := s.SetNotifyPrefs(ctx, store.Actor{Name: "t"}, "r001", store.NotifyPrefs{Lang: "zh", QuietFrom: "22:00", QuietTo: "07:30"}); err != nil {
			t.Fatal(err)
		}
		r := delivertest.NewRobot(t, notify.WeCom, "")
		ch := channel(t, s, store.Channel{Login: "r001", Kind: notify.WeCom, Address: r.URL})
		if _, err := s.Enqueue(ctx, []store.Outgoing{{Key: "late", ChannelID: ch.ID, Kind: notify.WeCom, Subject: "s", Body: "b"}}, clk.t); err != nil {
			t.Fatal(err)
		}
		w := &deliver.Worker{Store: s, Sender: &deliver.Sender{}, Now: clk.now, Location: sh}
		if res, _ := w.Run(ctx); res.Postponed != 1 || len(r.Messages()) != 0 {
			t.Fatalf("in the quiet hours: %+v, %d sent", res, len(r.Messages()))
		}
		clk.t = time.Date(2026, 6, 30, 7, 29, 0, 0, sh)
		if res, _ := w.Run(ctx); res != (deliver.Result{}) {
			t.Fatalf("before their end: %+v", res)
		}
		clk.t = time.Date(2026, 6, 30, 7, 30, 0, 0, sh)
		if res, _ := w.Run(ctx); res.Sent != 1 || len(r.Messages()) != 1 {
			t.Fatalf("at their end: %+v", res)
		}
	})
}
