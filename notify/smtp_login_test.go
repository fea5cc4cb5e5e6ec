package notify

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/notify/smtptest"
)

// A relay on a private network that offers PLAIN and LOGIN without TLS is
// used when tls=none says so on purpose; a wrong password is reported by
// Check, before any message.
func TestLoginWithoutTLSWhenAskedFor(t *testing.T) {
	f := newFixture(t)
	relay := smtptest.Start(t, "priemna", "p@ss/word")
	url := "smtp://priemna:" + "p%40ss%2Fword" + "@" + relay.Addr() + "?tls=none"
	m := mailerTo(t, url)
	if err := m.Check(t.Context()); err != nil {
		t.Fatalf("check: %v", err)
	}
	w := f.worker(t)
	w.Mailer = m
	f.book(t, monday, "Мария Георгиева", "bg")
	if n := drain(t, w); n != 1 || len(relay.Messages()) != 1 {
		t.Fatalf("sent %d, relay got %d", n, len(relay.Messages()))
	}
	if relay.Logins() != 2 {
		t.Errorf("%d logins, want 2 (the check and the send)", relay.Logins())
	}

	bad := mailerTo(t, "smtp://priemna:wrong@"+relay.Addr()+"?tls=none")
	if err := bad.Check(t.Context()); err == nil || !strings.Contains(err.Error(), "authentication failed") {
		t.Fatalf("wrong password: %v", err)
	}
	// STARTTLS is the default, and this relay offers none: refused before
	// the password is sent.
	strict, _ := NewSMTPMailer("smtp://priemna:x@"+relay.Addr(), 5*time.Second)
	if err := strict.Check(t.Context()); err == nil {
		t.Fatal("the default TLS mode logged in without TLS")
	}
}

// An outage is logged once when it begins and once when it ends, with the
// number of messages waiting, not once per message.
func TestOutageIsLoggedOnceEachWay(t *testing.T) {
	f := newFixture(t)
	var logged bytes.Buffer
	w := f.worker(t)
	w.Log = slog.New(slog.NewTextHandler(&logged, nil))
	w.Waiting = func(ctx context.Context) (int, error) {
		st, err := f.db.OutboxState(ctx, f.clock.Now())
		return st.Waiting, err
	}
	f.sink.Stop()
	for i := range 4 {
		f.book(t, monday.Add(time.Duration(i)*15*time.Minute), "Гражданин", "bg")
	}
	for range 3 {
		w.RunOnce(t.Context())
		f.clock.Add(time.Hour)
	}
	if ok, why := w.MailStatus(); ok || why == "" {
		t.Errorf("status during the outage: %v %q", ok, why)
	}
	f.sink.Start()
	drain(t, w)
	if ok, _ := w.MailStatus(); !ok {
		t.Error("status after the outage: still down")
	}
	out := logged.String()
	if n := strings.Count(out, "mail server not taking messages"); n != 1 {
		t.Errorf("outage logged %d times:\n%s", n, out)
	}
	if !strings.Contains(out, "mail server not taking messages") || !strings.Contains(out, "waiting=") {
		t.Errorf("outage line without the count:\n%s", out)
	}
	if n := strings.Count(out, "mail server taking messages again"); n != 1 {
		t.Errorf("recovery logged %d times:\n%s", n, out)
	}
	if strings.Count(out, "level=WARN")+strings.Count(out, "level=ERROR") != 1 {
		t.Errorf("more than one warning or error for one outage:\n%s", out)
	}
}

func TestSendErrorsNameNoRecipient(t *testing.T) {
	err := errors.New("failed to send mail: 550 no such user, affected recipient(s): maria@example.org, affected message ID: <1@x>")
	got := withoutRecipients(err)
	if strings.Contains(got, "maria@") || !strings.Contains(got, "550 no such user") || !strings.Contains(got, "<1@x>") {
		t.Errorf("%q", got)
	}
}
