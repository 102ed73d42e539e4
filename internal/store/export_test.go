package store

// ForgetCaches empties the result caches, for benchmarks that measure the
// work the caches save.
func (s *Store) ForgetCaches() { s.worklists = resultCache{} }
