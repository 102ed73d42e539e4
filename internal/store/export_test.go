package store

import "context"

// ForgetCaches empties the result caches, for benchmarks that measure the
// work the caches save.
func (s *Store) ForgetCaches() { s.results = resultCache{} }

// MigrateDownTo undoes the migrations after version, for tests of a
// migration on a database that has data.
func (s *Store) MigrateDownTo(ctx context.Context, version int64) error {
	return s.db.MigrateDownTo(ctx, version)
}
