package store_test

import (
	"context"
	"testing"
	"time"

	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestFinanceRole: migration 16 lets the database hold finance users
// without touching anyone's sessions (SQLite's CHECK is edited in place,
// not rebuilt with a cascade), still refuses an unknown role, and refuses
// to go back while a finance user exists.
func TestFinanceRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s, wang, _ := accessWorld(t, dbURL)
		if err := s.MigrateDownTo(ctx, 15); err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if u, err := s.SessionUser(ctx, "session", time.Now()); err != nil || u.ID != wang.ID {
			t.Fatalf("wang's session after migration 16: %+v, %v", u, err)
		}
		fin, err := s.CreateUser(ctx, admin, user.User{Login: "li.kuaiji", Name: "李会计", Role: user.Finance}, "hash2")
		if err != nil {
			t.Fatal(err)
		}
		if fin.Role != user.Finance || !fin.Scope().All {
			t.Errorf("finance user %+v: want role finance, seeing everything", fin)
		}
		if err := s.ExecForTest(ctx, `INSERT INTO users (login, name, role, password_hash, created_at) VALUES ('boss', 'b', 'boss', 'h', '2026-12-02T00:00:00.000000Z')`); err == nil {
			t.Error("the database took role boss")
		}
		if err := s.MigrateDownTo(ctx, 15); err == nil {
			t.Error("migrated below 16 with a finance user")
		}
	})
}
