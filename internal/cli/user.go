package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"huikuan/internal/store"
	"huikuan/internal/user"
)

// cliActor is who the audit log names for changes made from the command line.
var cliActor = store.Actor{Name: "cli"}

func runUser(ctx context.Context, a *app, args []string) error {
	subs := map[string]func(context.Context, *app, []string) error{
		"add": runUserAdd, "list": runUserList, "passwd": runUserPasswd, "token": runUserToken,
		"disable": runUserDisable, "enable": runUserEnable, "channel": runUserChannel,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		return usagef("want add, list, passwd, token, disable, enable or channel")
	}
	a.name += " " + args[0]
	return subs[args[0]](ctx, a, args[1:])
}

func runUserAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--login L --name N --role admin|finance|manager|rep [--rep CODE] [--team T]")
	var u user.User
	fs.StringVar(&u.Login, "login", "", "`login` name")
	fs.StringVar(&u.Name, "name", "", "the person's `name`")
	role := fs.String("role", "", "`role`: admin, finance, manager or rep")
	fs.StringVar(&u.Rep, "rep", "", "the rep's `code`, for role rep")
	fs.StringVar(&u.Team, "team", "", "the `team` a manager leads")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	u.Role = user.Role(*role)
	if err := u.Validate(); err != nil {
		return usagef("%v", err)
	}
	pw, generated, err := a.password()
	if err != nil {
		return err
	}
	hash, err := user.HashPassword(pw)
	if err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		if _, err := s.CreateUser(ctx, cliActor, u, hash); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "user %s (%s) added\n", u.Login, u.Role)
		if generated {
			fmt.Fprintf(a.Stdout, "password: %s\n(shown once: pass it on now)\n", pw)
		}
		return nil
	})
}

// password reads a password from standard input when it is not a
// terminal (for scripts), or else generates one to print once.
func (a *app) password() (pw string, generated bool, err error) {
	if f, ok := a.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) || a.Stdin == nil {
		pw, _ = user.NewSecret()
		return pw[:16], true, nil
	}
	line, err := bufio.NewReader(a.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, err
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

func runUserList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		us, err := s.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "login\trole\trep\tteam\tname\tstate")
		for _, u := range us {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Login, u.Role, u.Rep, u.Team, u.Name, state)
		}
		return tw.Flush()
	})
}

func runUserPasswd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--login L")
	login := fs.String("login", "", "`login` name")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *login == "" {
		return usagef("--login is required")
	}
	pw, generated, err := a.password()
	if err != nil {
		return err
	}
	hash, err := user.HashPassword(pw)
	if err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		if err := s.SetPassword(ctx, cliActor, *login, hash); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "password of %s changed; their sessions, API tokens and calendar feed are ended\n", *login)
		if generated {
			fmt.Fprintf(a.Stdout, "password: %s\n(shown once: pass it on now)\n", pw)
		}
		return nil
	})
}

// runUserToken prints a new API token for a user, or with "list" or
// "revoke" lists a user's tokens or revokes one.
func runUserToken(ctx context.Context, a *app, args []string) error {
	if len(args) > 0 && (args[0] == "list" || args[0] == "revoke") {
		a.name += " " + args[0]
		if args[0] == "list" {
			return runUserTokenList(ctx, a, args[1:])
		}
		return runUserTokenRevoke(ctx, a, args[1:])
	}
	login, err := a.loginFlag(args, "--login L | list --login L | revoke ID")
	if err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		t := user.NewToken()
		if _, err := s.AddAPIToken(ctx, cliActor, login, t); err != nil {
			return err
		}
		_, err := fmt.Fprintln(a.Stdout, t.Secret)
		return err
	})
}

// loginFlag parses a command whose one flag is --login, which it requires.
func (a *app) loginFlag(args []string, usage string) (string, error) {
	fs := a.flags(usage)
	login := fs.String("login", "", "`login` name")
	pos, err := a.parse(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) > 0 {
		return "", usagef("unexpected argument %q", pos[0])
	}
	if *login == "" {
		return "", usagef("--login is required")
	}
	return *login, nil
}

func runUserTokenList(ctx context.Context, a *app, args []string) error {
	login, err := a.loginFlag(args, "--login L")
	if err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		ts, err := s.APITokens(ctx, login)
		if err != nil {
			return err
		}
		when := func(t time.Time) string {
			if t.IsZero() {
				return "-"
			}
			return t.In(a.cfg.Location).Format("2006-01-02 15:04")
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tcreated\tlast used\tstarts with")
		for _, t := range ts {
			hint := "-" // a token made before hints were kept
			if t.Hint != "" {
				hint = t.Hint + "…"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", t.ID, when(t.Created), when(t.LastUsed), hint)
		}
		return tw.Flush()
	})
}

func runUserTokenRevoke(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ID")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want the id of one token (see huikuan user token list --login L)")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("token id %q: want a number from huikuan user token list", pos[0])
	}
	return a.withStore(ctx, func(s *store.Store) error {
		if err := s.RevokeAPIToken(ctx, cliActor, id); err != nil {
			return err
		}
		_, err := fmt.Fprintf(a.Stdout, "API token %d revoked (a running server may accept it for up to 5 seconds more)\n", id)
		return err
	})
}

func runUserDisable(ctx context.Context, a *app, args []string) error {
	login, err := a.loginFlag(args, "--login L")
	if err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		if err := s.DisableUser(ctx, cliActor, login); err != nil {
			return err
		}
		_, err := fmt.Fprintf(a.Stdout, "user %s disabled: they cannot log in, and their sessions, API tokens and calendar feed are ended\n", login)
		return err
	})
}

func runUserEnable(ctx context.Context, a *app, args []string) error {
	login, err := a.loginFlag(args, "--login L")
	if err != nil {
		return err
	}
	return a.withStore(ctx, func(s *store.Store) error {
		if err := s.EnableUser(ctx, cliActor, login); err != nil {
			return err
		}
		_, err := fmt.Fprintf(a.Stdout, "user %s enabled: they log in with their password; new API tokens come from huikuan user token\n", login)
		return err
	})
}
