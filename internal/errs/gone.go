package errs

import (
	"context"
	"errors"
	"net/http"
	"syscall"
)

// ClientGone reports whether err means the client went away before its
// answer was written: the connection was closed or reset under a write
// (EPIPE, ECONNRESET), the request's context was cancelled, or a handler
// gave up with http.ErrAbortHandler. Such an error is the client's doing,
// not a fault of the server: it is logged at debug level, not as an error.
// It looks at the error's chain, never at its text.
func ClientGone(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, context.Canceled) || errors.Is(err, http.ErrAbortHandler)
}
