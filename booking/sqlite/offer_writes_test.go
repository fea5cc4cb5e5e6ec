package sqlite

import (
	"fmt"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// TestOffersWriteOnlyWhatTheyOffer: offering free seats to the waiting
// list goes over every free slot in the booking window, and only a seat
// actually offered may take the writer. A new daily schedule (hundreds of
// free slots) of an official nobody waits for commits the schedule alone;
// the offer sweep, when the one citizen waiting wants a day that is full,
// commits nothing.
func TestOffersWriteOnlyWhatTheyOffer(t *testing.T) {
	daily := func(f *fixture) *booking.Schedule {
		return &booking.Schedule{OfficialID: f.Official.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260108T080000\nRRULE:FREQ=DAILY",
			DurationMinutes: 240, SlotMinutes: 10, Capacity: 5, Location: "Зала 2", BookingOpensDays: 60}
	}
	commits := func(f *fixture, do func() error) int {
		t.Helper()
		n := 0
		observe := func(commitSeen) { n++ }
		f.db.observe.Store(&observe)
		defer f.db.observe.Store(nil)
		if err := do(); err != nil {
			t.Fatal(err)
		}
		return n
	}
	withWaitlist := func(t *testing.T) *fixture {
		f := newFixture(t, 1)
		f.With(func(st *booking.Stores) { st.Waitlist = f.db })
		return f
	}

	t.Run("a new schedule, nobody waiting", func(t *testing.T) {
		f := withWaitlist(t)
		sch := daily(f)
		if n := commits(f, func() error { return f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, sch) }); n != 1 {
			t.Errorf("creating the schedule took %d commits, want 1", n)
		}
		slots, err := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(f.Clock.Now()), calendar.DateOf(f.Clock.Now()).AddDays(30))
		if err != nil || len(slots) < 500 {
			t.Fatalf("%d slots (%v): the test needs a window of many free slots", len(slots), err)
		}
	})

	t.Run("the sweep, the one waiting wants a full day", func(t *testing.T) {
		f := withWaitlist(t)
		for i := range 12 { // Monday 12 January, 14:00–17:00, one seat a slot
			f.Book(t, monday.Add(time.Duration(i)*15*time.Minute))
		}
		req := booking.WaitRequest{Official: f.Official.Slug, Name: "Чакаща Гражданка", Email: "waiting@example.bg",
			Topic: "Разрешение за ремонт", Language: "bg", From: "2026-01-12", To: "2026-01-12"}
		if _, _, err := f.Svc.JoinWaitlist(f.Ctx, req); err != nil {
			t.Fatal(err)
		}
		var offered int
		n := commits(f, func() (err error) {
			offered, err = f.Svc.OfferSeats(f.Ctx)
			return err
		})
		if offered != 0 || n != 0 {
			t.Errorf("the sweep offered %d seats in %d commits, want none in none", offered, n)
		}
		// The other Mondays in the window have free seats: the sweep did
		// go over them.
		slots, err := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(monday).AddDays(7), calendar.DateOf(monday).AddDays(7))
		if err != nil || len(slots) == 0 || slots[0].Available == 0 {
			t.Fatalf("Monday 19 January: %v (%v); the test needs free seats there", fmt.Sprint(slots), err)
		}
	})
}
