package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// The no-show letters through the real SMTP server: the first says how to
// book again and how to contest; the one that pauses online booking says
// so, until when, gives the contact centre, does not say "book again", and
// links to the contest page. Cancelling the strike lifts the pause.
func TestNoShowLettersTellThePause(t *testing.T) {
	f := newFixture(t, withContests)
	f.svc.ContactCentre = "0700 1 0700"
	ctx := t.Context()
	w := f.worker(t)
	staff := &booking.User{Email: "asst@example.bg", Name: "Пепа", Role: booking.RoleAdmin, PasswordHash: "x", CreatedAt: f.clock.Now()}
	must(t, f.db.CreateUser(ctx, staff, nil))
	// Booked by staff: such a no-show counts (the citizen cannot be framed).
	var missed []*booking.Booking
	for _, start := range []time.Time{monday, monday.AddDate(0, 0, 7)} {
		b, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: start.Format(time.RFC3339), Name: "Иван Иванов",
			Email: "ivan@example.bg", Topic: "Ремонт на тротоара", Language: "bg", ByStaff: staff})
		must(t, err)
		missed = append(missed, b)
	}
	drain(t, w)
	letter := func(b *booking.Booking) string {
		t.Helper()
		f.clock.Set(b.Start.Add(30 * time.Minute))
		if _, err := f.svc.MarkNoShow(ctx, staff, b.Reference); err != nil {
			t.Fatal(err)
		}
		got := f.sent(t, w)
		if len(got) != 1 {
			t.Fatalf("%d letters", len(got))
		}
		p := parse(t, got[0].data)
		if !strings.HasPrefix(p.subject, "Пропусната среща при Петър Стоянов") {
			t.Errorf("subject %q", p.subject)
		}
		return p.parts["text/plain"]
	}
	first := letter(missed[0])
	for _, want := range []string{"запишете се отново", "/bookings/" + missed[0].Token + "/contest"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first letter lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "спряно") {
		t.Errorf("the first letter speaks of a pause:\n%s", first)
	}
	second := letter(missed[1])
	// The second no-show (19 January, 14:00) pauses booking for 30 days.
	for _, want := range []string{"онлайн записването за Вас е спряно до сряда, 18 февруари 2026 г. включително",
		"контактния център: 0700 1 0700", "/bookings/" + missed[1].Token + "/contest", "оспорете го"} {
		if !strings.Contains(second, want) {
			t.Errorf("the pausing letter lacks %q:\n%s", want, second)
		}
	}
	if strings.Contains(second, "запишете се отново") || strings.Contains(second, "/officials/kmet-sredets\n") {
		t.Errorf("the pausing letter tells the citizen to book again:\n%s", second)
	}
	_, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.AddDate(0, 0, 21).Format(time.RFC3339),
		Name: "Иван Иванов", Email: "ivan@example.bg", Topic: "Ремонт на тротоара", Language: "bg"})
	if booking.ErrorCode(err) != booking.EFORBIDDEN {
		t.Fatalf("a paused citizen booked online: %v", err)
	}

	// The citizen contests the second no-show; staff cancel the strike.
	if _, err := f.svc.ContestNoShow(ctx, missed[1].Token, booking.ContestCame); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.DecideContest(ctx, staff, missed[1].Reference, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.AddDate(0, 0, 21).Format(time.RFC3339),
		Name: "Иван Иванов", Email: "ivan@example.bg", Topic: "Ремонт на тротоара", Language: "bg"}); err != nil {
		t.Fatalf("the pause stayed after the strike was cancelled: %v", err)
	}
}
