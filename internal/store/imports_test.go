package store_test

import (
	"context"
	"errors"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestImportHistory: an upload is kept until it is imported, the import
// marks it imported with its counts in the batch's own transaction (a dry
// run leaves it waiting), it cannot be imported twice, and a file from the
// command line gets a line of its own.
func TestImportHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		fin := store.Actor{Name: "li.kuaiji"}
		content := []byte("code,name\n")
		id, err := s.AddUpload(ctx, fin, "客户.csv", content)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetUploadReading(ctx, store.Upload{ID: id, Encoding: "gb18030", Kind: "customers", Profile: "kingdee", Mapping: `{"name":"x"}`}); err != nil {
			t.Fatal(err)
		}
		u, err := s.Upload(ctx, id)
		if err != nil || string(u.Content) != string(content) || u.Status != store.UploadWaiting || u.Profile != "kingdee" || u.Encoding != "gb18030" || u.Actor != "li.kuaiji" {
			t.Fatalf("the upload: %+v, %v", u, err)
		}
		if _, err := s.Upload(ctx, id+1); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("an upload that is not there: %v, want not found", err)
		}
		b := scenario()
		b.Actor, b.Source = &fin, "customers 客户.csv"
		b.Import = &store.ImportRecord{ID: id, File: "客户.csv", Size: int64(len(content)), Kind: "customers", Profile: "kingdee", Rows: len(b.Customers)}
		dry := b
		dry.DryRun = true
		if _, err := s.Apply(ctx, dry); err != nil {
			t.Fatal(err)
		}
		if u, _ := s.Upload(ctx, id); u.Status != store.UploadWaiting {
			t.Errorf("after a dry run the upload is %q", u.Status)
		}
		res, err := s.Apply(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		u, err = s.Upload(ctx, id)
		if err != nil || u.Status != store.UploadImported || u.Content != nil || u.Created != res.Customers.Created+res.Invoices.Created+res.Payments.Created || u.Rows != 3 || u.Finished.IsZero() {
			t.Errorf("the imported upload: %+v, %v (result %+v)", u, err, res)
		}
		again := scenario()
		again.Actor, again.Import = &fin, &store.ImportRecord{ID: id, File: "客户.csv"}
		again.Customers[0].Name = "改了名"
		if _, err := s.Apply(ctx, again); err == nil {
			t.Error("imported the same upload twice")
		}
		if c, _ := s.CustomerRow(ctx, "C1", user.Scope{All: true}, civil.MustParse("2026-07-01")); c.Name == "改了名" {
			t.Error("the refused second import wrote a customer")
		}
		cli := store.Batch{Customers: []ledger.Customer{cust("C9", "R1", 100)}, Actor: &store.Actor{Name: "cli"},
			Import: &store.ImportRecord{File: "more.csv", Size: 10, Kind: "customers", Profile: "huikuan", Rows: 1}}
		if _, err := s.Apply(ctx, cli); err != nil {
			t.Fatal(err)
		}
		h, err := s.Imports(ctx, 10)
		if err != nil || len(h) != 2 || h[0].File != "more.csv" || h[0].Created != 1 || h[0].Status != store.UploadImported || h[1].ID != id {
			t.Errorf("the history: %+v, %v", h, err)
		}
		if err := s.DiscardUpload(ctx, id); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("discarding an imported upload: %v", err)
		}
	})
}

// TestImportProfiles: a profile saved twice under one name is replaced,
// and the change is audited once.
func TestImportProfiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := open(t, dbURL)
		a := store.Actor{Name: "li.kuaiji"}
		for _, m := range []string{`{"a":1}`, `{"a":1}`, `{"a":2}`} {
			if err := s.SaveImportProfile(ctx, a, store.SavedProfile{Name: "我们的金蝶", Kind: "invoices", Mapping: m}); err != nil {
				t.Fatal(err)
			}
		}
		ps, err := s.ImportProfiles(ctx)
		if err != nil || len(ps) != 1 || ps[0].Mapping != `{"a":2}` || ps[0].SavedBy != "li.kuaiji" {
			t.Errorf("profiles: %+v, %v", ps, err)
		}
		log, _ := s.Audit(ctx, 10)
		n := 0
		for _, e := range log {
			if e.Entity == "import_profile" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d audit entries for the profile, want 2 (created, changed)", n)
		}
	})
}
