package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// "Lost my link" through the real SMTP server: one letter with the manage
// links of the address's coming bookings (not a cancelled one), in the
// language of the first; a second request within LinksEvery sends none,
// and an address without bookings gets none.
func TestLostLinkLetterCarriesEveryComingBooking(t *testing.T) {
	f := newFixture(t, withLinks)
	ctx := t.Context()
	w := f.worker(t)
	var mine []*booking.Booking
	for i, lang := range []string{"bg", "en", "bg"} {
		b, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.Add(time.Duration(i) * 15 * time.Minute).Format(time.RFC3339),
			Name: "Ана Петрова", Email: "ana@example.bg", Topic: "Ремонт на тротоара", Language: lang})
		must(t, err)
		mine = append(mine, b)
	}
	f.cancel(t, mine[2])
	drain(t, w)
	for _, email := range []string{"Ana@Example.BG", "ana@example.bg", "nobody@example.bg"} {
		must(t, f.svc.SendLinks(ctx, email))
	}
	got := f.sent(t, w)
	if len(got) != 1 || got[0].to[0] != "ana@example.bg" {
		t.Fatalf("%d letters: %+v", len(got), got)
	}
	p := parse(t, got[0].data)
	text := p.parts["text/plain"]
	if p.subject != "Връзките към Вашите записвания" || p.method != "" || !strings.Contains(text, "(2)") {
		t.Errorf("subject %q, calendar %q:\n%s", p.subject, p.method, text)
	}
	for i, b := range mine {
		link := "https://priemna.example/bookings/" + b.Token
		if has := strings.Contains(text, link) && strings.Contains(p.parts["text/html"], link); has != (i < 2) {
			t.Errorf("booking %d (%s): link in the letter %v", i, b.Status, has)
		}
	}
	// After the wait another letter may go.
	f.clock.Add(booking.LinksEvery)
	must(t, f.svc.SendLinks(ctx, "ana@example.bg"))
	if n := drain(t, w); n != 1 {
		t.Errorf("%d letters after the wait, want 1", n)
	}
}
