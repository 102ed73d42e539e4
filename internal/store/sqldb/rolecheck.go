package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The role lists of users.role's CHECK constraint: as first shipped, and
// with finance (migration 16).
const (
	firstRoles   = `'admin', 'manager', 'rep'`
	financeRoles = `'admin', 'manager', 'rep', 'finance'`
)

// roleCheck returns a migration that makes users.role accept the roles
// listed. PostgreSQL replaces the constraint. SQLite cannot alter one, and
// rebuilding users would cascade-delete every session and token that
// points at it, so the table's stored definition is edited in place: the
// procedure SQLite's documentation gives for loosening a CHECK, which
// existing rows satisfy by construction. Going back to the narrower list is
// refused while a finance user exists, since that row would break it.
func roleCheck(d Dialect, roles string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		if roles == firstRoles {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'finance'`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%d finance users exist: change their role before going below migration 16", n)
			}
		}
		if d == Postgres {
			_, err := tx.ExecContext(ctx, `ALTER TABLE users DROP CONSTRAINT users_role_check,
				ADD CONSTRAINT users_role_check CHECK (role IN (`+roles+`))`)
			return err
		}
		return sqliteRoleCheck(ctx, tx, roles)
	}
}

func sqliteRoleCheck(ctx context.Context, tx *sql.Tx, roles string) error {
	var def string
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'users'`).Scan(&def); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&version); err != nil {
		return err
	}
	i := strings.Index(def, "CHECK (role IN (")
	j := strings.Index(def[max(i, 0):], "))")
	if i < 0 || j < 0 {
		return fmt.Errorf("users: no role CHECK in %q", def)
	}
	def = def[:i] + "CHECK (role IN (" + roles + def[i+j:]
	for _, q := range []string{
		`PRAGMA writable_schema = ON`,
		`UPDATE sqlite_schema SET sql = '` + strings.ReplaceAll(def, "'", "''") + `' WHERE type = 'table' AND name = 'users'`,
		fmt.Sprintf(`PRAGMA schema_version = %d`, version+1), // makes every connection reread the schema
		`PRAGMA writable_schema = OFF`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("users role check: %w", err)
		}
	}
	return nil
}
