package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/priemna/priemna/booking"
)

// A day handed over to a deputy: the citizen is told who receives them now
// and why, in an updated invitation from the same organizer, with the same
// UID, the room and its step-free access.
func TestHandOverLetter(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	if _, err := f.svc.CreateOfficial(ctx, booking.CommandLine, booking.OfficialInput{Slug: "zam-kmet", Name: "Анна Заместникова", NameEN: "Anna Zamestnikova",
		Title: "Заместник-кмет", TitleEN: "Deputy Mayor", Unit: "sredets", Email: "zam@sredets.example.bg"}); err != nil {
		t.Fatal(err)
	}
	b := f.book(t, monday, "Мария Георгиева", "en")
	w := f.worker(t)
	drain(t, w)
	admin := &booking.User{Role: booking.RoleAdmin}
	if _, err := f.svc.HandOverDay(ctx, admin, b.OfficialID, "zam-kmet", "2026-01-12", "The mayor is away"); err != nil {
		t.Fatal(err)
	}
	drain(t, w)
	got := f.sink.Messages()
	if len(got) != 2 {
		t.Fatalf("%d messages", len(got))
	}
	first, second := parse(t, got[0].data), parse(t, got[1].data)
	text := second.parts["text/plain"]
	for _, want := range []string{"Anna Zamestnikova", "Reason: The mayor is away", "ет. 2, стая 21", "can be reached without steps"} {
		if !strings.Contains(text, want) {
			t.Errorf("hand-over letter lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "has been moved") || strings.Contains(text, "new time") {
		t.Errorf("hand-over letter says the meeting moved:\n%s", text)
	}
	if second.method != "REQUEST" {
		t.Errorf("method %q", second.method)
	}
	ev1, ev2 := first.event(t), second.event(t)
	for _, prop := range []string{ical.PropUID, ical.PropOrganizer, ical.PropLocation} {
		if a, b := ev1.Props.Get(prop).Value, ev2.Props.Get(prop).Value; a != b || b == "" {
			t.Errorf("%s: %q before, %q after the hand-over", prop, a, b)
		}
	}
	if seq, _ := ev2.Props.Get(ical.PropSequence).Int(); seq != 1 {
		t.Errorf("SEQUENCE %d", seq)
	}
}

// A matter typed on two lines in a browser arrives with CRLF: the
// invitation is sent at once and its text keeps both lines.
func TestMatterOnTwoLinesIsSent(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	b, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.Format(time.RFC3339),
		Name: "Мария Георгиева", Email: "maria@example.bg", Topic: "Първи ред\r\nВтори ред\rТрети", Language: "bg"})
	must(t, err)
	if b.Topic != "Първи ред\nВтори ред\nТрети" {
		t.Errorf("stored topic %q", b.Topic)
	}
	if n := drain(t, f.worker(t)); n != 1 {
		t.Fatalf("%d messages sent", n)
	}
	ev := parse(t, f.sink.Messages()[0].data).event(t)
	if d, _ := ev.Props.Text(ical.PropDescription); !strings.Contains(d, "Първи ред\nВтори ред\nТрети") {
		t.Errorf("DESCRIPTION %q", d)
	}
}
