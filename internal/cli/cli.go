// Package cli is the huikuan command line: it parses arguments and the
// environment into a Config, opens the store and runs one command. The
// commands are thin: they read input, call the store and the rules, and
// print.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/store"
)

// Version is set at build time with -ldflags "-X huikuan/internal/cli.Version=…".
var Version = "dev"

// IO is where a command reads and writes. Progress bars go to Progress, and
// only when it is a terminal.
type IO struct {
	Stdin    io.Reader
	Stdout   io.Writer
	Stderr   io.Writer
	Progress *os.File
}

// Config is what every command may need, from flags and HUIKUAN_*
// environment variables.
type Config struct {
	DB       string         // database URL (--db, HUIKUAN_DB)
	Location *time.Location // business time zone (HUIKUAN_TZ), for "today"
	// CTISecret signs the call center's webhook events (HUIKUAN_CTI_SECRET).
	CTISecret string
	// SMTPURL is where e-mail goes (HUIKUAN_SMTP_URL, read by
	// notify.ParseSMTP where mail is sent); BaseURL starts the links in
	// messages (HUIKUAN_BASE_URL, default http://localhost:8080).
	SMTPURL, BaseURL string
	// BaseURLSet is HUIKUAN_BASE_URL as set, "" when it is not: the web
	// app then links to the address a request came to.
	BaseURLSet string
	// DealerPerMinute is how many requests an address may make to the
	// dealers' statement pages a minute (HUIKUAN_DEALER_RATE, default
	// 30): more where many dealers share one address, as behind a proxy.
	DealerPerMinute int
	// Now is the clock "today" is read from; time.Now when nil (tests of
	// commands run in-process fix it).
	Now func() time.Time
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

// app carries the configuration and IO through one command.
type app struct {
	IO
	cfg  Config
	name string // "huikuan import", for messages
}

func commands() []command {
	return []command{
		{"serve", "run the web app", runServe},
		{"migrate", "create or update the database schema", runMigrate},
		{"import", "load customers, invoices or payments from a CSV file", runImport},
		{"export", "write customers, invoices or payments as CSV or XLSX that import reads back", runExport},
		{"demo", "fill the database with a simulated company", runDemo},
		{"report", "print the aging report or a customer statement", runReport},
		{"dispute", "set part of an invoice aside, resolve a dispute, or list them", runDispute},
		{"user", "add, list, change and disable users; make, list and revoke API tokens", runUser},
		{"commitment", "record and list customers' promises to pay", runCommitment},
		{"target", "set, import and list reps' monthly collection targets", runTarget},
		{"plan", "suggest customers' monthly plans from their capacity; list and show plans", runPlan},
		{"worklist", "a rep's ranked call list for a day", runWorklist},
		{"callsheet", "a customer's call sheet: the opening ask, its excuses' counters, promises and disputes", runCallsheet},
		{"call", "log and list calls with customers", runCall},
		{"cadence", "show the follow-up cadence, or give a customer its own", runCadence},
		{"simulate", "run the demo world forward under a follow-up policy and measure what it collects", runSimulate},
		{"jobs", "run the daily jobs (decide commitments) for a date", runJobs},
		{"link", "make or revoke a customer's signed statement link (客户对账链接)", runLink},
		{"notify", "send the morning digests and whatever else the outbox holds; send a test message", runNotify},
		{"bench", "measure the heavy paths at a demo size (see docs/BENCHMARKS.md)", runBench},
		{"version", "print the version", runVersion},
	}
}

// usageError is a mistake in how a command was called; it exits with 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Run runs the command line args (without the program name) and returns
// the exit code: 0 on success, 1 when the command failed, 2 on bad usage.
func Run(ctx context.Context, args []string, io IO, getenv func(string) string) int {
	cfg, err := configFromEnv(getenv)
	if err != nil {
		fmt.Fprintln(io.Stderr, "huikuan:", err)
		return 2
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(io.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			a := &app{IO: io, cfg: cfg, name: "huikuan " + c.name}
			return a.exit(c.run(ctx, a, args[1:]))
		}
	}
	fmt.Fprintf(io.Stderr, "huikuan: unknown command %q (run huikuan --help)\n", args[0])
	return 2
}

func (a *app) exit(err error) int {
	var inv *errs.Invalid
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(a.Stderr, "%s: %s\n", a.name, ue.msg)
		return 2
	case errors.As(err, &inv):
		for i, f := range inv.Fields {
			if i == 20 {
				fmt.Fprintf(a.Stderr, "%s: … and %d more errors\n", a.name, len(inv.Fields)-20)
				break
			}
			fmt.Fprintf(a.Stderr, "%s: %s\n", a.name, f.Error())
		}
		fmt.Fprintf(a.Stderr, "%s: nothing was written\n", a.name)
		return 1
	}
	fmt.Fprintf(a.Stderr, "%s: %v\n", a.name, err)
	return 1
}

func configFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{DB: store.DefaultURL, Location: time.UTC}
	if v := getenv("HUIKUAN_DB"); v != "" {
		cfg.DB = v
	}
	cfg.CTISecret = getenv("HUIKUAN_CTI_SECRET")
	cfg.SMTPURL, cfg.BaseURL = getenv("HUIKUAN_SMTP_URL"), getenv("HUIKUAN_BASE_URL")
	cfg.BaseURLSet = cfg.BaseURL
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost:8080"
	}
	if v := getenv("HUIKUAN_DEALER_RATE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("HUIKUAN_DEALER_RATE: %q is not a number of requests a minute (1 or more)", v)
		}
		cfg.DealerPerMinute = n
	}
	tz := getenv("HUIKUAN_TZ")
	if tz == "" {
		tz = "Asia/Shanghai"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return cfg, fmt.Errorf("HUIKUAN_TZ: %w", err)
	}
	cfg.Location = loc
	return cfg, nil
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "huikuan (回款) — a collections workbench for B2B sales teams")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: huikuan COMMAND [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every command takes --db URL (or HUIKUAN_DB): sqlite:PATH (default sqlite:huikuan.db) or postgres://…")
	fmt.Fprintln(w, "Run huikuan COMMAND --help for a command's flags.")
}

// flags returns a flag set for a command, with --db, printing its usage to
// the command's output.
func (a *app) flags(usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(a.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.cfg.DB, "db", a.cfg.DB, "database `URL`: sqlite:PATH or postgres://…")
	fs.Usage = func() {
		fmt.Fprintf(a.Stdout, "Usage: %s %s\n\nFlags:\n", a.name, usage)
		fs.SetOutput(a.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags that may come before, between or after positional
// arguments, and returns the positional ones.
func (a *app) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err // fs.Usage has printed the help
			}
			return nil, usageError{strings.TrimSpace(err.Error())}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// open opens the configured database, applying migrations.
func (a *app) open(ctx context.Context) (*store.Store, error) {
	s, err := store.Open(ctx, a.cfg.DB)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", store.Redact(a.cfg.DB), err)
	}
	return s, nil
}

// withStore opens the database, runs fn and closes it.
func (a *app) withStore(ctx context.Context, fn func(*store.Store) error) error {
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}

// orToday returns d, or today in the business time zone when d is unset.
func (a *app) orToday(d civil.Date) civil.Date {
	if d != 0 {
		return d
	}
	if a.cfg.Now != nil {
		return civil.FromTime(a.cfg.Now().In(a.cfg.Location))
	}
	return civil.Today(a.cfg.Location)
}

func runVersion(ctx context.Context, a *app, args []string) error {
	fs := a.flags("")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(a.Stdout, "huikuan", Version)
	return nil
}

func runMigrate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--db URL]")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	return a.withStore(ctx, func(s *store.Store) error {
		v, err := s.SchemaVersion(ctx)
		if err == nil {
			fmt.Fprintf(a.Stdout, "database %s is at schema version %d\n", store.Redact(a.cfg.DB), v)
		}
		return err
	})
}
