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
	// StartAttempt counts a sign-in attempt as failed before its password
	// is checked, in one write, so parallel attempts cannot all pass a
	// count read before any of them was recorded: false when the account
	// is locked at now; the attempt that reaches max failures locks it
	// until lockUntil.
	StartAttempt(ctx context.Context, userID int64, now time.Time, max int, lockUntil time.Time) (bool, error)
	// ClearFailures forgets the failures after a right password.
	ClearFailures(ctx context.Context, userID int64) error
	CreateSession(ctx context.Context, hash string, userID int64, at, expires time.Time) error
	// UserBySession returns the user of an unexpired session.
	UserBySession(ctx context.Context, hash string, now time.Time) (*User, error)
	DeleteSession(ctx context.Context, hash string) error
}

// SignIn checks an email and password and opens a session, returning its
// token for the cookie. Every failure — unknown email, wrong password,
// locked account — gives the same EUNAUTHORIZED, so that nobody can learn
// which accounts exist. EUNAVAILABLE, with nothing checked or counted,
// when the Gate has no turn for it.
func (s *Staff) SignIn(ctx context.Context, email, password string) (string, *User, error) {
	fail := Errorf(EUNAUTHORIZED, "Грешен имейл или парола, или профилът е временно заключен след няколко неуспешни опита.",
		"Wrong email or password, or the account is locked for a while after several failed attempts.")
	release, err := s.Gate.enter()
	if err != nil {
		return "", nil, err
	}
	defer release()
	now := s.Now().UTC()
	u, err := s.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if ErrorCode(err) == ENOTFOUND {
		s.Verify(dummyHash, password) // spend the same time as for a real account
		return "", nil, fail
	} else if err != nil {
		return "", nil, err
	}
	allowed, err := s.Sessions.StartAttempt(ctx, u.ID, now, MaxFailedLogins, now.Add(LockoutPeriod))
	if err != nil {
		return "", nil, err
	}
	if !allowed {
		s.Verify(dummyHash, password) // a locked account answers in the time a check takes
		return "", nil, fail
	}
	if ok, err := s.Verify(u.PasswordHash, password); err != nil || !ok {
		return "", nil, fail
	}
	if err := s.Sessions.ClearFailures(ctx, u.ID); err != nil {
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
