package sqlite

import (
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
	"github.com/priemna/priemna/booking/storetest"
)

// Every refused sign-in lasts the same floor, whatever the account's state
// — no such account, a wrong password, an address locked out — so the time
// of the answer reveals nothing; a good password is not held back.
func TestRefusedSignInsTakeTheSameTime(t *testing.T) {
	f := newFixture(t, 1)
	hash, err := password.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var waits []time.Duration
	staff := booking.NewStaff(f.db, f.db, f.db, f.Clock.Now)
	staff.Verify, staff.FailAfter = password.Verify, time.Hour
	staff.Wait = func(d time.Duration) { mu.Lock(); waits = append(waits, d); mu.Unlock() }
	if _, err := staff.AddUser(f.Ctx, booking.CommandLine, booking.UserInput{Email: "asst@sofia.example.bg", Name: "Пепа Помощникова",
		Role: booking.RoleAdmin, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	// The owner's office address, trusted from here on.
	if _, _, err := staff.SignIn(f.Ctx, "asst@sofia.example.bg", "correct horse battery", "198.51.100.9"); err != nil || len(waits) != 0 {
		t.Fatalf("a good sign-in: %v, waits %v", err, waits)
	}
	cases := []struct{ name, email, pw string }{{"no such account", "nobody@sofia.example.bg", "x"}}
	for range booking.MaxFailedLogins {
		cases = append(cases, struct{ name, email, pw string }{"wrong password", "asst@sofia.example.bg", "wrong password"})
	}
	cases = append(cases, struct{ name, email, pw string }{"locked out", "asst@sofia.example.bg", "correct horse battery"})
	for i, c := range cases {
		_, _, err := staff.SignIn(f.Ctx, c.email, c.pw, "203.0.113.7")
		storetest.WantCode(t, err, booking.EUNAUTHORIZED)
		mu.Lock()
		if len(waits) != i+1 {
			t.Fatalf("%s: %d waits after %d refusals", c.name, len(waits), i+1)
		}
		// The wait fills the rest of the hour: the check took what it took.
		if d := waits[i]; d <= 0 || d > time.Hour || d < time.Hour-time.Minute {
			t.Errorf("%s: waited %s", c.name, d)
		}
		mu.Unlock()
	}
	if _, _, err := staff.SignIn(f.Ctx, "asst@sofia.example.bg", "correct horse battery", "198.51.100.9"); err != nil {
		t.Fatal(err)
	}
	if len(waits) != len(cases) {
		t.Errorf("a good sign-in waited: %v", waits[len(cases):])
	}
}
