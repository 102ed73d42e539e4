package store

import (
	"context"
	"errors"

	"huikuan/internal/errs"
)

// wrap adds the name of the operation that ran to an unexpected error
// (a failing query, a broken connection), so that it is logged with what
// ran it: defer wrap(&err, "store.LogCall") at an exported method. The
// errors a user is shown — errs.ErrNotFound, ErrConflict, ErrForbidden,
// *errs.Invalid — and a context's end are left as they are: their text is
// what the API and the CLI print, and they say already what went wrong.
// Anything wrapped stays detectable with errors.Is and errors.As.
// An error wrapped once keeps the name of the method that ran the query:
// one exported method calling another adds nothing.
func wrap(err *error, op string) {
	var done *opError
	if *err == nil || userError(*err) || errors.As(*err, &done) {
		return
	}
	*err = &opError{op, *err}
}

// opError is an unexpected error with the name of the store method it
// came from.
type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return e.op + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

// userError reports whether err is one of the kinds users are told of.
func userError(err error) bool {
	var inv *errs.Invalid
	return errors.As(err, &inv) || errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrConflict) ||
		errors.Is(err, errs.ErrForbidden) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
