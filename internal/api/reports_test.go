package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"huikuan/internal/api"
	"huikuan/internal/ledger"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// loggedAPI is an API on a small ledger whose log goes to a buffer, with
// an admin's token.
type loggedAPI struct {
	h     http.Handler
	token string
	log   *bytes.Buffer
}

func newLoggedAPI(t *testing.T, dbURL string) *loggedAPI {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	_, err = s.Apply(ctx, store.Batch{
		Reps:      []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}},
		Customers: []ledger.Customer{{Code: "C1", Name: "客户一", Region: "华东", Rep: "R1", Tier: "B", TermsDays: 30}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, store.Actor{Name: "test"}, user.User{Login: "admin", Name: "管理员", Role: user.Admin}, "x"); err != nil {
		t.Fatal(err)
	}
	token, hash := user.NewSecret()
	if err := s.CreateAPIToken(ctx, "admin", hash); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	now := func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) }
	return &loggedAPI{h: api.New(s, log, time.UTC, now).Handler(), token: token, log: &buf}
}

func (a *loggedAPI) request(ctx context.Context, path string) *http.Request {
	r := httptest.NewRequestWithContext(ctx, "GET", path, nil)
	r.Header.Set("Authorization", "Bearer "+a.token)
	return r
}

// TestReportRangesBounded: a report or list asked about dates outside
// 2000-01-01..2099-12-31, or a report over more than three years, is a 422
// naming the parameter, before any work (issue 10, case 7: from=0001-01-01
// to=9999-12-31 ran for minutes).
func TestReportRangesBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		a := newLoggedAPI(t, dbURL)
		tests := []struct {
			path   string
			want   int
			fields []string // the parameters a 422 names
		}{
			{"/api/v1/reports/credibility?from=0001-01-01&to=9999-12-31", 422, []string{"from", "to"}},
			{"/api/v1/reports/credibility?from=2020-01-01&to=2026-06-30", 422, []string{"from"}},
			{"/api/v1/reports/credibility?from=2026-06-30&to=2026-06-01", 422, []string{"from"}},
			{"/api/v1/reports/credibility?to=2100-01-01", 422, []string{"to"}},
			{"/api/v1/reports/credibility?from=2023-06-30&to=2026-06-30", 200, nil},
			{"/api/v1/reports/credibility", 200, nil},
			{"/api/v1/reports/forecast?month=0001-01", 422, []string{"month"}},
			{"/api/v1/reports/forecast?month=9999-12&as_of=9999-12-31", 422, []string{"month", "as_of"}},
			{"/api/v1/reports/forecast?month=2026-05", 200, nil},
			{"/api/v1/reports/aging?as_of=0001-01-01", 422, []string{"as_of"}},
			{"/api/v1/reports/aging?as_of=2026-06-30", 200, nil},
			{"/api/v1/reports/compliance?from=1999-12-31", 422, []string{"from"}},
			{"/api/v1/customers/C1/statement?from=0001-01-01&to=9999-12-31", 422, []string{"from", "to"}},
			{"/api/v1/customers/C1/statement?from=2000-01-01&to=2099-12-31", 200, nil},
			{"/api/v1/invoices?to=9999-12-31", 422, []string{"to"}},
			{"/api/v1/payments?from=0001-01-01", 422, []string{"from"}},
			{"/api/v1/calls?from=0001-01-01&to=9999-12-31", 422, []string{"from", "to"}},
			{"/api/v1/worklist?rep=R1&date=9999-12-31", 422, []string{"date"}},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				rec := httptest.NewRecorder()
				a.h.ServeHTTP(rec, a.request(context.Background(), tt.path))
				if rec.Code != tt.want {
					t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
				}
				if tt.want != 422 {
					return
				}
				var p api.Problem
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, f := range p.Errors {
					got = append(got, f.Field)
				}
				if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
					t.Errorf("fields %v, want %v: %s", got, tt.fields, rec.Body)
				}
			})
		}
	})
}

// TestCancelledReportLogsNothing: a report whose client has gone (its
// context cancelled) stops, is answered with nothing and logs no error.
func TestCancelledReportLogsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		a := newLoggedAPI(t, dbURL)
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, a.request(context.Background(), "/api/v1/customers")) // the token is now cached
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		for _, path := range []string{"/api/v1/reports/credibility", "/api/v1/reports/forecast", "/api/v1/reports/aging"} {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			rec := httptest.NewRecorder()
			a.h.ServeHTTP(rec, a.request(ctx, path))
			if rec.Code == 500 || rec.Body.Len() > 0 {
				t.Errorf("%s with the client gone: status %d, body %q; want nothing written", path, rec.Code, rec.Body)
			}
		}
		if strings.Contains(a.log.String(), "level=ERROR") {
			t.Errorf("a client that went away was logged as an error:\n%s", a.log)
		}
	})
}

// failingWriter is a ResponseWriter whose connection is gone: every write
// fails with err.
type failingWriter struct {
	header http.Header
	err    error
}

func (w *failingWriter) Header() http.Header       { return w.header }
func (w *failingWriter) WriteHeader(int)           {}
func (w *failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestClientGoneIsNotAnError: a write that fails because the client closed
// or reset the connection is logged at debug level as a client that went
// away, never as an ERROR (issue 10, case 15: "write: broken pipe" was
// logged as a failed request).
func TestClientGoneIsNotAnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		a := newLoggedAPI(t, dbURL)
		for _, errno := range []syscall.Errno{syscall.EPIPE, syscall.ECONNRESET} {
			a.log.Reset()
			w := &failingWriter{header: http.Header{}, err: &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", errno)}}
			a.h.ServeHTTP(w, a.request(context.Background(), "/api/v1/customers"))
			if strings.Contains(a.log.String(), "level=ERROR") {
				t.Errorf("%v: logged as an error:\n%s", errno, a.log)
			}
			if !strings.Contains(a.log.String(), "client went away") {
				t.Errorf("%v: want a debug line saying the client went away, got:\n%s", errno, a.log)
			}
		}
	})
}

// TestServerErrorsStillLogged: an error that is not the client's doing
// is still an ERROR line and a 500.
func TestServerErrorsStillLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		a := newLoggedAPI(t, dbURL)
		w := &failingWriter{header: http.Header{}, err: errors.New("disk on fire")}
		a.h.ServeHTTP(w, a.request(context.Background(), "/api/v1/customers"))
		if !strings.Contains(a.log.String(), "level=ERROR") {
			t.Errorf("a write failing for another reason was not logged as an error:\n%s", a.log)
		}
	})
}
