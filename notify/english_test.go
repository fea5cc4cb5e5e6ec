package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// An English letter and its calendar file give the room and how to reach
// it in English where staff wrote it, the Bulgarian where they did not; a
// Bulgarian letter keeps the Bulgarian.
func TestLettersGiveTheRoomInTheReadersLanguage(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	w := f.worker(t)
	must(t, f.svc.CreateSchedule(ctx, booking.CommandLine, &booking.Schedule{OfficialID: f.official.ID,
		Rule:            "DTSTART;TZID=Europe/Sofia:20260106T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU",
		DurationMinutes: 60, SlotMinutes: 15, Capacity: 1, Location: "ет. 3, зала 5", LocationEN: "Floor 3, hall 5",
		Access: "Вход откъм двора, асансьор вляво.", AccessEN: "Entrance from the yard, lift on the left.",
		BookingOpensDays: 60, BookingClosesHours: 1, ObserveHolidays: true}))
	tuesday := monday.AddDate(0, 0, 1).Add(-4 * time.Hour) // 10:00
	for _, tc := range []struct {
		start            time.Time
		lang, place, how string
	}{
		{tuesday, "en", "Floor 3, hall 5 (32 Tsar Shishman St)", "Entrance from the yard, lift on the left."},
		{tuesday.Add(15 * time.Minute), "bg", "ет. 3, зала 5 (ул. „Цар Шишман“ 32)", "Вход откъм двора, асансьор вляво."},
		{monday, "en", "ет. 2, стая 21 (32 Tsar Shishman St)", ""}, // no English room given: the Bulgarian
	} {
		f.book(t, tc.start, "Jane Doe", tc.lang)
		got := f.sent(t, w)
		if len(got) != 1 {
			t.Fatalf("%d letters", len(got))
		}
		p := parse(t, got[0].data)
		text := p.parts["text/plain"]
		if !strings.Contains(text, tc.place) || (tc.how != "" && !strings.Contains(text, tc.how)) {
			t.Errorf("%s letter lacks %q / %q:\n%s", tc.lang, tc.place, tc.how, text)
		}
		if loc, err := p.event(t).Props.Text("LOCATION"); err != nil || loc != tc.place {
			t.Errorf("%s calendar LOCATION %q (%v), want %q", tc.lang, loc, err, tc.place)
		}
	}
}
