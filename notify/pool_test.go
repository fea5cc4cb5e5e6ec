package notify

import (
	"testing"
	"time"

	"github.com/priemna/priemna/notify/smtptest"
)

// TestOneHangingMessageDoesNotHoldTheRest: the mail server hangs on one
// citizen's message; over a second connection the others go out meanwhile.
func TestOneHangingMessageDoesNotHoldTheRest(t *testing.T) {
	f := newFixture(t)
	relay := smtptest.Start(t, "", "")
	first := f.book(t, monday, "Мария Георгиева", "bg")
	for i := 1; i <= 3; i++ {
		f.book(t, monday.Add(time.Duration(i)*15*time.Minute), "Гражданин", "bg")
	}
	relay.Hang = func(rcpt string) bool { return rcpt == first.Email }
	w := f.worker(t)
	w.Mailer = nil
	for range 2 {
		m, err := NewSMTPMailer(relay.URL(), 5*time.Second)
		must(t, err)
		w.Mailers = append(w.Mailers, m)
	}
	done := make(chan int)
	go func() {
		n, _ := w.RunOnce(t.Context())
		done <- n
	}()
	if got := <-relay.Hung; got != first.Email {
		t.Fatalf("hung on %s", got)
	}
	// While the first message hangs, the other three arrive.
	timeout := time.After(30 * time.Second)
	for range 3 {
		select {
		case m := <-relay.Got:
			if m.To[0] == first.Email {
				t.Fatal("the hanging message arrived")
			}
		case <-timeout:
			t.Fatal("the other messages waited for the hanging one")
		}
	}
	relay.Release()
	if n := <-done; n != 4 {
		t.Errorf("finished %d, want 4", n)
	}
	if len(relay.Messages()) != 4 {
		t.Errorf("relay got %d", len(relay.Messages()))
	}
}
