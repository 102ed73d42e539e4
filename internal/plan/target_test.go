package plan_test

import (
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/user"
)

func TestCheckTarget(t *testing.T) {
	for _, c := range []struct {
		name   string
		month  civil.Date
		amount money.Amount
		want   string
	}{
		{"a target", d("2026-12-01"), money.Yuan(1000000), ""},
		{"no target", d("2026-12-01"), 0, ""},
		{"negative", d("2026-12-01"), -1, "target"},
		{"too large", d("2026-12-01"), money.MaxAmount + 1, "target"},
		{"not a first day", d("2026-12-15"), 1, "month"},
		{"no month", 0, 1, "month"},
		{"outside the business dates", d("2100-01-01"), 1, "month"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var bad errs.Invalid
			plan.CheckTarget(&bad, 3, c.month, c.amount)
			if got := fields(t, bad.Err()); got != c.want {
				t.Errorf("fields %q, want %q", got, c.want)
			}
			for _, f := range bad.Fields {
				if f.Row != 3 {
					t.Errorf("the error %v is not on row 3", f)
				}
			}
		})
	}
}

func TestParseMonth(t *testing.T) {
	for in, want := range map[string]civil.Date{"2026-12": d("2026-12-01"), "2026-12-01": d("2026-12-01"), "2026-13": 0, "2026-12-02": 0, "12/2026": 0, "": 0} {
		got, err := plan.ParseMonth(in)
		if got != want || (err == nil) != (want != 0) {
			t.Errorf("ParseMonth(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	if got := plan.MonthKey(d("2026-12-01")); got != "2026-12" {
		t.Errorf("MonthKey = %q", got)
	}
}

func TestMaySetTargets(t *testing.T) {
	admin := user.User{Role: user.Admin}
	east := user.User{Role: user.Manager, Team: "east"}
	noTeam := user.User{Role: user.Manager}
	rep := user.User{Role: user.Rep, Rep: "R1"}
	for _, c := range []struct {
		name string
		u    user.User
		team string
		want bool
	}{
		{"admin, any rep", admin, "west", true},
		{"admin, a rep of no team", admin, "", true},
		{"manager, own team", east, "east", true},
		{"manager, another team", east, "west", false},
		{"manager, a rep of no team", east, "", false},
		{"manager of no team, a rep of no team", noTeam, "", false},
		{"rep, own team", rep, "east", false},
		{"rep, no team", rep, "", false},
	} {
		if got := plan.MaySetTargets(c.u, c.team); got != c.want {
			t.Errorf("%s: MaySetTargets = %v, want %v", c.name, got, c.want)
		}
		if got := plan.ScopeMaySetTargets(c.u.Scope(), c.team); got != c.want {
			t.Errorf("%s: ScopeMaySetTargets = %v, want %v (the same as MaySetTargets)", c.name, got, c.want)
		}
	}
}
