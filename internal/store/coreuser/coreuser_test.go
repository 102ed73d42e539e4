// Package coreuser holds no code: its test shows that a storage package
// other than store, under internal/store, can open the SQL core (sqldb)
// and run its SQL in the core's transactions on both databases, as plans,
// scorecard reads or a notification outbox will.
package coreuser_test

import (
	"context"
	"errors"
	"testing"

	"huikuan/internal/store/sqldb"
	"huikuan/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestSecondPackageOnTheCore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		db, err := sqldb.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if v, err := db.SchemaVersion(ctx); err != nil || v < 8 {
			t.Fatalf("schema version %d, %v: the core's migrations did not run", v, err)
		}
		writes := db.Writes()
		// A write transaction: rows in bulk (COPY on PostgreSQL) and the
		// audit log, committed together.
		names := []string{"华东", "华南", "华北"}
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			if err := tx.WriteRows(ctx, "regions", []string{"name"}, len(names), func(i int, vals []any) { vals[0] = names[i] }); err != nil {
				return err
			}
			return tx.Audit(ctx, sqldb.Actor{Name: "coreuser"}, "create", "region", "华东", "", `{"n":3}`)
		})
		if err != nil {
			t.Fatal(err)
		}
		if db.Writes() != writes+1 {
			t.Errorf("writes %d after one committed transaction, want %d", db.Writes(), writes+1)
		}
		// A failed transaction leaves nothing, and a duplicate is told by
		// the driver's code.
		boom := errors.New("boom")
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO regions (name) VALUES ($1)`, "西北"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx returned %v, want fn's error", err)
		}
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO regions (name) VALUES ($1)`, "华南")
			return err
		})
		if !sqldb.IsUniqueViolation(err) {
			t.Errorf("a second 华南: %v, want a unique violation", err)
		}
		var regions, audited int
		err = db.ReadTx(ctx, func(q sqldb.Querier) error {
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&regions); err != nil {
				return err
			}
			return q.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE actor = 'coreuser'`).Scan(&audited)
		})
		if err != nil || regions != 3 || audited != 1 {
			t.Errorf("read %d regions and %d audit lines (%v), want 3 and 1", regions, audited, err)
		}
	})
}
