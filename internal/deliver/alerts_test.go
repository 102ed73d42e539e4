package deliver_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/deliver"
	"huikuan/internal/deliver/delivertest"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/notify"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// alertWorld: team east (rep R1: customers C1 and C2) with a manager who
// has an e-mail address and a team robot; team west (R2: C3) with
// neither. Each customer owes ¥300,000 due 2026-12-01.
func alertWorld(t *testing.T, dbURL string) (*store.Store, *delivertest.SMTP, *delivertest.Robot) {
	t.Helper()
	ctx := context.Background()
	s, _ := setup(t, dbURL)
	c := func(code, rep string) ledger.Customer {
		return ledger.Customer{Code: code, Name: "客户" + code, Region: "华东", Rep: rep, Tier: ledger.TierB, CreditLimit: money.Yuan(500000), TermsDays: 30}
	}
	i := func(num, cust string) ledger.Invoice {
		return ledger.Invoice{Number: num, Customer: cust, Issue: civil.MustParse("2026-11-01"), Due: civil.MustParse("2026-12-01"), Amount: money.Yuan(300000)}
	}
	b := store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "east"}, {Code: "R2", Name: "李二", Region: "华东", Team: "west"}},
		Customers: []ledger.Customer{c("C1", "R1"), c("C2", "R1"), c("C3", "R2")},
		Invoices:  []ledger.Invoice{i("I1", "C1"), i("I2", "C2"), i("I3", "C3")},
	}
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, store.Actor{Name: "t"}, user.User{Login: "mgr", Name: "赵经理", Role: user.Manager, Team: "east"}, "x"); err != nil {
		t.Fatal(err)
	}
	mail, robot := delivertest.NewSMTP(t), delivertest.NewRobot(t, notify.WeCom, "")
	channel(t, s, store.Channel{Login: "mgr", Kind: "email", Address: "zhao@example.com"})
	channel(t, s, store.Channel{Team: "east", Kind: notify.WeCom, Address: robot.URL})
	return s, mail, robot
}

// TestManagerAlerts: the promises broken above the amount and the plans
// declined reach the team's manager and robot in one message each, the
// morning after; one below the amount, one kept after all by a back-dated
// payment, and another team's are not in it; a second batch the same day
// adds nothing, and what happens after the day's batch waits for the
// next working day's.
func TestManagerAlerts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, mail, robot := alertWorld(t, dbURL)
		admin, all, d := store.Actor{Name: "admin"}, user.Scope{All: true}, civil.MustParse
		if err := s.SetNotifySettings(ctx, admin, store.NotifySettings{DigestAt: "08:00", AlertBrokenMin: money.Yuan(50000), AlertLateFollowups: 1000}); err != nil {
			t.Fatal(err)
		}
		promise := func(cust string, yuan int64) {
			t.Helper()
			if _, err := s.CreateCommitment(ctx, admin, all, store.NewCommitment{Customer: cust, Amount: money.Yuan(yuan), Due: d("2026-12-02"), Made: d("2026-11-25")}); err != nil {
				t.Fatal(err)
			}
		}
		promise("C1", 100000) // broken, above the amount
		promise("C1", 10000)  // broken, below it
		promise("C2", 60000)  // broken, then kept by a back-dated payment
		promise("C3", 80000)  // broken, in a team nobody is told of
		if _, err := s.DecideCommitments(ctx, d("2026-12-07")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(ctx, store.Batch{Payments: []ledger.Payment{{Number: "P1", Customer: "C2", Date: d("2026-12-02"), Amount: money.Yuan(60000)}}}); err != nil {
			t.Fatal(err)
		}
		declined := plan.Input{Asked: money.Yuan(200000), Status: plan.Declined}
		if _, err := s.SavePlan(ctx, admin, all, d("2026-12-01"), "C2", declined, d("2026-12-07")); err != nil {
			t.Fatal(err)
		}

		day, now := d("2026-12-08"), time.Now()
		n, err := deliver.EnqueueAlerts(ctx, s, day, "https://hk.example.com", now)
		if err != nil || n != 2 {
			t.Fatalf("enqueued %d, %v; want 2 (the manager's mail and the team robot)", n, err)
		}
		if n, err := deliver.EnqueueAlerts(ctx, s, day, "https://hk.example.com", now); err != nil || n != 0 {
			t.Errorf("a second batch the same day: %d new, %v", n, err)
		}
		w := &deliver.Worker{Store: s, Sender: smtpSender(t, mail), Now: time.Now}
		if res, err := w.Run(ctx); err != nil || res.Sent != 2 {
			t.Fatalf("run: %+v, %v", res, err)
		}
		ms := mail.Mails()
		if len(ms) != 1 || ms[0].To[0] != "zhao@example.com" || ms[0].Subject != "east 团队回款预警 2026-12-08" {
			t.Fatalf("mails %+v", ms)
		}
		text := ms[0].Text
		for _, want := range []string{"未兑现的大额承诺：1 笔", "客户C1（C1，R1）¥100,000.00 未付", "客户拒绝的回款计划：1 个", "客户C2（C2，R1）计划 ¥200,000.00", "https://hk.example.com/scorecard"} {
			if !strings.Contains(text, want) {
				t.Errorf("the alert lacks %q:\n%s", want, text)
			}
		}
		for _, not := range []string{"10,000.00", "60,000.00", "C3", "跟进落后"} {
			if strings.Contains(text, not) {
				t.Errorf("the alert tells of %q:\n%s", not, text)
			}
		}
		if rs := robot.Messages(); len(rs) != 1 || !strings.Contains(rs[0].Text, "客户C1（C1，R1）¥100,000.00 未付") {
			t.Errorf("the team robot took %+v", rs)
		}

		// A plan declined after the day's batch is in the next one.
		if _, err := s.SavePlan(ctx, admin, all, d("2026-12-01"), "C1", declined, d("2026-12-08")); err != nil {
			t.Fatal(err)
		}
		if n, err := deliver.EnqueueAlerts(ctx, s, day, "https://hk.example.com", now); err != nil || n != 0 {
			t.Errorf("a batch after the day's: %d new, %v", n, err)
		}
		next := d("2026-12-09")
		alerts, _, _, err := deliver.Alerts(ctx, s, next, "")
		if a := alerts["east"]; err != nil || len(a.Declined) != 1 || a.Declined[0].Customer != "C1" || len(a.Broken) != 0 {
			t.Errorf("the next day's alert: %+v, %v", a, err)
		}
		if n, err := deliver.EnqueueAlerts(ctx, s, next, "", now); err != nil || n != 2 {
			t.Errorf("the next day's batch: %d new, %v", n, err)
		}
		// West's broken promise waits for someone to tell.
		if alerts, _, stale, err := deliver.Alerts(ctx, s, next.AddDays(1), ""); err != nil || len(alerts) != 1 || len(alerts["west"].Broken) != 1 || len(stale) != 0 {
			t.Errorf("after the batches: alerts %+v, stale %v, %v", alerts, stale, err)
		}
	})
}

// TestRepsBehind: a rep is behind when at least the setting's number of
// must-call customers were due a call before the day.
func TestRepsBehind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, _, _ := alertWorld(t, dbURL)
		admin, d := store.Actor{Name: "admin"}, civil.MustParse
		if _, err := s.CreateCommitment(ctx, admin, user.Scope{All: true}, store.NewCommitment{Customer: "C1", Amount: money.Yuan(100000), Due: d("2026-12-02"), Made: d("2026-11-25")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideCommitments(ctx, d("2026-12-07")); err != nil {
			t.Fatal(err)
		}
		day := d("2026-12-10")
		lists, err := s.Worklists(ctx, user.Scope{Team: "east"}, "", day)
		if err != nil {
			t.Fatal(err)
		}
		late := 0
		for _, it := range lists["R1"] {
			for _, r := range it.Reasons {
				if it.MustCall && r.On < day {
					late++
					break
				}
			}
		}
		if late == 0 {
			t.Fatalf("no late call on R1's worklist: %+v", lists["R1"])
		}
		for _, least := range []int{late, late + 1} {
			if err := s.SetNotifySettings(ctx, admin, store.NotifySettings{DigestAt: "08:00", AlertBrokenMin: money.Yuan(1000000), AlertLateFollowups: least}); err != nil {
				t.Fatal(err)
			}
			alerts, _, _, err := deliver.Alerts(ctx, s, day, "")
			if err != nil {
				t.Fatal(err)
			}
			a := alerts["east"]
			if least == late && (len(a.Behind) != 1 || a.Behind[0].Rep != "R1" || a.Behind[0].Name != "R1" || a.Behind[0].Late != late || a.Behind[0].Oldest >= day) {
				t.Errorf("%d late, %d make behind: %+v", late, least, a.Behind)
			}
			if least > late && len(a.Behind) != 0 {
				t.Errorf("%d late, %d make behind: %+v", late, least, a.Behind)
			}
			if _, ok := alerts["west"]; ok {
				t.Errorf("an alert for west, which has no manager: %+v", alerts["west"])
			}
		}
	})
}

func smtpSender(t *testing.T, srv *delivertest.SMTP) *deliver.Sender {
	t.Helper()
	cfg, err := notify.ParseSMTP(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	return &deliver.Sender{SMTP: &cfg}
}

// TestSchedule: serve's schedule makes the morning's messages once a
// working day from the setting's time on (not before, not twice) and
// sends them at the same tick.
func TestSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, mail, _ := alertWorld(t, dbURL)
		if _, err := s.CreateUser(ctx, store.Actor{Name: "t"}, user.User{Login: "wang", Name: "王一", Role: user.Rep, Rep: "R1"}, "x"); err != nil {
			t.Fatal(err)
		}
		channel(t, s, store.Channel{Login: "wang", Kind: "email", Address: "wang@example.com"})
		if err := s.SetNotifySettings(ctx, store.Actor{Name: "t"}, store.NotifySettings{DigestAt: "08:30", AlertBrokenMin: 1, AlertLateFollowups: 1}); err != nil {
			t.Fatal(err)
		}
		shanghai, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			t.Fatal(err)
		}
		clk := &clock{time.Date(2026, 12, 8, 8, 29, 0, 0, shanghai)} // a Tuesday
		sc := &deliver.Schedule{Worker: &deliver.Worker{Store: s, Sender: smtpSender(t, mail), Now: clk.now, Location: shanghai}, BaseURL: "https://hk.example.com", Log: slogDiscard()}
		sc.Step(ctx)
		if n := len(mail.Mails()); n != 0 {
			t.Fatalf("%d mails before 08:30", n)
		}
		clk.t = clk.t.Add(2 * time.Minute)
		sc.Step(ctx)
		ms := mail.Mails()
		if len(ms) != 1 || ms[0].To[0] != "wang@example.com" || ms[0].Subject != "王一 今日回款提醒 2026-12-08" {
			t.Fatalf("at 08:31: %+v", ms)
		}
		clk.t = clk.t.Add(time.Hour)
		sc.Step(ctx)
		if n := len(mail.Mails()); n != 1 {
			t.Errorf("%d mails after a second morning the same day", n)
		}
	})
}

func slogDiscard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestAlertsAgeOut: with nobody to tell, a broken promise waits for a
// manager's channel until it is a week old, and is then dropped.
func TestAlertsAgeOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, _, _ := alertWorld(t, dbURL)
		admin, d := store.Actor{Name: "admin"}, civil.MustParse
		if err := s.RemoveChannel(ctx, admin, "mgr", "", "email"); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveChannel(ctx, admin, "", "east", notify.WeCom); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateCommitment(ctx, admin, user.Scope{All: true}, store.NewCommitment{Customer: "C1", Amount: money.Yuan(100000), Due: d("2026-12-02"), Made: d("2026-11-25")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideCommitments(ctx, d("2026-12-07")); err != nil {
			t.Fatal(err)
		}
		pending := func() int {
			news, _, err := s.PendingAlerts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(news)
		}
		if n, err := deliver.EnqueueAlerts(ctx, s, d("2026-12-08"), "", time.Now()); err != nil || n != 0 || pending() != 1 {
			t.Errorf("with nobody to tell: %d messages, %v, %d pending; want the event kept", n, err, pending())
		}
		if _, err := deliver.EnqueueAlerts(ctx, s, d("2026-12-14"), "", time.Now()); err != nil || pending() != 0 {
			t.Errorf("a week on: %v, %d pending; want it dropped", err, pending())
		}
	})
}
