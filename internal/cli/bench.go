package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/sim"
	"huikuan/internal/store"
)

// runBench measures the heavy paths at a demo size and prints a Markdown
// report for docs/BENCHMARKS.md. Each step runs huikuan itself as a child
// process where whole-command time and peak memory matter.
func runBench(ctx context.Context, a *app, args []string) error {
	fs := a.flags("[--size large] [--until DATE] [--postgres URL] [--dir DIR] [--runs N] [--import-rows N]")
	size := fs.String("size", "large", "demo `size` to measure")
	var until civil.Date
	fs.Var(dateFlag{&until}, "until", "last `date` of the demo history (default today)")
	pg := fs.String("postgres", "", "also measure on this PostgreSQL `URL` (its tables must not exist yet)")
	dir := fs.String("dir", "", "`directory` for the SQLite files (default: a new temporary one, removed after)")
	runs := fs.Int("runs", 7, "`times` each query is run")
	importRows := fs.Int("import-rows", 1_000_000, "invoice `rows` in the import file")
	steps := fs.String("steps", "demo,aging,import", "comma-separated `steps` to run")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if until == 0 {
		until = civil.Today(a.cfg.Location)
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "huikuan-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	for _, f := range []string{"bench.db", "import.db"} { // left by an earlier run
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(filepath.Join(*dir, f+suffix))
		}
	}
	b := &bench{a: a, size: *size, until: until, dir: *dir, runs: *runs}
	dbs := []string{"sqlite:" + filepath.Join(*dir, "bench.db")}
	if *pg != "" {
		dbs = append(dbs, *pg)
	}
	fmt.Fprintf(a.Stdout, "huikuan bench: size %s, history until %s, %d CPUs, %s\n\n", *size, until, runtime.NumCPU(), runtime.Version())
	for _, db := range dbs {
		name := engineName(db)
		if strings.Contains(*steps, "demo") {
			if err := b.demo(db, name); err != nil {
				return err
			}
		}
		if strings.Contains(*steps, "aging") {
			if err := b.aging(ctx, db, name); err != nil {
				return err
			}
		}
	}
	if strings.Contains(*steps, "import") {
		importDBs := []string{"sqlite:" + filepath.Join(*dir, "import.db")}
		if *pg != "" {
			u, err := store.FreshPostgresSchema(ctx, *pg, "huikuan_bench_import")
			if err != nil {
				return err
			}
			importDBs = append(importDBs, u)
		}
		for _, db := range importDBs {
			if err := b.importInvoices(ctx, db, *importRows); err != nil {
				return err
			}
		}
	}
	return nil
}

type bench struct {
	a     *app
	size  string
	until civil.Date
	dir   string
	runs  int
}

func engineName(db string) string {
	if strings.HasPrefix(db, "sqlite:") {
		return "SQLite"
	}
	return "PostgreSQL"
}

// childRun is what a child process took: wall time, CPU time (user and
// system; on a shared machine the wall time grows with the others' load
// and the CPU time much less) and peak memory.
type childRun struct {
	wall, cpu time.Duration
	rss       int64
}

// child runs huikuan itself and returns what it took.
func (b *bench) child(args ...string) (childRun, error) {
	self, err := os.Executable()
	if err != nil {
		return childRun{}, err
	}
	cmd := exec.Command(self, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, b.a.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return childRun{}, fmt.Errorf("huikuan %s: %w", strings.Join(args, " "), err)
	}
	r := childRun{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss * 1024
	}
	return r, nil
}

func (b *bench) demo(db, name string) error {
	r, err := b.child("demo", "--size", b.size, "--until", b.until.String(), "--db", db)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.a.Stdout, "| demo --size %s | %s | %s | CPU %s | peak RSS %d MiB |\n", b.size, name, r.wall.Round(100*time.Millisecond), r.cpu.Round(100*time.Millisecond), r.rss>>20)
	return nil
}

// aging times the aging report on the latest date (open amounts kept on
// invoices) and on past dates (reconstructed from allocations).
func (b *bench) aging(ctx context.Context, db, name string) error {
	s, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	dates := []civil.Date{b.until, b.until.MonthStart().AddDays(-1), b.until.AddMonths(-6), b.until.AddMonths(-12), b.until.AddMonths(-20)}
	for i, d := range dates {
		var times []time.Duration
		var total money.Amount
		for range b.runs {
			start := time.Now()
			r, err := s.Aging(ctx, d, ledger.DefaultBuckets(), store.AgingFilter{})
			if err != nil {
				return err
			}
			times = append(times, time.Since(start))
			total = r.Total
		}
		slices.Sort(times)
		kind := "past date"
		if i == 0 {
			kind = "today (latest date)"
		}
		fmt.Fprintf(b.a.Stdout, "| aging as of %s, %s | %s | median %s | max %s | total %s |\n",
			d, kind, name, ms(times[len(times)/2]), ms(times[len(times)-1]), total.Format())
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// importInvoices writes a customers file of the demo company and an
// invoices file of n rows spread over its customers, and times the import
// of the invoices into a database holding only the customers.
func (b *bench) importInvoices(ctx context.Context, db string, n int) error {
	sz, ok := sim.DefaultWorld().Sizes[b.size]
	if !ok {
		return usagef("unknown size %q", b.size)
	}
	co := sim.NewCompany(sim.DefaultWorld(), sim.Options{Size: sz, Seed: 1, Until: b.until})
	custFile := filepath.Join(b.dir, "customers.csv")
	invFile := filepath.Join(b.dir, "invoices.csv")
	if err := writeFile(custFile, func(w *bufio.Writer) {
		fmt.Fprintln(w, "code,name,region,rep,credit_tier,credit_limit,payment_terms_days,contact,phone")
		for _, c := range co.Customers {
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%d,%s,%s\n", c.Code, c.Name, c.Customer.Region, c.Rep, c.Tier, c.CreditLimit, c.TermsDays, c.Contact, c.Phone)
		}
	}); err != nil {
		return err
	}
	start := b.until.AddMonths(-24)
	if err := writeFile(invFile, func(w *bufio.Writer) {
		fmt.Fprintln(w, "number,customer,issue_date,due_date,amount")
		for i := range n {
			c := co.Customers[i%len(co.Customers)]
			issue := start.AddDays(i * 730 / n)
			fmt.Fprintf(w, "B%07d,%s,%s,%s,%s\n", i+1, c.Code, issue, issue.AddDays(c.TermsDays), money.Amount(100_000+int64(i*7919)%9_000_000))
		}
	}); err != nil {
		return err
	}
	if _, err := b.child("import", "customers", custFile, "--db", db); err != nil {
		return err
	}
	r, err := b.child("import", "invoices", invFile, "--db", db)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.a.Stdout, "| import %d invoice rows | %s | %s | %.0f rows/s | CPU %s | peak RSS %d MiB |\n",
		n, engineName(db), r.wall.Round(100*time.Millisecond), float64(n)/r.wall.Seconds(), r.cpu.Round(100*time.Millisecond), r.rss>>20)
	return nil
}

func writeFile(path string, fill func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
