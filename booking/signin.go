package booking

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Sign-in policy. MaxFailedLogins wrong passwords in a row from one
// address (IPv4, or an IPv6 /64) lock that address out of the account for
// LockoutPeriod; the account itself stays open, so a stranger cannot keep
// its owner out. Addresses the account signed in from within TrustPeriod
// are trusted; once MaxFailedLogins failures have come from untrusted
// addresses since the last success, those get one attempt per AccountPace
// (a guesser with many addresses is slowed, the owner at a known address
// is not). Sessions last SessionLifetime.
const (
	MaxFailedLogins = 5
	LockoutPeriod   = 15 * time.Minute
	AccountPace     = 30 * time.Second
	TrustPeriod     = 30 * 24 * time.Hour
	SessionLifetime = 12 * time.Hour
)

// Attempt is one sign-in attempt on an account from a client address.
type Attempt struct {
	UserID  int64
	Address string // the client's address key (IPv6 by /64)
	At      time.Time
}

// SessionStore keeps staff sessions and sign-in failures.
type SessionStore interface {
	// StartAttempt counts an attempt as failed before its password is
	// checked, in one write, so parallel attempts cannot all pass a count
	// read before any of them was recorded. False, with nothing counted,
	// when the address is locked out of the account, or the address is
	// untrusted and the account's pace has not come round; the policy is
	// the constants above.
	//
	// When this attempt locks the address out of the account, or puts the
	// account's pace on, alert (addressed to a.UserID) is queued for the
	// account holder in the same write.
	StartAttempt(ctx context.Context, a Attempt, alert Message) (bool, error)
	// ClearFailures forgets the account's and the address's failures after
	// a right password, and trusts the address for TrustPeriod.
	ClearFailures(ctx context.Context, a Attempt) error
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
func (s *Staff) SignIn(ctx context.Context, email, password, address string) (token string, user *User, err error) {
	fail := Errorf(EUNAUTHORIZED, "err.wrong-email-or-password-or")
	// Real time, not the domain's clock: it is what an observer measures.
	// The refusal is padded after the gate is left (deferred first, run
	// last), and a gate that turns the attempt away answers at once.
	started := time.Now()
	defer func() {
		if err != nil && ErrorCode(err) != EUNAVAILABLE {
			s.padFailure(started)
		}
	}()
	release, err := s.Gate.enter()
	if err != nil {
		return "", nil, err
	}
	defer release()
	now := s.Now().UTC()
	u, err := s.users.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if ErrorCode(err) == ENOTFOUND {
		s.Verify(dummyHash, password) // spend the same time as for a real account
		return "", nil, fail
	} else if err != nil {
		return "", nil, err
	}
	attempt := Attempt{UserID: u.ID, Address: address, At: now}
	alert := Message{Kind: MessageSignInAlert, Note: strconv.Itoa(MaxFailedLogins), DueAt: now, CreatedAt: now}
	allowed, err := s.sessions.StartAttempt(ctx, attempt, alert)
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
	if err := s.sessions.ClearFailures(ctx, attempt); err != nil {
		return "", nil, err
	}
	token = NewToken()
	if err := s.sessions.CreateSession(ctx, hashToken(token), u.ID, now, now.Add(SessionLifetime)); err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// DefaultFailAfter is the least time a refused sign-in takes in serve:
// well above a password check and the writes that may go with it.
const DefaultFailAfter = 400 * time.Millisecond

// padFailure makes a refused sign-in last FailAfter since it started.
func (s *Staff) padFailure(started time.Time) {
	d := s.FailAfter - time.Since(started)
	if d <= 0 {
		return
	}
	if s.Wait != nil {
		s.Wait(d)
		return
	}
	time.Sleep(d)
}

// dummyHash is an argon2id hash of nothing in particular.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$0Y6PZ6h1mJ8F9c3Q8xv1c1GZ8m8xX1q2w3e4r5t6y7U"

// Session returns the user of a session token. EUNAUTHORIZED otherwise.
func (s *Staff) Session(ctx context.Context, token string) (*User, error) {
	return bySecret(ctx, token, func(ctx context.Context, hash string) (*User, error) {
		return s.sessions.UserBySession(ctx, hash, s.Now().UTC())
	}, errSignedOut)
}

func errSignedOut() error {
	return Errorf(EUNAUTHORIZED, "err.please-sign-in-again")
}

// SignOut ends a session.
func (s *Staff) SignOut(ctx context.Context, token string) error {
	if !ValidToken(token) {
		return nil
	}
	return s.sessions.DeleteSession(ctx, hashToken(token))
}
