package booking

import (
	"context"
	"strings"
	"time"
)

// Sign-in policy: after MaxFailedLogins wrong passwords in a row, the
// account is locked for LockoutPeriod; sessions last SessionLifetime.
const (
	MaxFailedLogins = 5
	LockoutPeriod   = 15 * time.Minute
	SessionLifetime = 12 * time.Hour
)

// SessionStore keeps staff sessions and sign-in failures.
type SessionStore interface {
	// RecordLogin stores the outcome of a sign-in attempt: on success the
	// failures are reset, on failure counted and, at the limit, the
	// account locked until lockUntil.
	RecordLogin(ctx context.Context, userID int64, ok bool, lockUntil time.Time) error
	CreateSession(ctx context.Context, hash string, userID int64, at, expires time.Time) error
	// UserBySession returns the user of an unexpired session.
	UserBySession(ctx context.Context, hash string, now time.Time) (*User, error)
	DeleteSession(ctx context.Context, hash string) error
}

// SignIn checks an email and password and opens a session, returning its
// token for the cookie. Every failure — unknown email, wrong password,
// locked account — gives the same EUNAUTHORIZED, so that nobody can learn
// which accounts exist.
func (s *Staff) SignIn(ctx context.Context, email, password string) (string, *User, error) {
	fail := Errorf(EUNAUTHORIZED, "Грешен имейл или парола, или профилът е временно заключен след няколко неуспешни опита.",
		"Wrong email or password, or the account is locked for a while after several failed attempts.")
	now := s.Now().UTC()
	u, err := s.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if ErrorCode(err) == ENOTFOUND {
		s.Verify(dummyHash, password) // spend the same time as for a real account
		return "", nil, fail
	} else if err != nil {
		return "", nil, err
	}
	if now.Before(u.LockedUntil) {
		return "", nil, fail
	}
	ok, err := s.Verify(u.PasswordHash, password)
	if err != nil || !ok {
		lock := time.Time{}
		if u.FailedLogins+1 >= MaxFailedLogins {
			lock = now.Add(LockoutPeriod)
		}
		if err := s.Sessions.RecordLogin(ctx, u.ID, false, lock); err != nil {
			return "", nil, err
		}
		return "", nil, fail
	}
	if err := s.Sessions.RecordLogin(ctx, u.ID, true, time.Time{}); err != nil {
		return "", nil, err
	}
	token := NewToken()
	if err := s.Sessions.CreateSession(ctx, hashToken(token), u.ID, now, now.Add(SessionLifetime)); err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// dummyHash is an argon2id hash of nothing in particular.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$0Y6PZ6h1mJ8F9c3Q8xv1c1GZ8m8xX1q2w3e4r5t6y7U"

// Session returns the user of a session token. EUNAUTHORIZED otherwise.
func (s *Staff) Session(ctx context.Context, token string) (*User, error) {
	if !ValidToken(token) {
		return nil, errSignedOut()
	}
	u, err := s.Sessions.UserBySession(ctx, hashToken(token), s.Now().UTC())
	if ErrorCode(err) == ENOTFOUND {
		return nil, errSignedOut()
	}
	return u, err
}

func errSignedOut() error {
	return Errorf(EUNAUTHORIZED, "Моля, влезте отново.", "Please sign in again.")
}

// SignOut ends a session.
func (s *Staff) SignOut(ctx context.Context, token string) error {
	if !ValidToken(token) {
		return nil
	}
	return s.Sessions.DeleteSession(ctx, hashToken(token))
}
