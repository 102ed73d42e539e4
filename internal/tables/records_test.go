package tables_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/export"
	"huikuan/internal/importer"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/tables"
	"huikuan/internal/user"
)

// roundTripLedger has Chinese names, a phone with +86, every tier,
// invoices, a credit note, payments naming invoices, a prepayment and a
// dispute.
func roundTripLedger() store.Batch {
	d := civil.MustParse
	return store.Batch{
		Reps: []ledger.Rep{{Code: "R01", Name: "王芳"}, {Code: "R02", Name: "李强"}},
		Customers: []ledger.Customer{
			{Code: "C001", Name: "深圳华强电子有限公司", Region: "华南", Rep: "R01", Tier: ledger.TierA, CreditLimit: 10000000, TermsDays: 30, Contact: "张伟", Phone: "+8613800000000", Email: "caiwu@huaqiang.example"},
			{Code: "C002", Name: "广州粤达五金贸易有限公司", Region: "华南", Rep: "R02", Tier: ledger.TierB, CreditLimit: 5000000, TermsDays: 60, Contact: "陈静", Phone: "020-12345678"},
			{Code: "C003", Name: "=上海浦东机电设备厂", Region: "华东", Rep: "R01", Tier: ledger.TierC, CreditLimit: 0, TermsDays: 45, Contact: "-", Phone: "+86 138 0000 0006"},
			{Code: "C004", Name: "成都蜀丰农资", Region: "西南", Rep: "R02", Tier: ledger.TierD, CreditLimit: 123456, TermsDays: 0, Phone: "13900000000"},
		},
		Invoices: []ledger.Invoice{
			{Number: "INV-001", Customer: "C001", Issue: d("2026-03-01"), Due: d("2026-03-31"), Amount: 3000050},
			{Number: "INV-002", Customer: "C001", Issue: d("2026-05-10"), Due: d("2026-06-09"), Amount: 1200000, Electronic: true},
			{Number: "INV-003", Customer: "C002", Issue: d("2026-04-01"), Due: d("2026-05-31"), Amount: 9500000},
			{Number: "CN-001", Customer: "C002", Issue: d("2026-05-15"), Due: d("2026-05-15"), Amount: -500000},
			{Number: "INV-004", Customer: "C003", Issue: d("2026-06-20"), Due: d("2026-08-04"), Amount: 777777},
		},
		Payments: []ledger.Payment{
			{Number: "PAY-001", Customer: "C001", Date: d("2026-04-02"), Amount: 3000050, Invoices: []string{"INV-001"}},
			{Number: "PAY-002", Customer: "C002", Date: d("2026-06-01"), Amount: 2000000, Invoices: []string{"INV-003", "CN-001"}},
			{Number: "PAY-003", Customer: "C004", Date: d("2026-06-15"), Amount: 300000}, // a prepayment
		},
		Disputes: []ledger.Dispute{{Invoice: "INV-003", Amount: 100000, Opened: d("2026-06-10"), Note: "货损"}},
	}
}

// exported is one kind of the ledger's records written by LedgerRecords
// in format f.
func exported(t *testing.T, s *store.Store, kind string, f export.Format) []byte {
	t.Helper()
	ts, ok, err := tables.LedgerRecords(context.Background(), s, kind, store.DocFilter{Scope: tables.LedgerScope("")})
	if err != nil || !ok {
		t.Fatalf("LedgerRecords(%s): %v, %v", kind, ok, err)
	}
	var b bytes.Buffer
	if err := export.Write(&b, f, ts...); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reimport imports the three files (CSV or XLSX, detected) into s as
// `huikuan import` does,
// one kind at a time, and returns what each import did.
func reimport(t *testing.T, s *store.Store, files map[string][]byte) map[string]store.Counts {
	t.Helper()
	got := map[string]store.Counts{}
	for _, kind := range []string{importer.KindCustomers, importer.KindInvoices, importer.KindPayments} {
		var b store.Batch
		var err error
		r := bytes.NewReader(files[kind])
		switch kind {
		case importer.KindCustomers:
			var rows importer.Rows[ledger.Customer]
			rows, err = importer.ReadCustomersFrom(r, importer.Options{})
			b.Customers, b.CustomerRows = rows.Records, rows.Lines
		case importer.KindInvoices:
			var rows importer.Rows[ledger.Invoice]
			rows, err = importer.ReadInvoicesFrom(r, importer.Options{})
			b.Invoices, b.InvoiceRows = rows.Records, rows.Lines
		default:
			var rows importer.Rows[ledger.Payment]
			rows, err = importer.ReadPaymentsFrom(r, importer.Options{})
			b.Payments, b.PaymentRows = rows.Records, rows.Lines
		}
		if err != nil {
			t.Fatalf("read the exported %s: %v\n%s", kind, err, files[kind])
		}
		res, err := s.Apply(context.Background(), b)
		if err != nil {
			t.Fatalf("import the exported %s: %v\n%s", kind, err, files[kind])
		}
		got[kind] = map[string]store.Counts{importer.KindCustomers: res.Customers, importer.KindInvoices: res.Invoices, importer.KindPayments: res.Payments}[kind]
	}
	return got
}

func openStore(t *testing.T, url string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRecordsRoundTrip: the CSV and the XLSX export of the ledger
// imported into the same database change nothing, and into an empty one
// give the same aging, line by line, and the same statements (disputes
// are no part of the import formats, so the copy opens the same dispute
// itself).
func TestRecordsRoundTrip(t *testing.T) {
	for _, f := range []export.Format{export.CSV, export.XLSX} {
		t.Run(string(f), func(t *testing.T) { roundTrip(t, f) })
	}
}

func roundTrip(t *testing.T, format export.Format) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		src := openStore(t, url)
		want := roundTripLedger()
		if _, err := src.Apply(ctx, want); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, kind := range []string{"customers", "invoices", "payments"} {
			files[kind] = exported(t, src, kind, format)
		}
		if format == export.CSV {
			// Neither needs the formula escape: both are plain numbers.
			if !bytes.Contains(files["customers"], []byte(",+8613800000000,caiwu@huaqiang.example\r\n")) || !bytes.Contains(files["invoices"], []byte(",-5000.00,\r\n")) || !bytes.Contains(files["invoices"], []byte(",12000.00,yes\r\n")) {
				t.Errorf("the phone or the credit note is not written as it is:\n%s\n%s", files["customers"], files["invoices"])
			}
		}
		counts := reimport(t, src, files)
		n := map[string]int{"customers": len(want.Customers), "invoices": len(want.Invoices), "payments": len(want.Payments)}
		for kind, c := range counts {
			if c != (store.Counts{Unchanged: n[kind]}) {
				t.Errorf("re-importing the exported %s into the same database: %+v; want all %d unchanged\n%s", kind, c, n[kind], files[kind])
			}
		}

		dst := openStore(t, storetest.SQLiteURL(t))
		if url[:7] != "sqlite:" {
			dst = openStore(t, storetest.PostgresURL(t))
		}
		if counts := reimport(t, dst, files); counts["customers"].Created != n["customers"] {
			t.Errorf("import into an empty database: %+v", counts)
		}
		for _, d := range want.Disputes {
			if _, err := dst.OpenDispute(ctx, d.Invoice, d.Amount, d.Opened, d.Note); err != nil {
				t.Fatal(err)
			}
		}
		sameBooks(t, src, dst, want)
		got, err := dst.Invoices(ctx, store.DocFilter{Scope: user.Scope{All: true}})
		if err != nil || len(got) != len(want.Invoices) {
			t.Fatalf("%d invoices after the round trip, %v", len(got), err)
		}
		for _, inv := range got {
			if inv.Electronic != (inv.Number == "INV-002") {
				t.Errorf("invoice %s after the round trip: electronic %v", inv.Number, inv.Electronic)
			}
		}
	})
}

// sameBooks checks that a and b give the same aging and statements.
func sameBooks(t *testing.T, a, b *store.Store, l store.Batch) {
	t.Helper()
	ctx := context.Background()
	for _, asOf := range []civil.Date{civil.MustParse("2026-05-31"), civil.MustParse("2026-06-30")} {
		ra, err := a.Aging(ctx, asOf, ledger.DefaultBuckets(), store.AgingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		rb, err := b.Aging(ctx, asOf, ledger.DefaultBuckets(), store.AgingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ra.Customers) != len(rb.Customers) {
			t.Fatalf("aging on %s: %d customers, %d after the round trip", asOf, len(ra.Customers), len(rb.Customers))
		}
		for i := range ra.Customers {
			if !reflect.DeepEqual(ra.Customers[i], rb.Customers[i]) {
				t.Errorf("aging on %s, line %d:\n%+v\nafter the round trip:\n%+v", asOf, i, ra.Customers[i], rb.Customers[i])
			}
		}
		if !reflect.DeepEqual(ra, rb) {
			t.Errorf("aging on %s differs after the round trip:\n%+v\n%+v", asOf, ra, rb)
		}
	}
	for _, c := range l.Customers {
		sa, err := a.Statement(ctx, c.Code, 0, civil.MustParse("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		sb, err := b.Statement(ctx, c.Code, 0, civil.MustParse("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sa, sb) {
			t.Errorf("statement of %s differs after the round trip:\n%+v\n%+v", c.Code, sa, sb)
		}
	}
}
