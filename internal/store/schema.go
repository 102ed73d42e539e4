package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
)

// FreshPostgresSchema drops and recreates schema in the PostgreSQL database
// at pgURL and returns the URL that works in it (search_path set), so a
// benchmark can measure an import into an empty ledger. It lives here
// because only packages under internal/store run SQL.
func FreshPostgresSchema(ctx context.Context, pgURL, schema string) (string, error) {
	db, err := sql.Open("pgx", pgURL)
	if err != nil {
		return "", fmt.Errorf("fresh schema %s: %w", schema, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema); err != nil {
		return "", fmt.Errorf("fresh schema %s: %w", schema, err)
	}
	u, err := url.Parse(pgURL)
	if err != nil {
		return "", fmt.Errorf("fresh schema %s: %w", schema, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}
