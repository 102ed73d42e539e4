package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var d = civil.MustParse

func open(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func cust(code, rep string, limitYuan int64) ledger.Customer {
	return ledger.Customer{Code: code, Name: "客户" + code, Region: "华东", Rep: rep, Tier: ledger.TierB, CreditLimit: money.Yuan(limitYuan), TermsDays: 30}
}

func inv(num, c, issue, due string, yuan int64) ledger.Invoice {
	return ledger.Invoice{Number: num, Customer: c, Issue: d(issue), Due: d(due), Amount: money.Yuan(yuan)}
}

func pay(num, c, date string, yuan int64, named ...string) ledger.Payment {
	return ledger.Payment{Number: num, Customer: c, Date: d(date), Amount: money.Yuan(yuan), Invoices: named}
}

// scenario is the hand-computed ledger of ledger.TestAgingScenario, without
// its dispute (added by the test that needs it).
func scenario() store.Batch {
	return store.Batch{
		Customers: []ledger.Customer{cust("C1", "R1", 1000), cust("C2", "R1", 5000), cust("C3", "R2", 5000)},
		Invoices: []ledger.Invoice{
			inv("I1", "C1", "2026-01-01", "2026-01-31", 1000), inv("I2", "C1", "2026-04-01", "2026-05-01", 500), inv("I3", "C1", "2026-06-10", "2026-07-10", 300),
			inv("I4", "C2", "2026-05-20", "2026-06-19", 800), inv("CN1", "C2", "2026-06-01", "2026-06-01", -100),
			inv("I5", "C3", "2025-10-01", "2025-10-31", 2000), inv("I6", "C3", "2026-04-15", "2026-05-15", 250),
		},
		Payments: []ledger.Payment{pay("P1", "C1", "2026-03-01", 600), pay("P2", "C2", "2026-06-25", 1000), pay("P3", "C3", "2026-02-01", 1000)},
	}
}

func bucketTotals(r *ledger.AgingReport) []money.Amount {
	var out []money.Amount
	for _, b := range r.Buckets {
		out = append(out, b.Amount)
	}
	return out
}

func TestAgingScenario(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenDispute(ctx, "I5", money.Yuan(600), d("2026-01-10"), "质量问题"); err != nil {
			t.Fatal(err)
		}
		y := money.Yuan
		r, err := s.Aging(ctx, d("2026-06-30"), ledger.DefaultBuckets(), store.AgingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]money.Amount{y(300), 0, y(750), 0, y(400), y(400)}, bucketTotals(r)); diff != "" {
			t.Errorf("buckets (-want +got):\n%s", diff)
		}
		if r.Total != y(1850) || r.Prepaid != y(300) || r.Disputed != y(600) {
			t.Errorf("total %s prepaid %s disputed %s; want 1850, 300, 600", r.Total, r.Prepaid, r.Disputed)
		}
		if len(r.Customers) != 3 || !r.Customers[0].OverLimit || r.Customers[1].OverLimit {
			t.Errorf("customer lines: %+v", r.Customers)
		}
		// A past date goes through the reconstructing query.
		early, err := s.Aging(ctx, d("2026-02-15"), ledger.DefaultBuckets(), store.AgingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]money.Amount{0, y(1000), 0, 0, y(400), 0}, bucketTotals(early)); diff != "" {
			t.Errorf("early buckets (-want +got):\n%s", diff)
		}
		byRep, err := s.Aging(ctx, d("2026-06-30"), ledger.DefaultBuckets(), store.AgingFilter{Rep: "R2"})
		if err != nil {
			t.Fatal(err)
		}
		if len(byRep.Customers) != 1 || byRep.Customers[0].Code != "C3" || byRep.Total != y(650) {
			t.Errorf("rep R2: %d customers, total %s; want only C3 with 650", len(byRep.Customers), byRep.Total)
		}
		if _, err := s.Aging(ctx, d("2026-06-30"), ledger.DefaultBuckets(), store.AgingFilter{Rep: "NOPE"}); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("unknown rep: err = %v, want ErrNotFound", err)
		}
	})
}

func TestApplyIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		first, err := s.Apply(ctx, scenario())
		if err != nil {
			t.Fatal(err)
		}
		before, _ := s.Counts(ctx)
		again, err := s.Apply(ctx, scenario())
		if err != nil {
			t.Fatal(err)
		}
		after, _ := s.Counts(ctx)
		if first.Invoices.Created != 7 || first.Payments.Created != 3 || first.Customers.Created != 3 {
			t.Errorf("first apply: %+v", first)
		}
		want := store.Result{Customers: store.Counts{Unchanged: 3}, Invoices: store.Counts{Unchanged: 7}, Payments: store.Counts{Unchanged: 3}}
		if again != want {
			t.Errorf("second apply = %+v, want %+v", again, want)
		}
		if before != after {
			t.Errorf("second apply changed the tables: %+v -> %+v", before, after)
		}
	})
}

func TestApplyRejectsBadBatchesWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		before, _ := s.Counts(ctx)
		tests := []struct {
			name  string
			batch store.Batch
			want  []errs.FieldError
		}{
			{
				name: "invoice number exists with another amount",
				batch: store.Batch{
					Customers:   []ledger.Customer{cust("C9", "R9", 100)},
					Invoices:    []ledger.Invoice{inv("I9", "C9", "2026-06-01", "2026-07-01", 5), inv("I1", "C1", "2026-01-01", "2026-01-31", 999)},
					InvoiceRows: []int{2, 3},
				},
				want: []errs.FieldError{{Row: 3, Field: "amount", Message: "invoice I1 already exists with amount 1000.00; the input says 999.00"}},
			},
			{
				name: "invoice number exists under another customer",
				batch: store.Batch{
					Invoices:    []ledger.Invoice{inv("I9", "C2", "2026-06-01", "2026-07-01", 5), inv("I1", "C2", "2026-01-01", "2026-01-31", 1000)},
					InvoiceRows: []int{7, 8},
				},
				want: []errs.FieldError{{Row: 8, Field: "customer", Message: "invoice I1 already exists with customer C1; the input says C2"}},
			},
			{
				name:  "payment number exists under another customer",
				batch: store.Batch{Payments: []ledger.Payment{pay("P1", "C3", "2026-03-01", 600)}},
				want:  []errs.FieldError{{Row: 1, Field: "customer", Message: "payment P1 already exists with customer C1; the input says C3"}},
			},
			{
				name: "unknown customer and duplicate number",
				batch: store.Batch{
					Invoices: []ledger.Invoice{inv("I8", "NOPE", "2026-06-01", "2026-07-01", 5), inv("I7", "C1", "2026-06-01", "2026-07-01", 5), inv("I7", "C1", "2026-06-01", "2026-07-01", 5)},
				},
				want: []errs.FieldError{
					{Row: 1, Field: "customer", Message: `unknown customer "NOPE"`},
					{Row: 3, Field: "number", Message: "invoice I7 appears twice in the input (first at row 2)"},
				},
			},
			{
				name: "payment names another customer's invoice or an unknown one",
				batch: store.Batch{
					Payments:    []ledger.Payment{pay("P9", "C2", "2026-06-30", 10, "I1"), pay("P8", "C2", "2026-06-30", 10, "X1"), pay("P7", "C1", "2026-06-30", 10, "I4")},
					PaymentRows: []int{5, 6, 7},
				},
				want: []errs.FieldError{
					{Row: 5, Field: "invoices", Message: "invoice I1 belongs to customer C1, not C2"},
					{Row: 6, Field: "invoices", Message: `unknown invoice "X1"`},
					{Row: 7, Field: "invoices", Message: "invoice I4 belongs to customer C2, not C1"},
				},
			},
			{
				name:  "payment number exists with another date",
				batch: store.Batch{Payments: []ledger.Payment{pay("P1", "C1", "2026-03-02", 600)}},
				want:  []errs.FieldError{{Row: 1, Field: "date", Message: "payment P1 already exists with date 2026-03-01; the input says 2026-03-02"}},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Apply(ctx, tt.batch)
				var inv *errs.Invalid
				if !errors.As(err, &inv) {
					t.Fatalf("err = %v, want *errs.Invalid", err)
				}
				if diff := cmp.Diff(tt.want, inv.Fields); diff != "" {
					t.Errorf("field errors (-want +got):\n%s", diff)
				}
				if after, _ := s.Counts(ctx); after != before {
					t.Errorf("a rejected batch wrote something: %+v -> %+v", before, after)
				}
			})
		}
	})
}

func TestStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		st, err := s.Statement(ctx, "C2", d("2026-05-01"), d("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range st.Entries {
			got = append(got, e.Date.String()+" "+e.Number+" "+e.Amount.String()+" "+e.Balance.String())
		}
		want := []string{"2026-05-20 I4 800.00 800.00", "2026-06-01 CN1 -100.00 700.00", "2026-06-25 P2 -1000.00 -300.00"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("entries (-want +got):\n%s", diff)
		}
		if st.Opening != 0 || st.Closing != money.Yuan(-300) {
			t.Errorf("opening %s closing %s, want 0 and -300", st.Opening, st.Closing)
		}
		if _, err := s.Statement(ctx, "NOPE", 0, d("2026-06-30")); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("unknown customer: err = %v", err)
		}
		// The opening balance read as sums and the period's documents alone
		// make the statement the whole book makes, for every customer and
		// period (a from between documents, on one, none).
		for _, c := range scenario().Customers {
			cust, book, _, err := s.Documents(ctx, c.Code)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range [][2]string{{"", "2026-06-30"}, {"2026-05-20", "2026-06-30"}, {"2026-06-01", "2026-06-24"}, {"2026-04-15", "2026-05-31"}, {"2026-07-01", "2026-07-31"}} {
				var from civil.Date
				if p[0] != "" {
					from = d(p[0])
				}
				got, err := s.Statement(ctx, c.Code, from, d(p[1]))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(ledger.MakeStatement(cust, book, from, d(p[1])), got); diff != "" {
					t.Errorf("%s %v (-book +store):\n%s", c.Code, p, diff)
				}
			}
		}
	})
}

// TestAgingMatchesReference builds a random ledger in several batches, with
// payments recorded before and after the invoices they pay and disputes
// opened and resolved, then checks the stored aging against the pure
// reference, ledger.AgeCustomer, on many dates: both the query over kept
// open amounts (latest date) and the reconstruction (past dates).
func TestAgingMatchesReference(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		rng := rand.New(rand.NewPCG(7, 11))
		start := d("2025-01-01")
		var customers []ledger.Customer
		books := map[string]*ledger.Book{}
		var batches [3]store.Batch
		for c := range 12 {
			cu := cust(fmt.Sprintf("C%02d", c), "R"+strconv.Itoa(c%3), int64(rng.IntN(5000)))
			customers = append(customers, cu)
			batches[0].Customers = append(batches[0].Customers, cu)
			bk := &ledger.Book{}
			books[cu.Code] = bk
			for k := range 15 {
				issue := start.AddDays(rng.IntN(400))
				amt := int64(rng.IntN(1000) + 1)
				if rng.IntN(10) == 0 {
					amt = -amt / 3
				}
				iv := ledger.Invoice{Number: cu.Code + "-I" + strconv.Itoa(k), Customer: cu.Code, Issue: issue, Due: issue.AddDays(rng.IntN(60)), Amount: money.Amount(amt*100 + int64(rng.IntN(100)))}
				if iv.Amount == 0 {
					iv.Amount = 1
				}
				bk.Invoices = append(bk.Invoices, iv)
				k := rng.IntN(3)
				batches[k].Invoices = append(batches[k].Invoices, iv)
			}
			for k := range 10 {
				p := ledger.Payment{Number: cu.Code + "-P" + strconv.Itoa(k), Customer: cu.Code, Date: start.AddDays(rng.IntN(420)), Amount: money.Amount(rng.IntN(120000) + 1)}
				bk.Payments = append(bk.Payments, p)
				k := rng.IntN(3)
				batches[k].Payments = append(batches[k].Payments, p)
			}
		}
		for _, b := range batches {
			if _, err := s.Apply(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		// Disputes on a few invoices, some resolved.
		for c := 0; c < 12; c += 3 {
			iv := books[customers[c].Code].Invoices[c%5]
			if iv.Amount < 0 {
				continue
			}
			opened := iv.Issue.AddDays(5)
			id, err := s.OpenDispute(ctx, iv.Number, iv.Amount/2+1, opened, "")
			if err != nil {
				t.Fatal(err)
			}
			dp := ledger.Dispute{Invoice: iv.Number, Amount: iv.Amount/2 + 1, Opened: opened, Resolved: civil.Never}
			if c%2 == 0 {
				dp.Resolved = opened.AddDays(40)
				if err := s.ResolveDispute(ctx, id, dp.Resolved); err != nil {
					t.Fatal(err)
				}
			}
			bk := books[customers[c].Code]
			bk.Disputes = append(bk.Disputes, dp)
		}
		for _, asOf := range []civil.Date{d("2025-01-15"), d("2025-03-31"), d("2025-06-30"), d("2025-09-15"), d("2025-12-31"), d("2026-02-20"), d("2026-06-30")} {
			got, err := s.Aging(ctx, asOf, ledger.DefaultBuckets(), store.AgingFilter{})
			if err != nil {
				t.Fatal(err)
			}
			want := ledger.NewAgingReport(asOf, ledger.DefaultBuckets())
			for _, c := range customers {
				line := ledger.AgeCustomer(c, *books[c.Code], asOf, ledger.DefaultBuckets())
				if line.Prepaid != 0 || line.Disputed != 0 || !allZero(line.Buckets) {
					want.Add(line)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("aging as of %s (-reference +store):\n%s", asOf, diff)
			}
		}
	})
}

func allZero(xs []money.Amount) bool {
	for _, x := range xs {
		if x != 0 {
			return false
		}
	}
	return true
}

func TestCustomersListScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		b := scenario()
		b.Reps = []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}, {Code: "R2", Name: "李二", Region: "华东", Team: "西区"}}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		today := d("2026-06-30")
		codes := func(f store.CustomerFilter) []string {
			t.Helper()
			f.Today = today
			rows, total, err := s.Customers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.Code)
			}
			if total < len(out) {
				t.Errorf("total %d < %d rows", total, len(out))
			}
			return out
		}
		tests := []struct {
			name string
			f    store.CustomerFilter
			want []string
		}{
			{"admin sees all", store.CustomerFilter{Scope: user.Scope{All: true}}, []string{"C1", "C2", "C3"}},
			{"rep sees own", store.CustomerFilter{Scope: user.Scope{Rep: "R2"}}, []string{"C3"}},
			{"manager sees team", store.CustomerFilter{Scope: user.Scope{Team: "东区"}}, []string{"C1", "C2"}},
			{"no scope sees nothing", store.CustomerFilter{}, nil},
			{"overdue only", store.CustomerFilter{Scope: user.Scope{All: true}, HasOverdue: true}, []string{"C1", "C3"}},
			{"by balance, largest first", store.CustomerFilter{Scope: user.Scope{All: true}, Sort: "balance", Desc: true}, []string{"C3", "C1", "C2"}}, // 1250, 1200, -300
			{"search", store.CustomerFilter{Scope: user.Scope{All: true}, Search: "c2"}, []string{"C2"}},
			{"page", store.CustomerFilter{Scope: user.Scope{All: true}, Limit: 1, Offset: 1}, []string{"C2"}},
		}
		for _, tt := range tests {
			if diff := cmp.Diff(tt.want, codes(tt.f)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		c1, err := s.CustomerRow(ctx, "C1", user.Scope{Rep: "R1"}, today)
		if err != nil {
			t.Fatal(err)
		}
		// C1 owes 1200: I1's 400 due 01-31 and I2's 500 due 05-01 are overdue.
		if c1.Balance() != money.Yuan(1200) || c1.Overdue != money.Yuan(900) || c1.OverdueDays(today) != 150 || !c1.OverLimit() {
			t.Errorf("C1: balance %s overdue %s days %d over limit %v", c1.Balance(), c1.Overdue, c1.OverdueDays(today), c1.OverLimit())
		}
		if _, err := s.CustomerRow(ctx, "C1", user.Scope{Rep: "R2"}, today); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("another rep's customer: err = %v, want ErrNotFound", err)
		}
	})
}

func TestUsersAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, store.Batch{Reps: []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东"}}}); err != nil {
			t.Fatal(err)
		}
		u, err := s.CreateUser(ctx, store.Actor{Name: "test"}, user.User{Login: "wang", Name: "王一", Role: user.Rep, Rep: "R1"}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, store.Actor{Name: "test"}, user.User{Login: "wang", Name: "又一个", Role: user.Admin}, "hash"); !errors.Is(err, errs.ErrConflict) {
			t.Errorf("duplicate login: err = %v", err)
		}
		if _, err := s.CreateUser(ctx, store.Actor{Name: "test"}, user.User{Login: "li", Name: "李", Role: user.Rep, Rep: "R9"}, "hash"); err == nil {
			t.Error("a user for an unknown rep was created")
		}
		now := time.Now()
		if err := s.CreateSession(ctx, u.ID, "tok1", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, u.ID, "old", now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		got, err := s.SessionUser(ctx, "tok1", now)
		if err != nil || got.Login != "wang" || got.Rep != "R1" || got.Role != user.Rep {
			t.Errorf("session user = %+v, %v", got, err)
		}
		if _, err := s.SessionUser(ctx, "old", now); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("expired session: err = %v", err)
		}
		if err := s.SetPassword(ctx, store.Actor{Name: "test"}, "wang", "hash2"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, "tok1", now); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a new password must end the sessions: err = %v", err)
		}
		if err := s.CreateAPIToken(ctx, "wang", "apitok"); err != nil {
			t.Fatal(err)
		}
		if got, err := s.TokenUser(ctx, "apitok"); err != nil || got.Login != "wang" {
			t.Errorf("token user = %+v, %v", got, err)
		}
	})
}

// TestCommitmentOutcomes records promises and payments and checks what the
// store decides, on both databases.
func TestCommitmentOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		if _, err := s.Apply(ctx, scenario()); err != nil {
			t.Fatal(err)
		}
		all := user.Scope{All: true}
		actor := store.Actor{Name: "test"}
		kept, err := s.CreateCommitment(ctx, actor, all, store.NewCommitment{Customer: "C1", Amount: money.Yuan(400), Made: d("2026-07-01"), Due: d("2026-07-10"), SupportKind: "downstream_promotion"})
		if err != nil {
			t.Fatal(err)
		}
		broken, err := s.CreateCommitment(ctx, actor, all, store.NewCommitment{Customer: "C1", Amount: money.Yuan(300), Made: d("2026-07-02"), Due: d("2026-07-05")})
		if err != nil {
			t.Fatal(err)
		}
		if kept.Status != commitment.Open || broken.Status != commitment.Open {
			t.Fatalf("new commitments: %s, %s", kept.Status, broken.Status)
		}
		// A promise sent twice from the same form is recorded once.
		var ids []int64
		for range 2 {
			c, err := s.CreateCommitment(ctx, actor, all, store.NewCommitment{Customer: "C3", Amount: money.Yuan(50), Made: d("2026-07-01"), Due: d("2026-07-09"), Ref: "web:form-1"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		if c3, err := s.Commitments(ctx, store.CommitmentFilter{Scope: all, Customer: "C3"}); err != nil || len(c3) != 1 || ids[0] != ids[1] {
			t.Errorf("a promise sent twice with one ref: ids %v, %d recorded, %v", ids, len(c3), err)
		}
		// A payment of 500 on 07-08: the 400 promise is kept; the 300 one
		// was due 07-05 and gets nothing.
		if _, err := s.Apply(ctx, store.Batch{Payments: []ledger.Payment{pay("P7", "C1", "2026-07-08", 500)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideCommitments(ctx, d("2026-07-20")); err != nil {
			t.Fatal(err)
		}
		got, err := s.Commitments(ctx, store.CommitmentFilter{Scope: all, Customer: "C1"})
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, c := range got {
			lines = append(lines, fmt.Sprintf("%s %s %s %s", c.Commitment.Amount, c.Status, c.Fulfilled, c.DecidedOn))
		}
		want := []string{"400.00 kept 400.00 2026-07-08", "300.00 broken 0.00 2026-07-06"}
		if diff := cmp.Diff(want, lines); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		// On 07-30 the 1,100 paid covers I1 (1,000) but not I2, due 05-01:
		// the oldest unpaid invoice is 90 days past due.
		cr, err := s.ScoreCommitment(ctx, all, store.NewCommitment{Customer: "C1", Amount: money.Yuan(200), Made: d("2026-07-30"), Due: d("2026-08-10")})
		if err != nil {
			t.Fatal(err)
		}
		var reasons []string
		for _, r := range cr.Reasons {
			reasons = append(reasons, r.Code+": "+r.TextZh)
		}
		if !slices.Contains(reasons, "overdue_age: 最早未付发票已逾期 90 天") || !slices.Contains(reasons, "history: 此前 2 次承诺兑现 1 次") {
			t.Errorf("reasons %q", reasons)
		}
		if _, err := s.CreateCommitment(ctx, actor, user.Scope{Rep: "R2"}, store.NewCommitment{Customer: "C1", Amount: 1, Made: d("2026-07-01"), Due: d("2026-07-10")}); err == nil {
			t.Error("a rep recorded a promise for another rep's customer")
		}
		if err := s.CancelCommitment(ctx, actor, user.Scope{Rep: "R2"}, kept.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("another rep cancelling: %v", err)
		}
		if err := s.CancelCommitment(ctx, actor, all, broken.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Commitments(ctx, store.CommitmentFilter{Scope: all, ID: broken.ID})
		if len(got) != 1 || got[0].Status != commitment.Cancelled {
			t.Errorf("after cancelling: %+v", got)
		}
	})
}
