package notify

import (
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
)

// Wrong passwords that lock an address out of a staff account tell the
// account holder by letter, once, without naming the address; the letter
// arrives at a real SMTP server.
func TestLockoutTellsTheAccountHolder(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	hash, err := password.Hash("correct horse battery")
	must(t, err)
	staff := booking.NewStaff(f.db, f.db, f.db, f.clock.Now)
	staff.Verify = password.Verify
	if _, err := staff.AddUser(ctx, booking.CommandLine, booking.UserInput{Email: "asst@sofia.example.bg", Name: "Пепа Помощникова",
		Role: booking.RoleAdmin, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	// The owner signs in from the office, which trusts that address.
	if _, _, err := staff.SignIn(ctx, "asst@sofia.example.bg", "correct horse battery", "198.51.100.9"); err != nil {
		t.Fatal(err)
	}
	for range booking.MaxFailedLogins + 2 {
		if _, _, err := staff.SignIn(ctx, "asst@sofia.example.bg", "wrong password", "203.0.113.7"); booking.ErrorCode(err) != booking.EUNAUTHORIZED {
			t.Fatalf("a wrong password: %v", err)
		}
	}
	if n := drain(t, f.worker(t)); n != 1 {
		t.Fatalf("%d letters sent, want one alert", n)
	}
	got := f.sink.Messages()
	p := parse(t, got[0].data)
	text := p.parts["text/plain"]
	if !strings.Contains(got[0].to[0], "asst@sofia.example.bg") || !strings.Contains(p.subject, "Failed sign-ins") ||
		!strings.Contains(text, "5 опита") || !strings.Contains(text, "5 attempts") || strings.Contains(text, "203.0.113") {
		t.Errorf("alert to %v, subject %q:\n%s", got[0].to, p.subject, text)
	}
	// The owner still signs in from the office.
	if _, _, err := staff.SignIn(ctx, "asst@sofia.example.bg", "correct horse battery", "198.51.100.9"); err != nil {
		t.Errorf("the owner is kept out: %v", err)
	}
}
