package booking

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a staff member may do.
type Role string

const (
	RoleAdmin     Role = "admin"     // units, officials, users, everything
	RoleAssistant Role = "assistant" // only the officials assigned to them
)

// User is a member of staff.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         Role
	PasswordHash string
	OfficialIDs  []int64 // for assistants
	CreatedAt    time.Time
	FailedLogins int
	LockedUntil  time.Time
}

// CanManage reports whether the user may act for the official.
func (u *User) CanManage(officialID int64) bool {
	return u.Role == RoleAdmin || slices.Contains(u.OfficialIDs, officialID)
}

// StaffStore persists staff members and their API tokens.
type StaffStore interface {
	// CreateUser stores u and its officials; ECONFLICT when the email is
	// taken. The methods that take audit record it, when not nil, in the
	// same transaction.
	CreateUser(ctx context.Context, u *User, audit *AuditEntry) error
	UserByEmail(ctx context.Context, email string) (*User, error)
	// CreateAPIToken stores the SHA-256 of a token for the user.
	CreateAPIToken(ctx context.Context, userID int64, hash string, at time.Time, audit *AuditEntry) error
	// UserByAPIToken returns the user of an unrevoked token hash.
	UserByAPIToken(ctx context.Context, hash string) (*User, error)
	// SetPassword replaces a user's password hash, unlocks the account and
	// ends their sessions.
	SetPassword(ctx context.Context, userID int64, hash string, audit *AuditEntry) error
	// RevokeAPITokens revokes every token of the user and says how many.
	RevokeAPITokens(ctx context.Context, userID int64, at time.Time, audit *AuditEntry) (int, error)
}

// MinPassword is the shortest password accepted.
const MinPassword = 10

// ValidatePassword checks a new password. EINVALID when it is too weak.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPassword || strings.TrimSpace(pw) == "" {
		return invalidField("password", "err.the-password-must-be-at")
	}
	if len(pw) > 1024 {
		return invalidField("password", "err.the-password-is-too-long")
	}
	return nil
}

// Staff manages staff members, their sign-in and API tokens.
type Staff struct {
	users     StaffStore
	sessions  SessionStore
	officials CatalogStore

	Now func() time.Time
	// Verify checks a password against its stored hash (booking/password).
	Verify func(hash, password string) (bool, error)
	// Gate bounds the sign-ins checking a password at once; nil: no bound.
	Gate *PasswordGate
	// FailAfter is the least time a refused sign-in takes, whatever the
	// account's state (unknown, locked out, wrong password), so that the
	// time of the answer tells nothing about it; 0: no floor. Wait waits
	// (time.Sleep when nil).
	FailAfter time.Duration
	Wait      func(time.Duration)
}

// NewStaff returns the staff service on its stores: the accounts, the
// sessions (nil where nobody signs in, as in the shell commands), and the
// catalogue, to find an assistant's officials.
func NewStaff(users StaffStore, sessions SessionStore, officials CatalogStore, now func() time.Time) *Staff {
	return &Staff{users: users, sessions: sessions, officials: officials, Now: now}
}

// UserInput is what an admin gives to add a staff member.
type UserInput struct {
	Email, Name  string
	Role         Role
	Officials    []string // slugs, for assistants
	PasswordHash string   // already hashed by the caller
}

// AddUser adds a staff member, by an administrator.
//
// EFORBIDDEN unless by is an administrator; EINVALID for bad fields or
// unknown officials; ECONFLICT for a taken email.
func (s *Staff) AddUser(ctx context.Context, by *User, in UserInput) (*User, error) {
	if err := adminOnly(by); err != nil {
		return nil, err
	}
	f := FieldErrors{}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if !ValidEmail(email) {
		f.Add("email", "err.invalid-email-address")
	}
	checkText(f, "name", strings.TrimSpace(in.Name), 2, MaxName, false, T("text.enter-a-name"))
	if in.Role != RoleAdmin && in.Role != RoleAssistant {
		f.Add("role", "err.the-role-is-admin-or")
	}
	if in.PasswordHash == "" {
		f.Add("password", "err.the-password-is-missing")
	}
	u := &User{Email: email, Name: strings.TrimSpace(in.Name), Role: in.Role, PasswordHash: in.PasswordHash, CreatedAt: s.Now().UTC()}
	for _, slug := range in.Officials {
		o, err := s.officials.Official(ctx, slug)
		if ErrorCode(err) == ENOTFOUND {
			f.Add("officials", "err.no-such-official", clip(slug))
			continue
		} else if err != nil {
			return nil, err
		}
		u.OfficialIDs = append(u.OfficialIDs, o.ID)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := s.users.CreateUser(ctx, u, s.auditOf(by, "user.add", u.Email)); err != nil {
		return nil, err
	}
	return u, nil
}

// auditOf is the audit entry of an action on staff accounts.
func (s *Staff) auditOf(by *User, action, object string) *AuditEntry {
	return &AuditEntry{At: s.Now().UTC().Truncate(time.Second), UserID: by.ID, UserEmail: by.Email, Action: action, Object: object}
}

// CreateAPIToken issues a staff API token for the user with the email and
// returns it; only its hash is stored. EFORBIDDEN unless by is an
// administrator; ENOTFOUND for an unknown user.
func (s *Staff) CreateAPIToken(ctx context.Context, by *User, email string) (string, error) {
	if err := adminOnly(by); err != nil {
		return "", err
	}
	u, err := s.users.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return "", err
	}
	token := "pri_" + NewToken()
	if err := s.users.CreateAPIToken(ctx, u.ID, hashToken(token), s.Now().UTC(), s.auditOf(by, "token.create", u.Email)); err != nil {
		return "", err
	}
	return token, nil
}

// Authenticate returns the user of an API token. EUNAUTHORIZED otherwise.
func (s *Staff) Authenticate(ctx context.Context, token string) (*User, error) {
	unauthorized := Errorf(EUNAUTHORIZED, "err.invalid-or-revoked-access-token")
	if !strings.HasPrefix(token, "pri_") || !ValidToken(strings.TrimPrefix(token, "pri_")) {
		return nil, unauthorized
	}
	u, err := s.users.UserByAPIToken(ctx, hashToken(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, unauthorized
	}
	return u, err
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SetPassword gives a staff member a new password (already hashed; check
// it first with ValidatePassword). EFORBIDDEN unless by is an
// administrator; ENOTFOUND for an unknown email.
func (s *Staff) SetPassword(ctx context.Context, by *User, email, hash string) error {
	if err := adminOnly(by); err != nil {
		return err
	}
	u, err := s.users.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return err
	}
	return s.users.SetPassword(ctx, u.ID, hash, s.auditOf(by, "user.password", u.Email))
}

// RevokeAPITokens revokes all API tokens of a staff member. EFORBIDDEN
// unless by is an administrator; ENOTFOUND for an unknown email.
func (s *Staff) RevokeAPITokens(ctx context.Context, by *User, email string) (int, error) {
	if err := adminOnly(by); err != nil {
		return 0, err
	}
	u, err := s.users.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return 0, err
	}
	return s.users.RevokeAPITokens(ctx, u.ID, s.Now().UTC(), s.auditOf(by, "token.revoke", u.Email))
}
