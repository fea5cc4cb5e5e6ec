package bookingtest

import (
	"context"
	"testing"

	"github.com/priemna/priemna/booking"
)

// Fixture is what Seed creates: a unit, an official of it and one
// schedule of theirs. Tests change its fields before seeding when they
// need another official or calendar.
type Fixture struct {
	Unit     booking.Unit
	Official booking.OfficialInput
	Schedule booking.Schedule // OfficialID is filled in
}

// Weekly is the usual fixture: the Sredets district mayor, who receives on
// Mondays 14:00–17:00 (from 5 January 2026) in 15-minute slots of the given
// capacity, bookable from 30 days to 2 hours ahead, holidays observed.
func Weekly(capacity int) Fixture {
	return Fixture{
		Unit: booking.Unit{Slug: "sredets", Name: "Район „Средец“", Kind: "district"},
		Official: booking.OfficialInput{Slug: "kmet-sredets", Name: "Иван Петров", Title: "Кмет на район „Средец“",
			Unit: "sredets", Email: "priemna@sredets.example.bg", Phone: "02 123 4567"},
		Schedule: booking.Schedule{
			Rule:            "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
			DurationMinutes: 180, SlotMinutes: 15, Capacity: capacity, Location: "ул. „Съборна“ 1, ет. 2, стая 204", StepFree: true,
			BookingOpensDays: 30, BookingClosesHours: 2, ObserveHolidays: true,
		},
	}
}

// Seed creates the fixture through svc, as the shell's administrator, and
// returns the official and the schedule as stored.
func Seed(t testing.TB, svc *booking.Service, f Fixture) (*booking.Official, *booking.Schedule) {
	t.Helper()
	ctx := context.Background()
	u := f.Unit
	if err := svc.CreateUnit(ctx, booking.CommandLine, &u); err != nil {
		t.Fatal(err)
	}
	o, err := svc.CreateOfficial(ctx, booking.CommandLine, f.Official)
	if err != nil {
		t.Fatal(err)
	}
	sch := f.Schedule
	sch.OfficialID = o.ID
	if err := svc.CreateSchedule(ctx, booking.CommandLine, &sch); err != nil {
		t.Fatal(err)
	}
	return o, &sch
}
