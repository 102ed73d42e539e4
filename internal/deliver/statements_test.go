package deliver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/deliver"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/xlsxcheck"
)

// TestMonthlyStatements: on December's first working day the dealers with
// an e-mail address get November's statement — the text, the HTML with a
// dealer link that opens that customer's statement as of November 30,
// and an XLSX attachment that a second reader (openpyxl) reads back —
// once, however often the morning runs; a customer without an address
// gets none.
func TestMonthlyStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, mail, _ := alertWorld(t, dbURL)
		d := civil.MustParse
		cust := func(code, rep, email string) ledger.Customer {
			return ledger.Customer{Code: code, Name: "客户" + code, Region: "华东", Rep: rep, Tier: ledger.TierB, CreditLimit: money.Yuan(500000), TermsDays: 30, Email: email}
		}
		b := store.Batch{Customers: []ledger.Customer{cust("C1", "R1", "caiwu@c1.example"), cust("C3", "R2", "boss@c3.example")},
			Payments: []ledger.Payment{{Number: "P1", Customer: "C1", Date: d("2026-11-20"), Amount: money.Yuan(120000)}}}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if n, err := deliver.EnqueueStatements(ctx, s, d("2026-11-30"), "https://hk.example.com", now); err != nil || n != 0 {
			t.Errorf("on a Monday that is not the month's first working day: %d, %v", n, err)
		}
		day := d("2026-12-01")
		if n, err := deliver.EnqueueStatements(ctx, s, day, "https://hk.example.com", now); err != nil || n != 2 {
			t.Fatalf("enqueued %d, %v; want the two dealers with an address", n, err)
		}
		if n, err := deliver.EnqueueStatements(ctx, s, day.AddDays(1), "https://hk.example.com", now); err != nil || n != 0 {
			t.Errorf("the next morning: %d more, %v", n, err)
		}
		w := &deliver.Worker{Store: s, Sender: smtpSender(t, mail), Now: time.Now}
		if res, err := w.Run(ctx); err != nil || res.Sent != 2 {
			t.Fatalf("run: %+v, %v", res, err)
		}
		var got bool
		for _, ml := range mail.Mails() {
			if ml.To[0] != "caiwu@c1.example" {
				continue
			}
			got = true
			if ml.Subject != "客户C1 2026年11月对账单" || !strings.Contains(ml.Text, "期初余额 ¥0.00，期末余额 ¥180,000.00") || !strings.Contains(ml.HTML, "<strong>¥180,000.00</strong>") {
				t.Errorf("C1's statement: %q\n%s\n%s", ml.Subject, ml.Text, ml.HTML)
			}
			url := regexp.MustCompile(`https://hk\.example\.com/d/[A-Za-z0-9_.-]+`).FindString(ml.HTML)
			l, err := s.OpenLink(ctx, strings.TrimPrefix(url, "https://hk.example.com/d/"), time.Now())
			if err != nil || l.Customer != "C1" || l.AsOf != d("2026-11-30") || !strings.Contains(ml.Text, url) {
				t.Errorf("the statement's link %q opens %+v, %v", url, l, err)
			}
			x := ml.Attachments["对账单-C1-202611.xlsx"]
			if len(x) == 0 {
				t.Fatalf("attachments %v", ml.Attachments)
			}
			rows := firstSheet(t, x)
			want := [][]string{{"日期", "类型", "单号", "到期日", "金额", "余额"},
				{"2026-11-01", "期初余额", "", "", "", "0"},
				{"2026-11-01", "发票", "I1", "2026-12-01", "300000", "300000"},
				{"2026-11-20", "回款", "P1", "", "-120000", "180000"},
				{"2026-11-30", "期末余额", "", "", "", "180000"}}
			if rows != nil && strings.Join(flat(rows), "|") != strings.Join(flat(want), "|") {
				t.Errorf("the attachment's first sheet, read by openpyxl:\n%v\nwant\n%v", rows, want)
			}
		}
		if !got {
			t.Errorf("no statement to C1: %+v", mail.Mails())
		}
	})
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, ","))
	}
	return out
}

// firstSheet is the first sheet of a workbook as openpyxl reads it, each
// cell as text (a whole number without its ".0", dates as YYYY-MM-DD);
// nil without the reader (xlsxcheck.Reader: a failure in CI).
func firstSheet(t *testing.T, b []byte) [][]string {
	t.Helper()
	py := xlsxcheck.Reader(t)
	if py == "" {
		t.Log("the attachment is not read back: no python3 with openpyxl")
		return nil
	}
	var rows [][]string
	for _, row := range xlsxcheck.Dump(t, py, b)[0].Rows {
		var cells []string
		for _, c := range row {
			switch v := c.V.(type) {
			case nil:
				cells = append(cells, "")
			case json.Number:
				f, _ := v.Float64()
				cells = append(cells, strconv.FormatFloat(f, 'f', -1, 64))
			default:
				cells = append(cells, fmt.Sprint(v))
			}
		}
		rows = append(rows, cells)
	}
	return rows
}
