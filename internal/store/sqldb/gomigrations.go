package sqldb

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"

	"huikuan/internal/ledger"
)

// goMigrations are the schema changes that need Go; they are numbered
// with the SQL files in migrations/.
func goMigrations(d Dialect) []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(5, &goose.GoFunc{RunTx: phoneDigitsUp}, &goose.GoFunc{RunTx: phoneDigitsDown}),
		goose.NewGoMigration(16, &goose.GoFunc{RunTx: roleCheck(d, financeRoles)}, &goose.GoFunc{RunTx: roleCheck(d, firstRoles)}),
	}
}

// phoneDigitsUp keeps each customer's number as the call center's events
// are matched against it (ledger.NormalizePhone), so that numbers imported as
// "138-0013-8000" or "0571-8888 1234" are found.
func phoneDigitsUp(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `ALTER TABLE customers ADD COLUMN phone_digits TEXT NOT NULL DEFAULT ''`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, phone FROM customers WHERE phone <> ''`)
	if err != nil {
		return err
	}
	type numbered struct {
		id    int64
		phone string
	}
	var all []numbered
	for rows.Next() {
		var n numbered
		if err := rows.Scan(&n.id, &n.phone); err != nil {
			rows.Close()
			return err
		}
		all = append(all, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range all {
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET phone_digits = $1 WHERE id = $2`, ledger.NormalizePhone(n.phone), n.id); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`DROP INDEX customers_phone`,
		`CREATE INDEX customers_phone_digits ON customers (phone_digits) WHERE phone_digits <> ''`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func phoneDigitsDown(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`DROP INDEX customers_phone_digits`,
		`CREATE INDEX customers_phone ON customers (phone)`,
		`ALTER TABLE customers DROP COLUMN phone_digits`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
