package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/link"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestStatementLinks: a link opens its customer's statement until it
// expires or is revoked; a tampered one never opens; a rep makes links
// only for their own customers; the dealer's confirmation, mismatch and
// proposal land as a reply, statement_mismatch disputes on its own
// invoices only, and a commitment marked as proposed by the customer and
// scored by credibility — each audited.
func TestStatementLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 6, 20, 9, 0, 0, 0, time.UTC)
		a := store.Actor{Name: "finance"}
		all := user.Scope{All: true}
		if _, err := s.CreateLink(ctx, a, all, "C1", civil.MustParse("2026-06-19"), 91, now); err == nil {
			t.Error("a link of 91 days was made")
		}
		tok, err := s.CreateLink(ctx, a, all, "C1", civil.MustParse("2026-06-19"), store.LinkDays, now)
		if err != nil {
			t.Fatal(err)
		}
		l, err := s.OpenLink(ctx, tok, now.Add(time.Hour))
		if err != nil || l.Customer != "C1" || l.AsOf != civil.MustParse("2026-06-19") || !l.Expires.Equal(now.Add(14*24*time.Hour)) {
			t.Fatalf("open: %+v, %v", l, err)
		}
		if _, err := s.OpenLink(ctx, tok, now.Add(14*24*time.Hour)); !errors.Is(err, link.ErrExpired) {
			t.Errorf("after 14 days: %v", err)
		}
		b := []byte(tok)
		b[0] ^= 1
		if _, err := s.OpenLink(ctx, string(b), now); !errors.Is(err, link.ErrInvalid) {
			t.Errorf("tampered: %v", err)
		}
		if _, err := s.CreateLink(ctx, a, user.Scope{Rep: "NOBODY"}, "C1", civil.MustParse("2026-06-19"), 14, now); err == nil {
			t.Error("a rep made a link for another rep's customer")
		}

		if err := s.ConfirmBalance(ctx, l, "张会计", 123456, "203.0.113.7", now); err != nil {
			t.Fatal(err)
		}
		if err := s.ConfirmBalance(ctx, l, "", 1, "203.0.113.7", now); err == nil {
			t.Error("a confirmation without a name")
		}
		// another customer's invoice is unknown to the dealer
		if err := s.ReportMismatch(ctx, l, "张会计", []store.MismatchPart{{Invoice: "I5", Amount: 100}}, "", "203.0.113.7", now); err == nil {
			t.Error("a mismatch on another customer's invoice was taken")
		}
		if err := s.ReportMismatch(ctx, l, "张会计", []store.MismatchPart{{Invoice: "I1", Amount: 20000}}, "少算了退货", "203.0.113.7", now); err != nil {
			t.Fatal(err)
		}
		ds, err := s.Disputes(ctx, store.DisputeFilter{Scope: all, Customer: "C1"})
		if err != nil || len(ds) != 1 || ds[0].Reason != "statement_mismatch" || ds[0].Amount != 20000 {
			t.Fatalf("the mismatch's dispute: %+v, %v", ds, err)
		}
		row, err := s.ProposePromise(ctx, l, "张会计", 50000, civil.MustParse("2026-06-30"), "203.0.113.7", now)
		if err != nil || !row.ProposedByCustomer || row.P == nil || row.Contact != "张会计" {
			t.Fatalf("the proposed promise: %+v, %v", row, err)
		}
		cs, _ := s.Commitments(ctx, store.CommitmentFilter{Scope: all, Customer: "C1"})
		if len(cs) != 1 || !cs[0].ProposedByCustomer {
			t.Errorf("the rep's list: %+v", cs)
		}
		rs, err := s.Replies(ctx, "C1")
		if err != nil || len(rs) != 3 || rs[2].Kind != "confirm" || rs[2].Balance != 123456 || rs[2].Address != "203.0.113.7" || rs[1].Kind != "mismatch" || rs[0].Kind != "promise" {
			t.Fatalf("replies: %+v, %v", rs, err)
		}
		log, _ := s.Audit(ctx, 50)
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
			if strings.Contains(e.After, "link_secret") {
				t.Errorf("the audit log mentions the secret: %+v", e)
			}
		}
		for _, want := range []string{"create link", "confirm balance"} {
			if !strings.Contains(strings.Join(actions, ","), want) {
				t.Errorf("the audit log has no %q: %v", want, actions)
			}
		}

		if n, err := s.RevokeLinks(ctx, a, all, "C1", now.Add(2*time.Hour)); err != nil || n != 1 {
			t.Fatalf("revoke: %d, %v", n, err)
		}
		if _, err := s.OpenLink(ctx, tok, now.Add(3*time.Hour)); !errors.Is(err, store.ErrLinkRevoked) {
			t.Errorf("revoked: %v", err)
		}
	})
}
