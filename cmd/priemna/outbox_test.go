package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlite"
	"github.com/priemna/priemna/notify/smtptest"
)

// TestOutboxResendFromTheShell: mail given up on while the mail server was
// down is listed and sent again by priemna outbox resend, audited, and a
// booking's messages still arrive in their order.
func TestOutboxResendFromTheShell(t *testing.T) {
	relay := smtptest.Start(t, "", "")
	s := startServer(t, "--smtp", relay.URL(), "--mail-attempts", "1")
	relay.Stop()
	free := s.freeSlots("kmet-mladost")
	var b bookingOut
	s.expect(s.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", free[0].Start)), 201).json(t, &b)
	s.expect(s.do("POST", "/api/v1/bookings/"+b.Token+"/reschedule", fmt.Sprintf(`{"start":%q}`, free[1].Start)), 200)
	s.await("kind=change attempts=1", 1)
	s.stop()

	// The demo's own bookings' mail is dead too; this booking has two.
	list, err := s.cli("", "outbox", "list")
	must(t, err)
	total := len(strings.Split(strings.TrimSpace(list), "\n"))
	mine := regexp.MustCompile(`(?m)^(\d+)\t`+b.Reference+`\t(\w+)\t1 attempts\tnotify: connect: .*connection refused$`).FindAllStringSubmatch(list, -1)
	if len(mine) != 2 || mine[0][2] != "change" || mine[1][2] != "confirmation" {
		t.Fatalf("outbox list (newest first):\n%s", list)
	}
	changeID, confirmationID := mine[0][1], mine[1][1]
	if _, err := s.cli("", "outbox", "resend"); err == nil {
		t.Error("resend without --id or --all")
	}
	if _, err := s.cli("", "outbox", "resend", "--id", "999999"); err == nil || !strings.Contains(err.Error(), "no such undelivered message") {
		t.Errorf("resend of no message: %v", err)
	}
	out, err := s.cli("", "outbox", "resend", "--all")
	if err != nil || !strings.Contains(out, fmt.Sprintf("%d message(s) queued again", total)) {
		t.Fatalf("resend --all: %q %v", out, err)
	}
	if out, _ := s.cli("", "outbox", "list"); !strings.Contains(out, "no undelivered mail") {
		t.Errorf("after resend:\n%s", out)
	}
	db, err := sqlite.Open(s.db)
	must(t, err)
	audit, err := db.AuditLog(t.Context(), 1)
	db.Close()
	if err != nil || len(audit) != 1 || audit[0].Action != "outbox.resend" || audit[0].Object != "all" || audit[0].UserEmail != booking.CommandLine.Email {
		t.Errorf("audit: %+v %v", audit, err)
	}

	// The mail server is back; the next serve sends both, in order.
	relay.Resume()
	again := startServerOn(t, s.db, "--smtp", relay.URL())
	again.await(`message sent" id=`+changeID+" ", 1)
	logged := again.log.String()
	first := strings.Index(logged, `message sent" id=`+confirmationID+" ")
	if first < 0 || first > strings.Index(logged, `message sent" id=`+changeID+" ") {
		t.Errorf("the change went out before the confirmation:\n%s", logged)
	}
}
