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

// TestBusyServerSendsOverOneConnection: while people wait for the
// server's answers, a batch goes over the first connection only, and a
// second connection left open by an earlier batch is closed rather than
// left idle for the mail server to drop.
func TestBusyServerSendsOverOneConnection(t *testing.T) {
	f := newFixture(t)
	first, second := smtptest.Start(t, "", ""), smtptest.Start(t, "", "")
	w := f.worker(t)
	w.Mailer = nil
	var mailers []*SMTPMailer
	for _, relay := range []*smtptest.Server{first, second} {
		m, err := NewSMTPMailer(relay.URL(), 5*time.Second)
		must(t, err)
		mailers = append(mailers, m)
		w.Mailers = append(w.Mailers, m)
	}
	busy := false
	w.Busy = func() bool { return busy }

	// Not busy: whichever connection takes the first booking's message
	// hangs on it, the other sends the second meanwhile; both stay open.
	hung := f.book(t, monday, "Мария Георгиева", "bg")
	f.book(t, monday.Add(15*time.Minute), "Гражданин", "bg")
	for _, relay := range []*smtptest.Server{first, second} {
		relay.Hang = func(rcpt string) bool { return rcpt == hung.Email }
	}
	done := make(chan int)
	go func() {
		n, _ := w.RunOnce(t.Context())
		done <- n
	}()
	select {
	case <-first.Hung:
	case <-second.Hung:
	}
	select {
	case <-first.Got:
	case <-second.Got:
	}
	first.Release()
	second.Release()
	if n := <-done; n != 2 {
		t.Fatalf("finished %d, want 2", n)
	}
	for i, m := range mailers {
		if !m.connected {
			t.Fatalf("connection %d was closed after its message", i+1)
		}
	}
	before := [2]int{len(first.Messages()), len(second.Messages())}

	busy = true
	for i := 2; i <= 5; i++ {
		f.book(t, monday.Add(time.Duration(i)*15*time.Minute), "Гражданин", "bg")
	}
	n, err := w.RunOnce(t.Context())
	must(t, err)
	if n != 4 {
		t.Fatalf("finished %d, want 4", n)
	}
	if got := len(first.Messages()) - before[0]; got != 4 {
		t.Errorf("the first connection sent %d messages while busy, want 4", got)
	}
	if got := len(second.Messages()) - before[1]; got != 0 {
		t.Errorf("the second connection sent %d messages while busy, want none", got)
	}
	if mailers[1].connected {
		t.Error("the second connection stayed open while unused")
	}
}
