package notify

import (
	"slices"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

// A complaint's letters through the real SMTP server: its number and the
// date the answer is due, then the answer with who gave it.
func TestComplaintLetters(t *testing.T) {
	f := newFixture(t, withComplaints)
	ctx := t.Context()
	w := f.worker(t)
	b := f.book(t, monday, "Гражданин", "bg")
	drain(t, w)

	c, err := f.svc.FileComplaint(ctx, booking.ComplaintRequest{Text: "The desk clerk would not take my papers.", Email: "jane@example.org",
		Language: "en", BookingToken: b.Token})
	must(t, err)
	got := f.sent(t, w)
	if len(got) != 1 || !slices.Equal(got[0].to, []string{"jane@example.org"}) {
		t.Fatalf("letters on filing: %+v", got)
	}
	p := parse(t, got[0].data)
	if p.subject != "Complaint no. 2026-00001 is registered" || p.method != "" {
		t.Fatalf("subject %q, calendar %q", p.subject, p.method)
	}
	// Filed on 7 January 2026: due on 6 February.
	for _, want := range []string{"2026-00001", "6 February 2026", b.Reference, "would not take my papers"} {
		if !strings.Contains(p.parts["text/plain"], want) || !strings.Contains(p.parts["text/html"], want) {
			t.Fatalf("the letter lacks %q:\n%s", want, p.parts["text/plain"])
		}
	}

	admin := &booking.User{Email: "admin@example.bg", Name: "Анна Маринова", Role: booking.RoleAdmin, PasswordHash: "x", CreatedAt: f.clock.Now()}
	must(t, f.db.CreateUser(ctx, admin, nil))
	if _, err := f.svc.AnswerComplaint(ctx, c.ID, "We have spoken to the clerk; please come back, we will take them.", admin); err != nil {
		t.Fatal(err)
	}
	got = f.sent(t, w)
	if len(got) != 1 {
		t.Fatalf("%d letters after the answer", len(got))
	}
	p = parse(t, got[0].data)
	if p.subject != "Answer to complaint no. 2026-00001" || !strings.Contains(p.parts["text/plain"], "please come back") ||
		!strings.Contains(p.parts["text/plain"], "Анна Маринова") {
		t.Fatalf("answer letter %q:\n%s", p.subject, p.parts["text/plain"])
	}
}
