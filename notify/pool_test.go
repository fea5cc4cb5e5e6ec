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
// server's answers, and for busyHold after, a batch is one connection's
// share of an ordinary one and goes over the first connection only; a
// second connection left open by an earlier batch is closed rather than
// left idle for the mail server to drop.
func TestBusyServerSendsOverOneConnection(t *testing.T) {
	f := newFixture(t)
	first, second := smtptest.Start(t, "", ""), smtptest.Start(t, "", "")
	w := f.worker(t)
	w.Mailer, w.Batch = nil, 4
	var mailers []*SMTPMailer
	for _, relay := range []*smtptest.Server{first, second} {
		m, err := NewSMTPMailer(relay.URL(), 30*time.Second)
		must(t, err)
		mailers = append(mailers, m)
		w.Mailers = append(w.Mailers, m)
	}
	busy := false
	w.Busy = func() bool { return busy }
	slot := 1 // after the hung booking's
	book := func(n int) {
		for range n {
			f.book(t, monday.Add(time.Duration(slot)*15*time.Minute), "Гражданин", "bg")
			slot++
		}
	}
	sent := func() [2]int { return [2]int{len(first.Messages()), len(second.Messages())} }
	runOnce := func(what string, want int) {
		t.Helper()
		before := sent()
		n, err := w.RunOnce(t.Context())
		must(t, err)
		if n != want {
			t.Fatalf("%s: finished %d, want %d", what, n, want)
		}
		if got := sent(); got[0]-before[0] != want || got[1] != before[1] {
			t.Errorf("%s: the connections sent %d and %d, want %d over the first only", what, got[0]-before[0], got[1]-before[1], want)
		}
		if mailers[1].connected {
			t.Errorf("%s: the second connection stayed open while unused", what)
		}
	}

	// Not busy: whichever connection takes the first booking's message
	// hangs on it, the other sends the second meanwhile; both stay open.
	hung := f.book(t, monday, "Мария Георгиева", "bg")
	book(1)
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

	// Busy: 2 of the 4 due (a batch of 4 over 2 connections).
	busy = true
	book(4)
	runOnce("busy", 2)
	// No longer busy, but within busyHold: still 2, over the first.
	busy = false
	f.clock.Add(busyHold - time.Second)
	book(2)
	runOnce("just after", 2)
	// After busyHold: the whole batch.
	f.clock.Add(2 * time.Second)
	book(2)
	before := sent()
	n, err := w.RunOnce(t.Context())
	must(t, err)
	if got := sent(); n != 4 || got[0]+got[1]-before[0]-before[1] != 4 {
		t.Errorf("after the hold: finished %d and sent %v, want the whole batch of 4", n, [2]int{got[0] - before[0], got[1] - before[1]})
	}
}
