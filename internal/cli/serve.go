package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"huikuan/internal/api"
	"huikuan/internal/civil"
	"huikuan/internal/deliver"
	"huikuan/internal/sim"
	"huikuan/internal/store"
	"huikuan/internal/user"
	"huikuan/internal/web"
)

// DemoPassword is the password of every demo login.
const DemoPassword = "huikuan-demo"

func runServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--addr :8080] [--demo] [--messages=false]")
	addr := fs.String("addr", ":8080", "`address` to listen on")
	demo := fs.Bool("demo", false, "fill an empty database with the small demo company and its logins first")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (when served over HTTPS)")
	messages := fs.Bool("messages", true, "make the morning's messages on working days at the setting's time and send the outbox (false: leave both to `huikuan notify run` from cron)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(a.Stderr, nil))
	return a.withStore(ctx, func(s *store.Store) error {
		if *demo {
			if err := a.fillDemo(ctx, s); err != nil {
				return err
			}
		}
		ws, err := web.New(s, log, web.Config{Location: a.cfg.Location, SecureCookies: *secure, BaseURL: a.cfg.BaseURLSet, DealerPerMinute: a.cfg.DealerPerMinute})
		if err != nil {
			return err
		}
		mux := http.NewServeMux()
		as := api.New(s, log, a.cfg.Location, nil)
		as.CTISecret = []byte(a.cfg.CTISecret)
		mux.Handle("/api/", as.Handler())
		mux.Handle("/", ws.Handler())
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			return err
		}
		if *messages {
			w, err := a.worker()
			if err != nil {
				return err
			}
			w.Store = s
			sc := &deliver.Schedule{Worker: w, BaseURL: a.cfg.BaseURL, Log: log}
			sctx, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { defer close(done); sc.Run(sctx) }()
			defer func() { stop(); <-done }() // the store stays open until the schedule has stopped
		}
		return a.serve(ctx, ln, web.Logged(log, mux), log)
	})
}

// The HTTP server's timeouts. A client has 10 s to send a request's
// headers (a slow-loris client that trickles them is cut off) and a minute
// for the whole request with its body (API bodies are at most 1 MiB); an
// answer must be written within 2 minutes of the request being read, which
// the largest export (the aging CSV of the large world, 10,000 customers)
// meets many times over even on a slow link; an idle keep-alive connection
// is closed after 2 minutes.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = time.Minute
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
)

// newHTTPServer returns the server of `huikuan serve` for h, with the
// timeouts above. Each request's context ends when its time to answer
// (writeTimeout) is up, as it ends when the client goes away: work for an
// answer that can no longer be written stops.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           withDeadline(h, writeTimeout),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
	}
}

// withDeadline gives every request's context a deadline d from now.
func withDeadline(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// serve runs the HTTP server until ctx ends, then lets requests in flight
// finish.
func (a *app) serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := newHTTPServer(h)
	port := ln.Addr().(*net.TCPAddr).Port
	fmt.Fprintf(a.Stdout, "huikuan is listening on http://localhost:%d/\n", port)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// fillDemo fills an empty database with the small demo company and gives
// it logins: admin, a manager of the first rep's team, and every rep.
func (a *app) fillDemo(ctx context.Context, s *store.Store) error {
	n, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	if n.Customers > 0 {
		fmt.Fprintln(a.Stdout, "the database already has data: --demo leaves it as it is")
		return nil
	}
	w := sim.DefaultWorld()
	o := sim.Options{Size: w.Sizes["small"], Seed: 1, Until: civil.Today(a.cfg.Location)}
	if err := Demo(ctx, s, w, o, a.Progress); err != nil {
		return err
	}
	hash, err := user.HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	co := sim.NewCompany(w, o)
	first := co.Reps[0]
	users := []user.User{
		{Login: "admin", Name: "管理员", Role: user.Admin},
		{Login: "finance", Name: "财务", Role: user.Finance},
		{Login: "manager", Name: first.Team + "经理", Role: user.Manager, Team: first.Team},
	}
	for _, r := range co.Reps {
		users = append(users, user.User{Login: loginOf(r.Code), Name: r.Name, Role: user.Rep, Rep: r.Code})
	}
	for _, u := range users {
		if _, err := s.CreateUser(ctx, store.Actor{Name: "demo"}, u, hash); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.Stdout, "demo logins (password %s): admin (admin), finance (finance), manager (manager of %s), %s (rep %s, %s); every rep logs in with the lower-case rep code\n",
		DemoPassword, first.Team, loginOf(first.Code), first.Code, first.Name)
	return nil
}

func loginOf(repCode string) string {
	b := []byte(repCode)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
