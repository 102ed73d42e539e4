package store

import "context"

// ExecForTest runs a statement on the writer, for tests that plant rows
// the store's own calls refuse (a legacy database's).
func (s *Store) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := s.w.ExecContext(ctx, query, args...)
	return err
}
