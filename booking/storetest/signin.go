package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
)

// staffFixture adds an assistant whose password is "correct horse battery"
// and returns the staff service with a Verify that counts the checks made
// against that account's hash, and all checks.
func staffFixture(t *testing.T, h Harness) (*Fixture, *booking.Staff, *atomic.Int64, *atomic.Int64) {
	t.Helper()
	f := NewFixture(t, h, 1)
	hash, err := password.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	var checks, all atomic.Int64
	staff := booking.NewStaff(f.full(t), f.full(t), f.full(t), f.Clock.Now)
	staff.Verify = func(h, pw string) (bool, error) {
		all.Add(1)
		if h == hash {
			checks.Add(1)
		}
		return password.Verify(h, pw)
	}
	if _, err := staff.AddUser(f.Ctx, booking.CommandLine, booking.UserInput{Email: "asst@sredets.example.bg", Name: "Асистент",
		Role: booking.RoleAssistant, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return f, staff, &checks, &all
}

// TestLockoutHoldsUnderConcurrency: twenty wrong passwords at once may not
// all be checked; the account locks after MaxFailedLogins of them.
func testLockoutHoldsUnderConcurrency(t *testing.T, h Harness) {
	_, staff, checks, all := staffFixture(t, h)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 20 {
		wg.Go(func() {
			<-start
			if _, _, err := staff.SignIn(t.Context(), "asst@sredets.example.bg", "wrong password!", "192.0.2.1"); booking.ErrorCode(err) != booking.EUNAUTHORIZED {
				t.Errorf("wrong password: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := checks.Load(); n != booking.MaxFailedLogins {
		t.Errorf("%d of 20 parallel wrong passwords were checked against the account; want %d", n, booking.MaxFailedLogins)
	}
	before := all.Load()
	if _, _, err := staff.SignIn(t.Context(), "asst@sredets.example.bg", "correct horse battery", "192.0.2.1"); booking.ErrorCode(err) != booking.EUNAUTHORIZED {
		t.Errorf("the account did not lock: %v", err)
	}
	// A locked account still spends one password check, so that its answer
	// takes as long as an unknown or unlocked account's.
	if n := all.Load() - before; n != 1 {
		t.Errorf("a locked account's sign-in made %d password checks, want 1", n)
	}
}

// TestParallelSignInsAreBounded: a crowd of sign-ins with unknown emails
// (each costs an argon2id check of 19 MiB) runs at most the gate's number
// of checks at once; those turned away are told so and nothing is counted.
func testParallelSignInsAreBounded(t *testing.T, h Harness) {
	f, staff, _, _ := staffFixture(t, h)
	var inFlight, most atomic.Int64
	verify := staff.Verify
	staff.Verify = func(h, pw string) (bool, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		return verify(h, pw)
	}
	staff.Gate = booking.NewPasswordGate(2, time.Minute)
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, 24)
	for i := range errs {
		wg.Go(func() {
			email := "asst@sredets.example.bg"
			if i > 0 {
				email = fmt.Sprintf("nobody%d@example.bg", i)
			}
			<-start
			_, _, errs[i] = staff.SignIn(f.Ctx, email, "wrong password!", "192.0.2.1")
		})
	}
	close(start)
	wg.Wait()
	if m := most.Load(); m > 2 {
		t.Errorf("%d password checks ran at once; the gate allows 2", m)
	}
	for _, err := range errs {
		if c := booking.ErrorCode(err); c != booking.EUNAUTHORIZED && c != booking.EUNAVAILABLE {
			t.Errorf("sign-in: %v", err)
		}
	}
	u, err := f.full(t).UserByEmail(f.Ctx, "asst@sredets.example.bg")
	if err != nil {
		t.Fatal(err)
	}
	if want := 1; booking.ErrorCode(errs[0]) == booking.EUNAVAILABLE {
		want = 0
		if u.FailedLogins != want {
			t.Errorf("a sign-in turned away was counted as a failure: %d", u.FailedLogins)
		}
	} else if u.FailedLogins != want {
		t.Errorf("failed sign-ins = %d, want %d", u.FailedLogins, want)
	}
}

// TestAStrangerCannotLockTheOwnerOut: wrong passwords lock the address
// they come from out of the account, not the account; from addresses the
// owner signed in from, the owner always gets in; guesses from many
// unknown addresses are slowed to one per AccountPace.
func testAStrangerCannotLockTheOwnerOut(t *testing.T, h Harness) {
	f, staff, _, _ := staffFixture(t, h)
	const owner, stranger = "198.51.100.7", "203.0.113.9"
	signIn := func(pw, address string) error {
		_, _, err := staff.SignIn(f.Ctx, "asst@sredets.example.bg", pw, address)
		return err
	}
	if err := signIn("correct horse battery", owner); err != nil {
		t.Fatal(err)
	}
	// The stranger, from one address and then from many.
	for range booking.MaxFailedLogins {
		signIn("wrong password!", stranger)
	}
	for i := range 3 * booking.MaxFailedLogins {
		signIn("wrong password!", fmt.Sprintf("2001:db8:%x::1", i))
	}
	if err := signIn("wrong password!", stranger); booking.ErrorCode(err) != booking.EUNAUTHORIZED {
		t.Fatal(err)
	}
	// The owner, at the office, gets in at once.
	if err := signIn("correct horse battery", owner); err != nil {
		t.Fatalf("the owner was locked out by a stranger: %v", err)
	}
	// The stranger's address stays locked for the period…
	f.Clock.Set(f.Clock.Now().Add(booking.AccountPace + time.Second))
	if err := signIn("correct horse battery", stranger); booking.ErrorCode(err) != booking.EUNAUTHORIZED {
		t.Errorf("the guessing address got in while locked out: %v", err)
	}
	// …while unknown addresses are paced, not shut out: after the pace,
	// the owner at a new address gets in.
	for i := range booking.MaxFailedLogins {
		signIn("wrong password!", fmt.Sprintf("2001:db8:1:%x::1", i))
	}
	if err := signIn("correct horse battery", "192.0.2.200"); booking.ErrorCode(err) != booking.EUNAUTHORIZED {
		t.Errorf("a new address was not paced while guesses came from many: %v", err)
	}
	f.Clock.Set(f.Clock.Now().Add(booking.AccountPace + time.Second))
	if err := signIn("correct horse battery", "192.0.2.200"); err != nil {
		t.Errorf("after the pace, from a new address: %v", err)
	}
}
