package cli_test

import (
	"context"
	"strings"
	"testing"
	_ "time/tzdata" // as cmd/huikuan: Asia/Shanghai on machines without zoneinfo, for the tests run in process

	"huikuan/internal/store"
	"huikuan/internal/store/storetest"
	"huikuan/internal/user"
)

// TestBinary runs the real binary for what only it does, the rest of the
// suite calling cli.Run in process: the exit codes os.Exit returns, a
// password read from standard input when it is a pipe, and cmd/huikuan's
// wiring of the environment (HUIKUAN_DB). TestDemoIsDeterministic runs
// one demo through the binary too: no progress bar on a pipe.
func TestBinary(t *testing.T) {
	db := storetest.SQLiteURL(t)
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"frobnicate"}, 2, "huikuan: unknown command \"frobnicate\" (run huikuan --help)\n"},
		{[]string{"report", "aging", "--format", "xml"}, 2, "huikuan report aging: unknown format \"xml\": want table, json, csv, xlsx\n"},
		{[]string{"migrate", "--db", "mysql://x"}, 1, "huikuan migrate: database mysql://x: unknown database URL \"mysql://x\": want sqlite:PATH or postgres://…\n"},
		{[]string{"migrate"}, 0, ""},
	}
	for _, tt := range tests {
		if r := runBinary(t, db, "", tt.args...); r.code != tt.code || r.stderr != tt.stderr {
			t.Errorf("huikuan %s: exit %d, stderr %q; want %d, %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.code, tt.stderr)
		}
	}
	r := runBinary(t, db, "piped-password-1\n", "user", "add", "--login", "li", "--name", "李", "--role", "admin")
	if r.code != 0 || r.stdout != "user li (admin) added\n" {
		t.Fatalf("user add with the password piped in: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, hash, err := s.UserPassword(context.Background(), "li")
	if err != nil || !user.CheckPassword(hash, "piped-password-1") {
		t.Errorf("the password piped in is not li's (err %v)", err)
	}
}
