package user

import "testing"

func TestScope(t *testing.T) {
	tests := []struct {
		u    User
		want Scope
	}{
		{User{Role: Admin}, Scope{All: true}},
		{User{Role: Manager, Team: "华东一组"}, Scope{Team: "华东一组"}},
		{User{Role: Rep, Rep: "R001"}, Scope{Rep: "R001"}},
		{User{Role: "guest"}, Scope{}},
	}
	for _, tt := range tests {
		if got := tt.u.Scope(); got != tt.want {
			t.Errorf("%+v.Scope() = %+v, want %+v", tt.u, got, tt.want)
		}
	}
}

func TestPassword(t *testing.T) {
	Cost = 4
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterY") {
		t.Error("CheckPassword does not tell the right password from a wrong one")
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
}

func TestValidate(t *testing.T) {
	bad := []User{
		{Login: "x", Name: "n", Role: Admin},
		{Login: "bad login", Name: "n", Role: Admin},
		{Login: "ok", Name: "", Role: Admin},
		{Login: "ok", Name: "n", Role: "boss"},
		{Login: "ok", Name: "n", Role: Rep},
		{Login: "ok", Name: "n", Role: Manager},
	}
	for _, u := range bad {
		if u.Validate() == nil {
			t.Errorf("%+v passed validation", u)
		}
	}
	if err := (User{Login: "wang.li", Name: "王丽", Role: Rep, Rep: "R001"}).Validate(); err != nil {
		t.Error(err)
	}
}

func TestSecret(t *testing.T) {
	s1, h1 := NewSecret()
	s2, _ := NewSecret()
	if s1 == s2 || len(s1) < 32 || HashSecret(s1) != h1 || h1 == s1 {
		t.Errorf("secrets %q %q hash %q", s1, s2, h1)
	}
}

func TestDummyHash(t *testing.T) {
	Cost = 4
	before := PasswordChecks()
	for _, pw := range []string{"", "correct horse battery", DummyHash()} {
		if CheckPassword(DummyHash(), pw) {
			t.Errorf("the dummy hash matches %q", pw)
		}
	}
	if n := PasswordChecks() - before; n != 3 {
		t.Errorf("PasswordChecks counted %d checks, want 3", n)
	}
}
