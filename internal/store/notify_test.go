package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"huikuan/internal/errs"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestChannels: a user's channel of a kind replaces the one they had, a
// team has its own, bad ones are refused by field, and the audit log holds
// the masked address, never the secret.
func TestChannels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.CreateUser(ctx, store.Actor{Name: "t"}, user.User{Login: "wang", Name: "王芳", Role: user.Admin}, "x"); err != nil {
			t.Fatal(err)
		}
		a := store.Actor{Name: "admin"}
		for _, c := range []store.Channel{
			{Login: "wang", Kind: "email", Address: "old@example.com"},
			{Login: "wang", Kind: "email", Address: "wang@example.com"},
			{Login: "wang", Kind: "dingtalk", Address: "https://oapi.dingtalk.com/robot/send?access_token=TOKEN1234", Secret: "SECtopsecret"},
			{Team: "华东组", Kind: "wecom", Address: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY9876"},
		} {
			if err := s.SetChannel(ctx, a, c); err != nil {
				t.Fatal(err)
			}
		}
		cs, err := s.Channels(ctx)
		if err != nil || len(cs) != 3 {
			t.Fatalf("channels: %+v, %v", cs, err)
		}
		got := map[string]store.Channel{}
		for _, c := range cs {
			got[c.Login+c.Team+"/"+c.Kind] = c
		}
		if got["wang/email"].Address != "wang@example.com" || got["wang/dingtalk"].Secret != "SECtopsecret" || got["华东组/wecom"].UserID != 0 {
			t.Errorf("channels: %+v", got)
		}
		for _, bad := range []store.Channel{
			{Login: "nobody", Kind: "email", Address: "x@example.com"},
			{Login: "wang", Kind: "fax", Address: "123"},
			{Login: "wang", Kind: "email", Address: ""},
			{Login: "wang", Team: "华东组", Kind: "email", Address: "x@example.com"},
		} {
			if err := s.SetChannel(ctx, a, bad); err == nil {
				t.Errorf("%+v: no error", bad)
			}
		}
		log, err := s.Audit(ctx, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range log {
			if strings.Contains(e.After+e.Before, "SECtopsecret") || strings.Contains(e.After, "TOKEN1234") || strings.Contains(e.After, "KEY9876") {
				t.Errorf("the audit log shows a secret: %+v", e)
			}
		}
		if err := s.RemoveChannel(ctx, a, "wang", "", "dingtalk"); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveChannel(ctx, a, "", "华东组", "wecom"); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveChannel(ctx, a, "wang", "", "feishu"); err != nil {
			t.Errorf("removing a channel there is not: %v", err)
		}
		if cs, err := s.Channels(ctx); err != nil || len(cs) != 1 || cs[0].Kind != "email" {
			t.Errorf("after removing two: %+v, %v", cs, err)
		}
	})
}

// TestOutbox: a key is one message however often it is enqueued; a
// claimed delivery is the claimer's until its lease runs out; a failed try
// waits, a postponed one waits without counting; sent and failed are
// final until resent.
func TestOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		now := time.Date(2026, 6, 29, 0, 30, 0, 0, time.UTC)
		msg := store.Outgoing{Key: "digest/2026-06-29/r001/email", Kind: "email", Address: "r001@example.com", Subject: "今日回款提醒", Body: "**必须联系**", Attachment: []byte{1, 2}, AttachmentName: "a.xlsx"}
		for i, want := range []int{1, 0} {
			if n, err := s.Enqueue(ctx, []store.Outgoing{msg}, now); err != nil || n != want {
				t.Fatalf("enqueue %d: %d new, %v; want %d", i, n, err, want)
			}
		}
		if n, _ := s.Enqueue(ctx, []store.Outgoing{msg, {Key: "other", Kind: "email", Address: "b@example.com", Subject: "s", Body: "b"}}, now); n != 1 {
			t.Errorf("a batch with one new: %d new", n)
		}
		first, err := s.ClaimDue(ctx, now, 10)
		if err != nil || len(first) != 2 || first[0].Subject != "今日回款提醒" || string(first[0].Attachment) != "\x01\x02" || first[0].Status != "sending" {
			t.Fatalf("claim: %+v, %v", first, err)
		}
		if again, _ := s.ClaimDue(ctx, now.Add(time.Minute), 10); len(again) != 0 {
			t.Errorf("claimed twice within the lease: %+v", again)
		}
		// the second worker stopped: its claim comes back after the lease
		back, _ := s.ClaimDue(ctx, now.Add(store.Lease+time.Second), 10)
		if len(back) != 2 {
			t.Fatalf("after the lease: %d claimed", len(back))
		}
		id, other := back[0].ID, back[1].ID
		if err := s.MarkFailed(ctx, id, "421 try later", now.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.Postpone(ctx, other, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		later := now.Add(store.Lease + 3*time.Minute)
		due, _ := s.ClaimDue(ctx, later, 10)
		if len(due) != 1 || due[0].ID != id || due[0].Attempts != 1 || due[0].Answer != "421 try later" {
			t.Fatalf("after the backoff: %+v", due)
		}
		if err := s.MarkSent(ctx, id, "250 ok", later); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkFailed(ctx, other, "550 no such user", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.ClaimDue(ctx, later.Add(24*time.Hour), 10); len(due) != 0 {
			t.Errorf("sent and failed deliveries claimed again: %+v", due)
		}
		ds, err := s.Deliveries(ctx, "", 10)
		if err != nil || len(ds) != 2 || ds[0].ID != other || ds[0].Status != "failed" || ds[0].Attempts != 1 || ds[1].Status != "sent" || ds[1].Attempts != 2 || ds[1].Sent.IsZero() {
			t.Fatalf("deliveries: %+v, %v", ds, err)
		}
		if failed, err := s.Deliveries(ctx, "failed", 10); err != nil || len(failed) != 1 || failed[0].ID != other {
			t.Errorf("the failed deliveries: %+v, %v", failed, err)
		}
		if err := s.Resend(ctx, store.Actor{Name: "admin"}, other, later); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.ClaimDue(ctx, later, 10); len(due) != 1 || due[0].ID != other {
			t.Errorf("a resent delivery: %+v", due)
		}
		if err := s.Resend(ctx, store.Actor{Name: "admin"}, 999999, later); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("resend of nothing: %v", err)
		}
	})
}
