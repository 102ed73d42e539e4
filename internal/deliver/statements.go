package deliver

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/export"
	"huikuan/internal/link"
	"huikuan/internal/notify"
	"huikuan/internal/store"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

// StatementKey is the outbox key of a customer's statement of a month:
// one mail a month however often the morning runs.
func StatementKey(month civil.Date, customer string) string {
	return fmt.Sprintf("statement/%s/%s", month.String()[:7], customer)
}

// catchUpDays is how many working days after the month's first a
// statement not sent yet still goes: later, it is old news.
const catchUpDays = 2

// statementActor is who makes the monthly statements' links.
var statementActor = store.Actor{Name: "huikuan (monthly statement)"}

// EnqueueStatements mails last month's statement to every dealer with an
// e-mail address that had documents in the month or owes at its end,
// on the month's first working day (or the two after it, so that a
// morning missed is caught up): the statement as HTML and as an XLSX attachment, with a
// new dealer link made in the transaction that enqueues the mail. It does
// nothing when the setting turns statements off. It returns how many
// were new.
func EnqueueStatements(ctx context.Context, s *store.Store, day civil.Date, baseURL string, now time.Time) (int, error) {
	rules, err := s.NotifySettings(ctx)
	if err != nil || !rules.Statements {
		return 0, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	c := cal.Calendar()
	first := day.MonthStart()
	if !c.IsWorkday(first) {
		first = c.AddWorkdays(first, 1)
	}
	if !c.IsWorkday(day) || day > c.AddWorkdays(first, catchUpDays) {
		return 0, nil
	}
	month := day.MonthStart().AddMonths(-1)
	to := day.MonthStart().AddDays(-1)
	recipients, err := s.StatementRecipients(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range recipients {
		st, err := s.Statement(ctx, r.Customer, month, to)
		if err != nil {
			return n, err
		}
		if len(st.Entries) == 0 && st.Closing == 0 {
			continue
		}
		open, err := s.Invoices(ctx, store.DocFilter{Scope: user.Scope{Customer: r.Customer}, OpenOnly: true, Limit: 1000})
		if err != nil {
			return n, err
		}
		ns := notify.Statement{Statement: st, Expires: day.AddDays(store.LinkDays)}
		for _, o := range open {
			ns.Open = append(ns.Open, notify.OpenInvoice{Number: o.Number, Due: o.Due, Open: o.Open})
		}
		made, err := s.EnqueueWithLink(ctx, statementActor, r.Customer, to, StatementKey(month, r.Customer), now, func(token string) (store.Outgoing, error) {
			ns.LinkURL = link.URL(baseURL, token)
			return statementMail(ns, r.Email)
		})
		if err != nil {
			return n, fmt.Errorf("statement of %s: %w", r.Customer, err)
		}
		if made {
			n++
		}
	}
	return n, nil
}

// statementMail is the statement as an e-mail to address.
func statementMail(st notify.Statement, address string) (store.Outgoing, error) {
	html, err := st.HTML()
	if err != nil {
		return store.Outgoing{}, err
	}
	var xlsx bytes.Buffer
	if err := export.WriteXLSX(&xlsx, tables.Statement(st, "zh")...); err != nil {
		return store.Outgoing{}, err
	}
	m := st.Message()
	y, mo, _ := st.To.YMD()
	return store.Outgoing{Kind: store.ChannelEmail, Address: address, Subject: m.Subject, Body: m.Markdown, HTML: html,
		AttachmentName: fmt.Sprintf("对账单-%s-%d%02d.xlsx", st.Customer, y, int(mo)), Attachment: xlsx.Bytes()}, nil
}
