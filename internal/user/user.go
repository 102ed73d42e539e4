// Package user holds the people who use huikuan, their roles, and what
// each role may see: an admin and finance everything, a manager the reps of
// their team and those reps' customers, a rep only their own customers.
package user

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a user may do.
type Role string

// The roles.
const (
	Admin   Role = "admin"
	Manager Role = "manager"
	Rep     Role = "rep"
	// Finance keeps the books: ledger writes, imports, disputes and
	// reports over the whole company, but neither users nor settings.
	Finance Role = "finance"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Admin || r == Manager || r == Rep || r == Finance }

// KeepsBooks reports whether r may write the ledger, import files and
// resolve disputes: an admin or finance.
func (r Role) KeepsBooks() bool { return r == Admin || r == Finance }

// LeadsReps reports whether r may set reps' targets and customers'
// cadences: an admin or a manager (the store narrows a manager to the
// team), never finance, whose scope is the whole company for the books
// only.
func (r Role) LeadsReps() bool { return r == Admin || r == Manager }

// User is a person with a login.
type User struct {
	ID    int64
	Login string
	Name  string
	Role  Role
	Rep   string // the rep's code, for role rep
	Team  string // the team a manager leads
	// Disabled is set for a user who may no longer log in.
	Disabled bool `json:",omitempty"`
}

// Scope is the part of the company a user may see. The zero Scope sees
// nothing.
type Scope struct {
	All  bool   // every customer
	Team string // the customers of the reps in this team
	Rep  string // the customers of this rep
	// Customer is one customer alone: what a dealer's statement link
	// sees. No user has it.
	Customer string
}

// Scope returns what u may see.
func (u User) Scope() Scope {
	switch u.Role {
	case Admin, Finance:
		return Scope{All: true}
	case Manager:
		return Scope{Team: u.Team}
	case Rep:
		return Scope{Rep: u.Rep}
	}
	return Scope{}
}

var loginPattern = regexp.MustCompile(`^[a-zA-Z0-9._@-]{2,64}$`)

// Validate checks a user's fields.
func (u User) Validate() error {
	switch {
	case !loginPattern.MatchString(u.Login):
		return errors.New("login: 2 to 64 letters, digits, '.', '_', '@' or '-'")
	case u.Name == "":
		return errors.New("name is required")
	case !u.Role.Valid():
		return fmt.Errorf("role %q: want admin, finance, manager or rep", u.Role)
	case u.Role == Rep && u.Rep == "":
		return errors.New("a user with role rep needs --rep, the rep's code")
	case u.Role == Manager && u.Team == "":
		return errors.New("a manager needs --team, the team they lead")
	}
	return nil
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// Cost is the bcrypt cost of password hashes; tests lower it.
var Cost = 11

// HashPassword returns a bcrypt hash of pw.
func HashPassword(pw string) (string, error) {
	if len(pw) < MinPasswordLength {
		return "", fmt.Errorf("a password needs at least %d characters", MinPasswordLength)
	}
	if len(pw) > 72 {
		return "", errors.New("a password may have at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), Cost)
	return string(h), err
}

// checks counts the password hashes compared, for PasswordChecks.
var checks atomic.Int64

// PasswordChecks returns how many times this process has run the password
// hash function to check a password: what a login costs, whether its user
// exists or not.
func PasswordChecks() int64 { return checks.Load() }

// CheckPassword reports whether pw matches hash.
func CheckPassword(hash, pw string) bool {
	checks.Add(1)
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

var dummy struct {
	mu   sync.Mutex
	cost int
	hash string
}

// DummyHash returns a hash, at the current Cost, of a random password no one
// knows. A login that does not exist, or whose user may not log in, is
// checked against it, so that it costs what a real login costs and the
// time of the answer does not tell which logins exist.
func DummyHash() string {
	dummy.mu.Lock()
	defer dummy.mu.Unlock()
	if dummy.cost != Cost || dummy.hash == "" {
		pw, _ := NewSecret()
		h, err := bcrypt.GenerateFromPassword([]byte(pw[:32]), Cost)
		if err != nil {
			panic(err) // only for a Cost outside bcrypt's range, a programming error
		}
		dummy.cost, dummy.hash = Cost, string(h)
	}
	return dummy.hash
}

// NewSecret returns a random secret for a session, an API token or a
// generated password, and its SHA-256 hash, which is what gets stored.
func NewSecret() (secret, hash string) {
	b := make([]byte, 24)
	rand.Read(b)
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// Token is a new API token: the secret its holder sends, the hash that is
// stored, and a hint, the secret's first characters, that names it in a
// list without giving it away.
type Token struct {
	Secret, Hash, Hint string
}

// TokenHintLength is how many characters of a token's secret its hint
// keeps: 36 of its 192 random bits.
const TokenHintLength = 6

// NewToken returns a new random API token.
func NewToken() Token {
	secret, hash := NewSecret()
	return Token{Secret: secret, Hash: hash, Hint: secret[:TokenHintLength]}
}

// HashSecret returns the stored form of a secret.
func HashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
