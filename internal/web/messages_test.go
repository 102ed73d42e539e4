package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// TestMessagesPages: a rep sets an e-mail address and a robot on their
// own page, sees the robot's address masked (its key never again), sends
// a test message into the outbox and sets quiet hours (a bad time is
// refused on its field); the admin sets the message rules and a team's
// robot, lists the deliveries and resends a failed one; a rep may not.
func TestMessagesPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		srv, s := worldWithStore(t, dbURL)
		rep := loginAs(t, srv, "rep1")
		post := func(c *http.Client, path string, v url.Values) (int, string) {
			t.Helper()
			_, page := get(t, c, srv.URL+"/me/messages")
			m := csrfRE.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no CSRF token on the messages page:\n%s", page)
			}
			v.Set("csrf", m[1])
			res, err := c.PostForm(srv.URL+path, v)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode == http.StatusSeeOther {
				return res.StatusCode, res.Header.Get("Location")
			}
			return res.StatusCode, string(b)
		}
		const key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
		wecom := "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + key
		if code, loc := post(rep, "/me/channels", url.Values{"kind": {"email"}, "address": {"wangyi@example.com"}}); code != http.StatusSeeOther || loc != "/me/messages?done=saved" {
			t.Fatalf("set e-mail: %d %s", code, loc)
		}
		if code, _ := post(rep, "/me/channels", url.Values{"kind": {"wecom"}, "address": {wecom}}); code != http.StatusSeeOther {
			t.Fatalf("set wecom: %d", code)
		}
		if code, body := post(rep, "/me/channels", url.Values{"kind": {"fax"}, "address": {"123"}}); code != http.StatusBadRequest || !strings.Contains(body, "kind") {
			t.Errorf("a fax channel: %d\n%s", code, body)
		}
		_, page := get(t, rep, srv.URL+"/me/messages")
		if strings.Contains(page, key) || !strings.Contains(page, "…5aaa") || !strings.Contains(page, "w***@example.com") {
			t.Errorf("the messages page shows the channels as:\n%s", page)
		}
		if code, loc := post(rep, "/me/channels/wecom/test", url.Values{}); code != http.StatusSeeOther || loc != "/me/messages?done=test" {
			t.Errorf("test: %d %s", code, loc)
		}
		ds, err := s.Deliveries(ctx, "pending", 10)
		if err != nil || len(ds) != 1 || ds[0].Kind != "wecom" || !strings.Contains(ds[0].Body, "测试消息") {
			t.Fatalf("the outbox after the test: %+v, %v", ds, err)
		}
		if code, body := post(rep, "/me/prefs", url.Values{"lang": {"en"}, "quiet_from": {"25:00"}, "quiet_to": {"07:30"}}); code != http.StatusBadRequest || !strings.Contains(body, "quiet_from") {
			t.Errorf("quiet from 25:00: %d\n%s", code, body)
		}
		if code, _ := post(rep, "/me/prefs", url.Values{"lang": {"en"}, "quiet_from": {"22:00"}, "quiet_to": {"07:30"}}); code != http.StatusSeeOther {
			t.Errorf("quiet hours: %d", code)
		}
		if code, _ := post(rep, "/me/channels/email/test", url.Values{}); code != http.StatusSeeOther {
			t.Errorf("test by e-mail: %d", code)
		}
		if code, _ := post(rep, "/me/channels/email/remove", url.Values{}); code != http.StatusSeeOther {
			t.Errorf("remove: %d", code)
		}
		chans, _ := s.Channels(ctx)
		prefs, _ := s.AllNotifyPrefs(ctx)
		if len(chans) != 1 || chans[0].Kind != "wecom" || chans[0].Address != wecom || prefs[chans[0].UserID] != (store.NotifyPrefs{Lang: "en", QuietFrom: "22:00", QuietTo: "07:30"}) {
			t.Errorf("stored: %+v, %+v", chans, prefs)
		}

		for _, p := range []string{"/deliveries", "/settings"} {
			if code, _ := get(t, rep, srv.URL+p); code != http.StatusForbidden {
				t.Errorf("a rep on %s: %d", p, code)
			}
		}
		if code, _ := post(rep, "/deliveries/"+itoa(ds[0].ID)+"/resend", url.Values{}); code != http.StatusForbidden {
			t.Errorf("a rep resends: %d", code)
		}
		admin := loginAs(t, srv, "admin")
		if code, _ := post(admin, "/settings/notify", url.Values{"digest_at": {"07:45"}, "alert_broken_min": {"20000"}, "alert_late_followups": {"3"}, "statements": {"on"}}); code != http.StatusSeeOther {
			t.Errorf("notify settings: %d", code)
		}
		if code, body := post(admin, "/settings/notify", url.Values{"digest_at": {"7.45"}, "alert_broken_min": {"20000"}, "alert_late_followups": {"3"}}); code != http.StatusBadRequest || !strings.Contains(body, "digest_at") {
			t.Errorf("digest at 7.45: %d", code)
		}
		if n, _ := s.NotifySettings(ctx); n != (store.NotifySettings{DigestAt: "07:45", AlertBrokenMin: money.Yuan(20000), AlertLateFollowups: 3, Statements: true}) {
			t.Errorf("notify settings stored: %+v", n)
		}
		if code, _ := post(admin, "/settings/team-channels", url.Values{"team": {"东区"}, "kind": {"dingtalk"}, "address": {"https://oapi.dingtalk.com/robot/send?access_token=TOKENabcd1234"}, "secret": {"SECxyz"}}); code != http.StatusSeeOther {
			t.Errorf("team robot: %d", code)
		}
		_, settings := get(t, admin, srv.URL+"/settings")
		if !strings.Contains(settings, "东区") || strings.Contains(settings, "TOKENabcd1234") || strings.Contains(settings, "SECxyz") || !strings.Contains(settings, `value="07:45"`) {
			t.Errorf("the settings page's messages section:\n%s", settings)
		}

		if err := s.MarkFailed(ctx, ds[0].ID, "errcode 93000: invalid webhook url", time.Time{}); err != nil {
			t.Fatal(err)
		}
		code, list := get(t, admin, srv.URL+"/deliveries?status=failed")
		if code != http.StatusOK || !strings.Contains(list, "errcode 93000") || !strings.Contains(list, "rep1 · ") || strings.Contains(list, key) || !strings.Contains(list, "/deliveries/"+itoa(ds[0].ID)+"/resend") {
			t.Errorf("the failed deliveries: %d\n%s", code, list)
		}
		if code, loc := post(admin, "/deliveries/"+itoa(ds[0].ID)+"/resend", url.Values{}); code != http.StatusSeeOther || loc != "/deliveries?resent=1" {
			t.Errorf("resend: %d %s", code, loc)
		}
		if again, _ := s.Deliveries(ctx, "pending", 10); len(again) != 2 || again[1].ID != ds[0].ID || again[1].Attempts != 0 {
			t.Errorf("after the resend: %+v", again)
		}
		if _, all := get(t, admin, srv.URL+"/deliveries"); !strings.Contains(all, "（渠道已删除）") {
			t.Errorf("the e-mail test's channel, since removed, is not said to be:\n%s", all)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
