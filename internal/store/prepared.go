package store

import (
	"context"
	"database/sql"
)

// prepared returns the read query prepared on the read pool, prepared
// once: SQLite (modernc) parses a query's text anew on every call, a fifth
// of a dealer page view's time. It is for the hot reads of pages anyone
// may hammer (the dealer's), not every query.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if was, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return was.(*sql.Stmt), nil
	}
	return st, nil
}

// inTx is a statement prepared by prepared, for use inside the read
// transaction q (prepare it before the transaction begins: preparing
// needs a connection of the pool).
func inTx(ctx context.Context, q querier, st *sql.Stmt) *sql.Stmt {
	if tx, ok := q.(*sql.Tx); ok {
		return tx.StmtContext(ctx, st)
	}
	return st
}

// closeStmts closes the prepared queries, before the pool closes.
func (s *Store) closeStmts() {
	s.stmts.Range(func(k, v any) bool {
		v.(*sql.Stmt).Close()
		s.stmts.Delete(k)
		return true
	})
}
