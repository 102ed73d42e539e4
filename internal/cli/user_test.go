package cli_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"huikuan/internal/cli"
	"huikuan/internal/errs"
	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// runIn runs a command in this process as cmd/huikuan runs it (a call
// of cli.Run), with stdin as its input, HUIKUAN_DB=db and the rest of the
// environment, and standard error a pipe, which is also where progress
// bars would go (as the binary's os.Stderr): no bar is drawn on a pipe.
func runIn(t *testing.T, db, stdin string, args ...string) result {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	drained := make(chan struct{})
	go func() {
		io.Copy(&errb, pr)
		pr.Close()
		close(drained)
	}()
	var out bytes.Buffer
	getenv := func(k string) string {
		if k == "HUIKUAN_DB" {
			return db
		}
		return os.Getenv(k)
	}
	code := cli.Run(context.Background(), args, cli.IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: pw, Progress: pw}, getenv)
	pw.Close()
	<-drained
	return result{code, out.String(), errb.String()}
}

func mustRunIn(t *testing.T, db, stdin string, args ...string) string {
	t.Helper()
	r := runIn(t, db, stdin, args...)
	if r.code != 0 {
		t.Fatalf("huikuan %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// tokenWorks reports whether the store knows the API token.
func tokenWorks(t *testing.T, db, token string) bool {
	t.Helper()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.TokenUser(context.Background(), user.HashSecret(token))
	if err != nil && !errors.Is(err, errs.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

// canLogIn reports whether the login's password is checked at all.
func canLogIn(t *testing.T, db, login string) bool {
	t.Helper()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, _, err = s.UserPassword(context.Background(), login)
	if err != nil && !errors.Is(err, errs.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

// TestUserTokens lists a user's API tokens without their secrets, revokes
// one, ends them all with a new password, and disables and enables the
// user, through the command line on both databases.
func TestUserTokens(t *testing.T) {
	defer func(c int) { user.Cost = c }(user.Cost)
	user.Cost = 4
	storetest.Each(t, func(t *testing.T, db string) {
		mustRunIn(t, db, "first-password-1\n", "user", "add", "--login", "wang", "--name", "王", "--role", "admin")
		t1 := strings.TrimSpace(mustRunIn(t, db, "", "user", "token", "--login", "wang"))
		t2 := strings.TrimSpace(mustRunIn(t, db, "", "user", "token", "--login", "wang"))
		list := mustRunIn(t, db, "", "user", "token", "list", "--login", "wang")
		rows := regexp.MustCompile(`(?m)^(\d+)\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-\s+(\S+)…$`).FindAllStringSubmatch(list, -1)
		if len(rows) != 2 || rows[0][2] != t1[:6] || rows[1][2] != t2[:6] || strings.Contains(list, t1) || strings.Contains(list, t2) {
			t.Fatalf("token list:\n%s\nwant two rows, by id, starting %q and %q, without the secrets", list, t1[:6], t2[:6])
		}
		mustRunIn(t, db, "", "user", "token", "revoke", rows[0][1])
		if tokenWorks(t, db, t1) || !tokenWorks(t, db, t2) {
			t.Errorf("after revoking token %s: the first works %v, the second %v; want only the second", rows[0][1], tokenWorks(t, db, t1), tokenWorks(t, db, t2))
		}
		if r := runIn(t, db, "", "user", "token", "revoke", rows[0][1]); r.code != 1 {
			t.Errorf("revoking a revoked token: exit %d, want 1", r.code)
		}
		if r := runIn(t, db, "", "user", "token", "revoke", "abc"); r.code != 2 {
			t.Errorf("revoking token abc: exit %d, want 2", r.code)
		}
		mustRunIn(t, db, "second-password-2\n", "user", "passwd", "--login", "wang")
		if tokenWorks(t, db, t2) {
			t.Error("an API token works after a password change")
		}
		t3 := strings.TrimSpace(mustRunIn(t, db, "", "user", "token", "--login", "wang"))
		mustRunIn(t, db, "", "user", "disable", "--login", "wang")
		if tokenWorks(t, db, t3) || canLogIn(t, db, "wang") {
			t.Error("a disabled user's token works, or their password is checked")
		}
		if l := mustRunIn(t, db, "", "user", "list"); !regexp.MustCompile(`(?m)^wang .*disabled$`).MatchString(l) {
			t.Errorf("user list does not show wang disabled:\n%s", l)
		}
		mustRunIn(t, db, "", "user", "enable", "--login", "wang")
		if tokenWorks(t, db, t3) || !canLogIn(t, db, "wang") {
			t.Error("enabled again: the old token works, or the user cannot log in")
		}
		if r := runIn(t, db, "", "user", "disable", "--login", "nobody"); r.code != 1 {
			t.Errorf("disabling an unknown login: exit %d, want 1", r.code)
		}
	})
}
