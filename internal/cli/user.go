package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"huikuan/internal/store"
	"huikuan/internal/user"
)

// cliActor is who the audit log names for changes made from the command line.
var cliActor = store.Actor{Name: "cli"}

func runUser(ctx context.Context, a *app, args []string) error {
	subs := map[string]func(context.Context, *app, []string) error{
		"add": runUserAdd, "list": runUserList, "passwd": runUserPasswd, "token": runUserToken,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		return usagef("want add, list, passwd or token")
	}
	a.name += " " + args[0]
	return subs[args[0]](ctx, a, args[1:])
}

func runUserAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--login L --name N --role admin|manager|rep [--rep CODE] [--team T]")
	var u user.User
	fs.StringVar(&u.Login, "login", "", "`login` name")
	fs.StringVar(&u.Name, "name", "", "the person's `name`")
	role := fs.String("role", "", "`role`: admin, manager or rep")
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
		fmt.Fprintln(tw, "login\trole\trep\tteam\tname")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Login, u.Role, u.Rep, u.Team, u.Name)
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
		fmt.Fprintf(a.Stdout, "password of %s changed; their sessions are ended\n", *login)
		if generated {
			fmt.Fprintf(a.Stdout, "password: %s\n(shown once: pass it on now)\n", pw)
		}
		return nil
	})
}

func runUserToken(ctx context.Context, a *app, args []string) error {
	fs := a.flags("--login L")
	login := fs.String("login", "", "`login` name")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *login == "" {
		return usagef("--login is required")
	}
	return a.withStore(ctx, func(s *store.Store) error {
		token, hash := user.NewSecret()
		if err := s.CreateAPIToken(ctx, *login, hash); err != nil {
			return err
		}
		_, err := fmt.Fprintln(a.Stdout, token)
		return err
	})
}
