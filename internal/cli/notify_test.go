package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/cli"
	"huikuan/internal/deliver"
	"huikuan/internal/deliver/delivertest"
	"huikuan/internal/notify"
	"huikuan/internal/sim"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
)

// runEnv runs a command in this process with env over the environment.
func runEnv(t *testing.T, env map[string]string, stdin string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return os.Getenv(k)
	}
	if code := cli.Run(context.Background(), args, cli.IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Progress: nil}, getenv); code != 0 {
		t.Fatalf("huikuan %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// TestNotifyDemo is issue 17's digest end to end on the demo: every rep
// has an e-mail address and a WeCom robot; the day's digests are put in
// the outbox by one process, and `huikuan notify run`, in the next, sends
// each rep's digest once to the in-process SMTP server and to the
// stand-in robot — the rep's must-call customers, promises and
// attainment, in Chinese, with the worklist's link; a third run sends
// nothing.
func TestNotifyDemo(t *testing.T) {
	t.Parallel() // a demo: alongside the other demos
	db := storetest.SQLiteURL(t)
	mustRun(t, db, "demo", "--until", "2026-06-30", "--seed", "3")
	mail := delivertest.NewSMTP(t)
	robot := delivertest.NewRobot(t, notify.WeCom, "")
	env := map[string]string{"HUIKUAN_DB": db, "HUIKUAN_SMTP_URL": mail.URL(), "HUIKUAN_BASE_URL": "https://hk.example.com"}
	w := sim.DefaultWorld()
	reps := sim.NewCompany(w, sim.Options{Size: w.Sizes["small"], Seed: 3, Until: civil.MustParse("2026-06-30")}).Reps
	logins := map[string]string{} // e-mail address → rep code
	for _, r := range reps {
		login := strings.ToLower(r.Code)
		runEnv(t, env, "a-long-password-1\n", "user", "add", "--login", login, "--name", r.Name, "--role", "rep", "--rep", r.Code)
		runEnv(t, env, "", "user", "channel", "--login", login, "--email", login+"@example.com")
		if out := runEnv(t, env, "", "user", "channel", "--login", login, "--wecom", robot.URL); strings.Contains(out, "693a91f6") {
			t.Errorf("the robot's key is printed: %s", out)
		}
		logins[login+"@example.com"] = r.Code
	}
	day := civil.MustParse("2026-06-29") // a Monday

	// One process puts the digests in the outbox and stops before sending.
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	n, err := deliver.EnqueueDigests(ctx, s, day, env["HUIKUAN_BASE_URL"], time.Now())
	if err != nil || n != 2*len(reps) {
		t.Fatalf("enqueued %d, %v; want %d", n, err, 2*len(reps))
	}
	want, err := deliver.Digests(ctx, s, day, day.AddDays(-3), env["HUIKUAN_BASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	if out := runEnv(t, env, "", "notify", "run", "--date", day.String()); !strings.Contains(out, "0 new") || !strings.Contains(out, "sent 16,") {
		t.Errorf("notify run after the restart:\n%s", out)
	}
	if out := runEnv(t, env, "", "notify", "run", "--date", day.String()); !strings.Contains(out, "0 new") || !strings.Contains(out, "sent 0,") {
		t.Errorf("notify run again:\n%s", out)
	}

	byText := map[string]notify.Message{}
	for _, d := range want {
		m := d.Message("zh")
		byText[m.Markdown] = m
	}
	mails := mail.Mails()
	if len(mails) != len(reps) {
		t.Fatalf("%d mails; want one for each of the %d reps", len(mails), len(reps))
	}
	seen, must := map[string]bool{}, 0
	for _, m := range mails {
		rep, ok := logins[m.To[0]]
		if !ok || len(m.To) != 1 || seen[rep] {
			t.Errorf("a mail to %v", m.To)
			continue
		}
		seen[rep] = true
		digest, ok := byText[strings.TrimRight(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n")]
		if !ok || m.Subject != digest.Subject || !strings.Contains(m.Subject, "今日回款提醒 2026-06-29") ||
			!strings.Contains(m.Text, "今天必须联系") || !strings.Contains(m.Text, "本月达成") || !strings.Contains(m.Text, "(https://hk.example.com/today)") {
			t.Errorf("%s's mail: %q\n%s", rep, m.Subject, m.Text)
		}
		// the must-call customers are the worklist's
		var list []struct {
			Name     string `json:"name"`
			MustCall bool   `json:"must_call"`
		}
		if err := json.Unmarshal([]byte(runEnv(t, env, "", "worklist", "--rep", rep, "--date", day.String(), "--format", "json")), &list); err != nil {
			t.Fatal(err)
		}
		k := 0 // the digest names the first ten
		for _, it := range list {
			if it.MustCall {
				must, k = must+1, k+1
				if k <= 10 && !strings.Contains(m.Text, it.Name) {
					t.Errorf("%s's digest does not name must-call %s", rep, it.Name)
				}
			}
		}
	}
	if must == 0 {
		t.Errorf("no rep has a must-call customer on %s: the test checks nothing", day)
	}
	robotMsgs := robot.Messages()
	if len(robotMsgs) != len(reps) || len(robot.Refused()) != 0 {
		t.Fatalf("the robot took %d messages, refused %v; want %d", len(robotMsgs), robot.Refused(), len(reps))
	}
	for _, rm := range robotMsgs {
		subject, body, _ := strings.Cut(rm.Text, "\n")
		m, ok := byText[body]
		if !ok || subject != "**"+m.Subject+"**" {
			t.Errorf("the robot's message is no rep's digest:\n%s", rm.Text)
		}
	}

	// `huikuan serve` makes today's morning itself (at 00:00 by the
	// setting; today a working day by the calendar, whatever day CI runs
	// on) and sends it.
	today := civil.Today(shanghai(t))
	s, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cal.Holidays = slices.DeleteFunc(cal.Holidays, func(d civil.Date) bool { return d == today })
	cal.Workdays = append(cal.Workdays, today)
	if err := s.SetCalendar(ctx, store.Actor{Name: "test"}, cal); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNotifySettings(ctx, store.Actor{Name: "test"}, store.NotifySettings{DigestAt: "00:00", AlertBrokenMin: 1_000_000, AlertLateFollowups: 5, Statements: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	sctx, stop := context.WithCancel(ctx)
	exit := make(chan int, 1)
	go func() {
		getenv := func(k string) string {
			if v, ok := env[k]; ok {
				return v
			}
			return os.Getenv(k)
		}
		exit <- cli.Run(sctx, []string{"serve", "--addr", "127.0.0.1:0"}, cli.IO{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard}, getenv)
	}()
	todays := func() int {
		n := 0
		for _, m := range mail.Mails() {
			if strings.Contains(m.Subject, "今日回款提醒 "+today.String()) {
				n++
			}
		}
		return n
	}
	for deadline := time.Now().Add(time.Minute); todays() < len(reps) && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	if code := <-exit; code != 0 {
		t.Errorf("huikuan serve: exit %d", code)
	}
	if n := todays(); n != len(reps) {
		t.Errorf("serve sent %d of the %d reps' digests of %s", n, len(reps), today)
	}
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestUserChannelRemove: `huikuan user channel --remove KIND` removes a
// user's or a team's channel, and only that one.
func TestUserChannelRemove(t *testing.T) {
	db := storetest.SQLiteURL(t)
	env := map[string]string{"HUIKUAN_DB": db}
	runEnv(t, env, "a-long-password-1\n", "user", "add", "--login", "wang", "--name", "王一", "--role", "admin")
	runEnv(t, env, "", "user", "channel", "--login", "wang", "--email", "wang@example.com")
	runEnv(t, env, "", "user", "channel", "--login", "wang", "--wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K1")
	runEnv(t, env, "", "user", "channel", "--team", "east", "--wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K2")
	if out := runEnv(t, env, "", "user", "channel", "--login", "wang", "--remove", "wecom"); !strings.Contains(out, "wecom channel of user wang removed") {
		t.Errorf("remove: %q", out)
	}
	runEnv(t, env, "", "user", "channel", "--team", "east", "--remove", "wecom")
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.Channels(context.Background())
	if err != nil || len(cs) != 1 || cs[0].Login != "wang" || cs[0].Kind != "email" {
		t.Errorf("channels left: %+v, %v", cs, err)
	}
}
