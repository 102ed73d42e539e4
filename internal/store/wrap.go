package store

import (
	"context"
	"errors"
	"fmt"

	"huikuan/internal/errs"
)

// wrap adds the name of the operation that ran to an unexpected error
// (a failing query, a broken connection), so that it is logged with what
// ran it: defer wrap(&err, "store.LogCall") at an exported method. The
// errors a user is shown — errs.ErrNotFound, ErrConflict, ErrForbidden,
// *errs.Invalid — and a context's end are left as they are: their text is
// what the API and the CLI print, and they say already what went wrong.
// Anything wrapped stays detectable with errors.Is and errors.As.
func wrap(err *error, op string) {
	if *err == nil || userError(*err) {
		return
	}
	*err = fmt.Errorf("%s: %w", op, *err)
}

// userError reports whether err is one of the kinds users are told of.
func userError(err error) bool {
	var inv *errs.Invalid
	return errors.As(err, &inv) || errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrConflict) ||
		errors.Is(err, errs.ErrForbidden) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
