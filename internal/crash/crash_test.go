// Package crash_test kills huikuan with SIGKILL while it writes, and
// counts what was lost and what was written twice.
//
// The server half starts `huikuan serve` on a new database, sends API
// writes of payments, promises and calls with Idempotency-Keys from a few
// concurrent clients, kills the server at random moments, restarts it and
// retries every request whose answer was lost, with its key. The import
// half kills `huikuan import payments` during a large file, then imports
// it to the end. Both count the records lost (answered, or retried to an
// answer, yet absent) and duplicated (a key or number present more than
// once).
//
// A short run (3 server kills, 2 import kills) is part of the normal
// suite. scripts/crash-test runs a long one; the knobs are environment
// variables:
//
//	HUIKUAN_CRASH_KILLS         server kills (default 3)
//	HUIKUAN_CRASH_IMPORT_KILLS  import kills (default 2)
//	HUIKUAN_CRASH_IMPORT_ROWS   rows of the payments file (default 20000)
//	HUIKUAN_CRASH_CLIENTS       concurrent API clients (default 4)
//	HUIKUAN_CRASH_BIN           the huikuan binary to run; by default this
//	                            test binary runs as huikuan (cli.Run, what
//	                            cmd/huikuan's main calls)
//
// Both databases run, as in every storage test (PostgreSQL with
// HUIKUAN_TEST_POSTGRES).
package crash_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for counting
	_ "modernc.org/sqlite"             // the "sqlite" driver, for counting

	"huikuan/internal/cli"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// envChild makes the test binary run as huikuan, with the arguments after
// "--".
const envChild = "HUIKUAN_CRASH_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(envChild) != "" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		os.Exit(cli.Run(context.Background(), args, cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Progress: nil}, os.Getenv))
	}
	storetest.Main(m)
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a count", name, v)
	}
	return n
}

// huikuan returns a command running huikuan with args.
func huikuan(args ...string) *exec.Cmd {
	if bin := os.Getenv("HUIKUAN_CRASH_BIN"); bin != "" {
		return exec.Command(bin, args...)
	}
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), envChild+"=1")
	return cmd
}

// customers is how many customers the world has: the API clients write
// for the first few, the imported file for all.
const customers = 200

func code(i int) string { return fmt.Sprintf("C%03d", i+1) }

// setUp fills a new database with customers and an admin, and returns the
// admin's API token.
func setUp(t *testing.T, dbURL string) string {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := store.Batch{Reps: []ledger.Rep{{Code: "R1", Name: "王一", Region: "华东", Team: "东区"}}}
	for i := range customers {
		b.Customers = append(b.Customers, ledger.Customer{Code: code(i), Name: "客户" + code(i), Region: "华东", Rep: "R1", Tier: ledger.TierB,
			CreditLimit: money.Yuan(100000), TermsDays: 30})
	}
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, store.Actor{Name: "crash-test"}, user.User{Login: "admin", Name: "管理员", Role: user.Admin}, "x"); err != nil {
		t.Fatal(err)
	}
	token, hash := user.NewSecret()
	if err := s.CreateAPIToken(ctx, "admin", hash); err != nil {
		t.Fatal(err)
	}
	return token
}

// server is huikuan serve, killed and started again.
type server struct {
	t     *testing.T
	dbURL string
	addr  string
	log   *os.File
	cmd   *exec.Cmd
}

func (s *server) start() {
	s.t.Helper()
	s.cmd = huikuan("serve", "--addr", s.addr, "--db", s.dbURL)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + s.addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("huikuan serve did not answer within 30 s: see %s", s.log.Name())
}

func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// write is one API write and what became of it.
type write struct {
	kind, key, path, body string
	answered              bool // a 2xx answer came, at the first try or a retry
	retried               bool // an answer was lost and the request sent again
	err                   string
}

// writes are a client's writes: a payment, a promise and a call in turn,
// each named by its key (the payment's number, the promise's contact, the
// call's notes), so that they can be counted in the database.
func writes(client, n int) []*write {
	today := time.Now().In(time.FixedZone("CST", 8*3600))
	var out []*write
	for i := range n {
		key := fmt.Sprintf("k%d-%d", client, i)
		cust := code((client*7 + i) % 8)
		w := &write{key: key}
		switch i % 3 {
		case 0:
			w.kind, w.path = "payment", "/api/v1/payments"
			w.body = fmt.Sprintf(`{"number":"P-%s","customer":%q,"date":%q,"amount":%d}`, key, cust, today.AddDate(0, 0, -1).Format("2006-01-02"), 100+i)
		case 1:
			w.kind, w.path = "promise", "/api/v1/commitments"
			w.body = fmt.Sprintf(`{"customer":%q,"amount":%d,"date":%q,"contact":%q}`, cust, 5000+i, today.AddDate(0, 0, 10).Format("2006-01-02"), key)
		default:
			w.kind, w.path = "call", "/api/v1/calls"
			w.body = fmt.Sprintf(`{"customer":%q,"disposition":"no-answer","notes":%q}`, cust, key)
		}
		out = append(out, w)
	}
	return out
}

// send posts w until it is answered, retrying with its key while the
// server is down or the key is in progress, for at most a minute.
func send(c *http.Client, addr, token string, w *write) {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest("POST", "http://"+addr+w.path, strings.NewReader(w.body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Idempotency-Key", w.key)
		res, err := c.Do(req)
		if err != nil { // the server was killed: the answer is lost
			w.retried = true
			time.Sleep(20 * time.Millisecond)
			continue
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch {
		case res.StatusCode == 200 || res.StatusCode == 201:
			w.answered = true
			return
		case res.StatusCode == 409 && bytes.Contains(b, []byte("in progress")):
			time.Sleep(50 * time.Millisecond)
			continue
		}
		w.err = fmt.Sprintf("%d %s", res.StatusCode, b)
		return
	}
	w.err = "no answer within a minute"
}

// counts is what a run found.
type counts struct {
	writes, retried, lost, duplicated, failed int
}

// count compares the writes with the database: every write answered is
// there once, none twice.
func count(t *testing.T, dbURL string, ws []*write) counts {
	t.Helper()
	db := openSQL(t, dbURL)
	defer db.Close()
	found := map[string]int{}
	for _, q := range []string{
		`SELECT substr(number, 3) FROM payments WHERE number LIKE 'P-k%'`,
		`SELECT contact FROM commitments WHERE contact LIKE 'k%'`,
		`SELECT notes FROM calls WHERE notes LIKE 'k%'`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			found[k]++
		}
		rows.Close()
	}
	var c counts
	for _, w := range ws {
		c.writes++
		if w.retried {
			c.retried++
		}
		if w.err != "" {
			c.failed++
			t.Errorf("%s %s: %s", w.kind, w.key, w.err)
		}
		switch n := found[w.key]; {
		case w.answered && n == 0:
			c.lost++
			t.Errorf("%s %s was answered but is not stored", w.kind, w.key)
		case n > 1:
			c.duplicated++
			t.Errorf("%s %s is stored %d times", w.kind, w.key, n)
		}
	}
	return c
}

func openSQL(t *testing.T, dbURL string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", dbURL
	if p, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		driver, dsn = "sqlite", "file:"+p
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestServerKilled kills the server during API writes and retries what
// was lost; then it kills an import of a large file and imports it again.
func TestServerKilled(t *testing.T) {
	kills := envInt(t, "HUIKUAN_CRASH_KILLS", 3)
	importKills := envInt(t, "HUIKUAN_CRASH_IMPORT_KILLS", 2)
	rows := envInt(t, "HUIKUAN_CRASH_IMPORT_ROWS", 20000)
	clients := envInt(t, "HUIKUAN_CRASH_CLIENTS", 4)
	storetest.Each(t, func(t *testing.T, dbURL string) {
		dialect := "sqlite"
		if !strings.HasPrefix(dbURL, "sqlite:") {
			dialect = "postgres"
		}
		token := setUp(t, dbURL)
		c := serverKills(t, dbURL, token, kills, clients)
		msg := fmt.Sprintf("crash test, %s: %d server kills, %d API writes (%d answers lost and retried): %d lost, %d duplicated, %d failed",
			dialect, kills, c.writes, c.retried, c.lost, c.duplicated, c.failed)
		t.Log(msg)
		fmt.Fprintln(os.Stderr, msg)
		done, lost, dup := importKilled(t, dbURL, importKills, rows)
		msg = fmt.Sprintf("crash test, %s: %d kills of an import of %d payments, then imported: %d lost, %d duplicated", dialect, done, rows, lost, dup)
		t.Log(msg)
		fmt.Fprintln(os.Stderr, msg)
	})
}

// serverKills runs the clients against a server killed kills times, then
// counts.
func serverKills(t *testing.T, dbURL, token string, kills, clients int) counts {
	s := &server{t: t, dbURL: dbURL, addr: freeAddr(t)}
	log, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	s.log = log
	s.start()
	var stop atomic.Bool
	var all []*write
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range clients {
		ws := writes(i, 100000)
		wg.Go(func() {
			hc := &http.Client{Timeout: 20 * time.Second}
			for _, w := range ws {
				if stop.Load() {
					return
				}
				send(hc, s.addr, token, w)
				mu.Lock()
				all = append(all, w)
				mu.Unlock()
			}
		})
	}
	for range kills {
		time.Sleep(time.Duration(50+rand.IntN(450)) * time.Millisecond)
		s.kill()
		s.start()
	}
	time.Sleep(200 * time.Millisecond) // some writes after the last start
	stop.Store(true)
	wg.Wait()
	s.kill()
	return count(t, dbURL, all)
}

// importKilled writes a payments file of n rows, kills its import kills
// times at random moments, imports it to the end and counts the payments:
// each must be there once. It returns the kills that landed during an
// import, and the payments lost and duplicated.
func importKilled(t *testing.T, dbURL string, kills, n int) (landed, lost, duplicated int) {
	path := filepath.Join(t.TempDir(), "payments.csv")
	var b strings.Builder
	b.WriteString("number,customer,date,amount,invoices\n")
	day := time.Now().AddDate(0, 0, -2).Format("2006-01-02")
	for i := range n {
		fmt.Fprintf(&b, "IMP-%07d,%s,%s,%d.00,\n", i, code(i%customers), day, 10+i%1000)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// Kills come at random moments within full, which grows while they all
	// land during an import, and shrinks to how long one took when one
	// ended before its kill.
	full := 500 * time.Millisecond
	for range kills {
		cmd := huikuan("import", "payments", path, "--db", dbURL)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		begun := time.Now()
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case <-time.After(time.Duration(rand.Int64N(int64(full)))):
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			landed++
			full = min(full*3/2, 20*time.Second)
		case err := <-exited: // done before the kill: later kills come sooner
			if err != nil {
				t.Fatalf("import: %v\n%s", err, out.String())
			}
			full = time.Since(begun) * 9 / 10
		}
	}
	if out, err := huikuan("import", "payments", path, "--db", dbURL).CombinedOutput(); err != nil {
		t.Fatalf("the import after the kills: %v\n%s", err, out)
	}
	db := openSQL(t, dbURL)
	defer db.Close()
	var total, distinct int
	if err := db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT number) FROM payments WHERE number LIKE 'IMP-%'`).Scan(&total, &distinct); err != nil {
		t.Fatal(err)
	}
	lost, duplicated = n-distinct, total-distinct
	if lost != 0 || duplicated != 0 {
		t.Errorf("after %d kills of the import: %d of %d payments lost, %d duplicated", landed, lost, n, duplicated)
	}
	return landed, lost, duplicated
}
