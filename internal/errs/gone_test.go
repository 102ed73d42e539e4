package errs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"
)

func TestClientGone(t *testing.T) {
	for _, tt := range []struct {
		err  error
		gone bool
	}{
		{&net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.EPIPE)}, true},
		{fmt.Errorf("render: %w", &net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.ECONNRESET)}), true},
		{fmt.Errorf("histories: %w", context.Canceled), true},
		{http.ErrAbortHandler, true},
		{context.DeadlineExceeded, false},         // the server ran out of time: worth a warning
		{errors.New("write: broken pipe"), false}, // text is not looked at
		{ErrNotFound, false},
	} {
		if got := ClientGone(tt.err); got != tt.gone {
			t.Errorf("ClientGone(%v) = %v, want %v", tt.err, got, tt.gone)
		}
	}
}
