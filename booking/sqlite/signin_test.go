package sqlite

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
)

// staffFixture adds an assistant whose password is "correct horse battery"
// and returns the staff service with a Verify that counts the checks made
// against that account's hash, and all checks.
func staffFixture(t *testing.T) (*fixture, *booking.Staff, *atomic.Int64, *atomic.Int64) {
	t.Helper()
	f := newFixture(t, 1)
	hash, err := password.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	var checks, all atomic.Int64
	staff := &booking.Staff{Store: f.db, Sessions: f.db, Officials: f.db, Now: f.clock.Now,
		Verify: func(h, pw string) (bool, error) {
			all.Add(1)
			if h == hash {
				checks.Add(1)
			}
			return password.Verify(h, pw)
		}}
	if _, err := staff.AddUser(context.Background(), booking.UserInput{Email: "asst@sredets.example.bg", Name: "Асистент",
		Role: booking.RoleAssistant, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return f, staff, &checks, &all
}

// TestLockoutHoldsUnderConcurrency: twenty wrong passwords at once may not
// all be checked; the account locks after MaxFailedLogins of them.
func TestLockoutHoldsUnderConcurrency(t *testing.T) {
	_, staff, checks, all := staffFixture(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, _, err := staff.SignIn(ctx, "asst@sredets.example.bg", "wrong password!"); booking.ErrorCode(err) != booking.EUNAUTHORIZED {
				t.Errorf("wrong password: %v", err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if n := checks.Load(); n != booking.MaxFailedLogins {
		t.Errorf("%d of 20 parallel wrong passwords were checked against the account; want %d", n, booking.MaxFailedLogins)
	}
	before := all.Load()
	if _, _, err := staff.SignIn(ctx, "asst@sredets.example.bg", "correct horse battery"); booking.ErrorCode(err) != booking.EUNAUTHORIZED {
		t.Errorf("the account did not lock: %v", err)
	}
	// A locked account still spends one password check, so that its answer
	// takes as long as an unknown or unlocked account's.
	if n := all.Load() - before; n != 1 {
		t.Errorf("a locked account's sign-in made %d password checks, want 1", n)
	}
}
