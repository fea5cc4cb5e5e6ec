package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// killMail makes every due message of the booking a dead letter, as the
// worker does after its last attempt.
func killMail(t *testing.T, e *env, why string) []booking.Message {
	t.Helper()
	ctx := t.Context()
	now := e.clock.Now()
	msgs, err := e.db.ClaimMessages(ctx, now, now.Add(time.Minute), 100)
	must(t, err)
	for _, m := range msgs {
		must(t, e.db.RetryMessage(ctx, m.ID, 10, now, why, true))
	}
	return msgs
}

// TestDeadLettersPage: an administrator sees the undelivered mail with its
// error on a staff page and sends one or all again, audited; an assistant
// may not; the form needs its CSRF token.
func TestDeadLettersPage(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	ctx := t.Context()
	e.addStaff(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	e.addStaff(t, "admin@sofia.example.bg", booking.RoleAdmin)
	dead := killMail(t, e, "550 5.1.1 mailbox unavailable")
	if len(dead) == 0 {
		t.Fatal("no message to kill")
	}

	e.signIn(t, "asst@sofia.example.bg", "correct horse battery")
	if status, _, _ := e.get(t, "/staff/outbox"); status != http.StatusForbidden {
		t.Fatalf("an assistant sees the dead letters: %d", status)
	}

	e.signIn(t, "admin@sofia.example.bg", "correct horse battery")
	status, body, _ := e.get(t, "/staff/outbox")
	if status != 200 || !strings.Contains(body, "550 5.1.1 mailbox unavailable") || !strings.Contains(body, e.b.Reference) {
		t.Fatalf("page: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	if _, en, _ := e.get(t, "/staff/outbox?lang=en"); !strings.Contains(en, "Send all again") {
		t.Error("no English page")
	}
	_, home, _ := e.get(t, "/staff/")
	if !strings.Contains(home, `href="/staff/outbox"`) {
		t.Error("the staff home does not link the dead letters")
	}

	// Without the CSRF token nothing happens.
	id := strconv.FormatInt(dead[0].ID, 10)
	if status, _, _ := e.postForm(t, "/staff/outbox/resend", url.Values{"id": {id}}); status != http.StatusForbidden {
		t.Fatalf("without CSRF: %d", status)
	}
	csrf := hiddenFields(body).Get("_csrf")
	// An id that names no message is refused in words (English: the page
	// was last seen in English) and sends nothing
	// (the counts below still find every letter dead).
	for _, bad := range []string{"x", "0", "-3"} {
		status, page, _ := e.postForm(t, "/staff/outbox/resend", url.Values{"_csrf": {csrf}, "id": {bad}})
		if status != http.StatusNotFound || !strings.Contains(page, "There is no such undelivered message.") {
			t.Errorf("resend id %q: %d\n%s", bad, status, page)
		}
	}
	status, _, h := e.postForm(t, "/staff/outbox/resend", url.Values{"_csrf": {csrf}, "id": {id}})
	if status != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "resent=1") {
		t.Fatalf("resend one: %d %s", status, h.Get("Location"))
	}
	left, err := e.db.DeadMessages(ctx)
	must(t, err)
	if len(left) != len(dead)-1 {
		t.Fatalf("%d dead after resending one of %d", len(left), len(dead))
	}
	// The resent message is due again, with fresh attempts.
	again, err := e.db.ClaimMessages(ctx, e.clock.Now(), e.clock.Now().Add(time.Minute), 100)
	must(t, err)
	if len(again) != 1 || again[0].ID != dead[0].ID || again[0].Attempts != 0 {
		t.Fatalf("claimable after resend: %+v", again)
	}
	must(t, e.db.RetryMessage(ctx, again[0].ID, 10, e.clock.Now(), "421 try later", true))

	_, body, _ = e.get(t, "/staff/outbox")
	status, _, h = e.postForm(t, "/staff/outbox/resend", url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}})
	if status != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "resent="+strconv.Itoa(len(dead))) {
		t.Fatalf("resend all: %d %s", status, h.Get("Location"))
	}
	if left, _ := e.db.DeadMessages(ctx); len(left) != 0 {
		t.Fatalf("%d dead after resending all", len(left))
	}
	log, err := e.db.AuditLog(ctx, 10)
	must(t, err)
	if len(log) < 2 || log[0].Action != "outbox.resend" || log[0].Object != "all" || log[0].UserEmail != "admin@sofia.example.bg" ||
		log[1].Action != "outbox.resend" || log[1].Object != "message "+id {
		t.Errorf("audit: %+v", log)
	}
	_, body, _ = e.get(t, "/staff/outbox?lang=bg&resent=2")
	if !strings.Contains(body, "Няма неизпратени писма.") {
		t.Errorf("the page after resending all:\n%s", body)
	}
}
