package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"

	"huikuan/internal/web"
)

// goneWriter is a ResponseWriter whose client has gone: every write fails
// with err.
type goneWriter struct {
	header http.Header
	err    error
}

func (w *goneWriter) Header() http.Header       { return w.header }
func (w *goneWriter) WriteHeader(int)           {}
func (w *goneWriter) Write([]byte) (int, error) { return 0, w.err }

// TestClientGoneIsNotAnError: a page whose write fails because the client
// closed or reset the connection, or whose request was cancelled, is
// logged at debug level as a client that went away, never as an ERROR
// (issue 10, case 15).
func TestClientGoneIsNotAnError(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ws, err := web.New(nil, log, web.Config{}) // the login form needs no store
	if err != nil {
		t.Fatal(err)
	}
	h := ws.Handler()
	for _, errno := range []syscall.Errno{syscall.EPIPE, syscall.ECONNRESET} {
		buf.Reset()
		w := &goneWriter{header: http.Header{}, err: &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", errno)}}
		h.ServeHTTP(w, httptest.NewRequest("GET", "/login", nil))
		if strings.Contains(buf.String(), "level=ERROR") {
			t.Errorf("%v: logged as an error:\n%s", errno, &buf)
		}
		if !strings.Contains(buf.String(), "client went away") {
			t.Errorf("%v: want a debug line saying the client went away, got:\n%s", errno, &buf)
		}
	}
	buf.Reset()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := &goneWriter{header: http.Header{}, err: context.Canceled}
	h.ServeHTTP(w, httptest.NewRequestWithContext(ctx, "GET", "/login", nil))
	if strings.Contains(buf.String(), "level=ERROR") {
		t.Errorf("cancelled request: logged as an error:\n%s", &buf)
	}
}
