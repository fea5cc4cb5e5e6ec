package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

func TestDefang(t *testing.T) {
	for in, want := range map[string]string{
		"Мария Георгиева":                        "Мария Георгиева",
		"Ремонт на тротоара пред блок 12, ет. 2": "Ремонт на тротоара пред блок 12, ет. 2",
		"visit https://evil.example/pay now":     "visit https[:]//evil[.]example/pay now",
		"www.evil.example":                       "www[.]evil[.]example",
		"пишете на pay@evil.example":             "пишете на pay[at]evil[.]example",
		"mailto:pay@evil.example":                "mailto[:]pay[at]evil[.]example",
		"сайт.бг":                                "сайт[.]бг",
	} {
		if got := defang(in); got != want {
			t.Errorf("defang(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLettersCarryNoWorkingLinksAStrangerWrote: whatever the booking form
// held, the letter (text, HTML, calendar) has no link to it. (The To
// header's display name keeps the name as typed: TestNamesCannotInjectHeaders.)
func TestLettersCarryNoWorkingLinksAStrangerWrote(t *testing.T) {
	f := newFixture(t)
	b, _, err := f.svc.Book(t.Context(), booking.BookRequest{Official: "kmet-sredets", Start: monday.Format(time.RFC3339),
		Name: "Visit https://evil.example now", Email: "victim@example.bg", Topic: "Pay at www.evil.example or pay@evil.example",
		Accessibility: booking.Accessibility{Needs: []booking.Need{"other"}, Note: "see evil.example/x"}, Language: "en"})
	must(t, err)
	drain(t, f.worker(t))
	msgs := f.sink.Messages()
	if len(msgs) == 0 {
		t.Fatal("no letter sent")
	}
	for _, m := range msgs {
		p := parse(t, m.data)
		all := string(p.attached)
		for _, part := range p.parts {
			all += part
		}
		all = strings.ReplaceAll(all, "\r\n ", "") // unfold the calendar
		for _, bad := range []string{"https://evil", "www.evil.example", "pay@evil", "evil.example"} {
			if strings.Contains(all, bad) {
				t.Errorf("letter to %s carries %q", b.Email, bad)
			}
		}
		if !strings.Contains(all, "evil[.]example") {
			t.Errorf("the citizen's text is missing from the letter")
		}
	}
}

// TestDailyLetterLimitPerRecipient: book-and-cancel cycles with one
// address, across bookings, stop mailing it once it had its letters for
// the day; the office's own letters still go, and a day later it is mailed
// again.
func TestDailyLetterLimitPerRecipient(t *testing.T) {
	f := newFixture(t)
	w := f.worker(t)
	w.PerRecipientDaily = 3
	ctx := t.Context()
	for i := range 4 {
		b, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.Add(time.Duration(i) * 15 * time.Minute).Format(time.RFC3339),
			Name: "Жертва", Email: "Victim+" + string(rune('a'+i)) + "@Example.bg", Topic: "спам и пак спам", Language: "bg"})
		must(t, err)
		f.cancel(t, b)
		drain(t, w)
	}
	if n := len(f.sink.Messages()); n != 3 {
		t.Errorf("%d letters reached the address from 4 book-and-cancel cycles, want 3", n)
	}
	f.clock.Set(f.clock.Now().Add(25 * time.Hour))
	b, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: sofia(2026, 1, 19, 14, 0).Format(time.RFC3339),
		Name: "Жертва", Email: "victim@example.bg", Topic: "въпрос за улицата", Language: "bg"})
	must(t, err)
	drain(t, w)
	if n := len(f.sink.Messages()); n != 4 {
		t.Errorf("a day later: %d letters in all, want 4 (booking %s)", n, b.Reference)
	}
}
