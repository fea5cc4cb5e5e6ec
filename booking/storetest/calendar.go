package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

func testCloseDayCancelsBookingsAndRemovesSession(t *testing.T, f *Fixture) {
	a := f.Book(t, monday)
	b := f.Book(t, monday.Add(time.Hour))
	keep := f.Book(t, sofia(2026, 1, 19, 14, 0))
	c, cancelled, err := f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "2026-01-12", "Кметът е в командировка")
	if err != nil {
		t.Fatal(err)
	}
	if c.Date.String() != "2026-01-12" || len(cancelled) != 2 {
		t.Fatalf("closure %+v cancelled %d", c, len(cancelled))
	}
	for _, x := range []*booking.Booking{a, b} {
		got, _ := f.Svc.Booking(f.Ctx, x.Token)
		msgs := f.intents(t, x.ID)
		if got.Status != booking.StatusCancelled || got.Sequence != 1 || len(msgs) != 2 ||
			msgs[1].Kind != booking.MessageSessionCanceled || msgs[1].Note != "Кметът е в командировка" {
			t.Errorf("booking %s: %s seq %d msgs %+v", x.Reference, got.Status, got.Sequence, msgs)
		}
	}
	if got, _ := f.Svc.Booking(f.Ctx, keep.Token); got.Status != booking.StatusConfirmed {
		t.Errorf("a booking on another day was touched: %s", got.Status)
	}
	slots, _ := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(monday), calendar.DateOf(monday))
	if len(slots) != 0 {
		t.Errorf("closed day still has %d slots", len(slots))
	}
	_, _, err = f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "2026-01-12", "Again")
	WantCode(t, err, booking.ECONFLICT)
	_, _, err = f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "2026-01-05", "In the past")
	WantCode(t, err, booking.EINVALID)
	_, _, err = f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "12.01.2026", "Bad date")
	WantCode(t, err, booking.EINVALID)
}

func testCreateScheduleRejectsInvalidRules(t *testing.T, f *Fixture) {
	for _, rule := range []string{
		"DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=10WE",
		"RRULE:FREQ=WEEKLY",
		"DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MINUTELY",
	} {
		sch := *f.Schedule
		sch.ID, sch.Rule = 0, rule
		err := f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, &sch)
		WantCode(t, err, booking.EINVALID)
		if msg := err.(*booking.Error).Fields["rule"]; msg.In("en") == "" || msg.In("bg") == "" {
			t.Errorf("rule %q: no reason given: %v", rule, err)
		}
	}
	sch := *f.Schedule
	sch.ID, sch.Capacity, sch.SlotMinutes, sch.Location = 0, 0, 300, ""
	err := f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, &sch)
	WantCode(t, err, booking.EINVALID)
	if fields := err.(*booking.Error).Fields; len(fields) != 3 {
		t.Errorf("fields %v, want capacity, slot_minutes and location", fields)
	}
	if n := f.Count(t, "schedules"); n != 1 {
		t.Errorf("%d schedules stored", n)
	}
}

func testSlotsAcrossTheSpringClockChange(t *testing.T, f *Fixture) {
	f.Clock.Set(sofia(2027, 3, 1, 9, 0))
	sch := &booking.Schedule{OfficialID: f.Official.ID,
		Rule:            "DTSTART;TZID=Europe/Sofia:20270301T100000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA,SU",
		DurationMinutes: 60, SlotMinutes: 30, Capacity: 1, Location: "Зала 1", BookingOpensDays: 60}
	if err := f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, sch); err != nil {
		t.Fatal(err)
	}
	slots, err := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.Date{Year: 2027, Month: 3, Day: 27}, calendar.Date{Year: 2027, Month: 3, Day: 28})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range slots {
		if s.Start.Hour() == 10 {
			got = append(got, s.Start.Format(time.RFC3339))
		}
	}
	want := "2027-03-27T10:00:00+02:00 2027-03-27T10:30:00+02:00 2027-03-28T10:00:00+03:00 2027-03-28T10:30:00+03:00"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v\nwant %s", got, want)
	}
}

func testSlotsRange(t *testing.T, f *Fixture) {
	_, err := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.Date{Year: 2026, Month: 2}, calendar.Date{Year: 2026, Month: 1})
	WantCode(t, err, booking.EINVALID)
	_, err = f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2027, Month: 6, Day: 1})
	WantCode(t, err, booking.EINVALID)
	_, err = f.Svc.Slots(f.Ctx, "nobody", calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 1, Day: 1})
	WantCode(t, err, booking.ENOTFOUND)
	// The window: booking opens 30 days ahead, so of Mondays from 12 Jan
	// only those up to 5 February are offered.
	slots, err := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 3, Day: 31})
	if err != nil {
		t.Fatal(err)
	}
	days := map[string]bool{}
	for _, s := range slots {
		days[calendar.DateOf(s.Start).String()] = true
	}
	if len(days) != 4 || !days["2026-01-12"] || !days["2026-02-02"] {
		t.Errorf("days offered: %v", days)
	}
}

func testEndScheduleKeepsOrCancelsBookings(t *testing.T, f *Fixture) {
	kept := f.Book(t, monday)
	// Keep: the schedule offers no more slots, the booking stands.
	affected, err := f.Svc.ScheduleBookings(f.Ctx, f.Official.ID, f.Schedule.ID)
	if err != nil || len(affected) != 1 {
		t.Fatalf("affected: %v %v", affected, err)
	}
	if _, err := f.Svc.EndSchedule(f.Ctx, booking.CommandLine, f.Official.ID, f.Schedule.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	if slots, _ := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(monday), calendar.DateOf(monday).AddDays(14)); len(slots) != 0 {
		t.Errorf("an ended schedule still offers %d slots", len(slots))
	}
	if got, _ := f.Svc.Booking(f.Ctx, kept.Token); got.Status != booking.StatusConfirmed {
		t.Errorf("kept booking: %s", got.Status)
	}
	_, err = f.Svc.EndSchedule(f.Ctx, booking.CommandLine, f.Official.ID, f.Schedule.ID, false, "")
	WantCode(t, err, booking.ECONFLICT)
	_, err = f.Svc.EndSchedule(f.Ctx, booking.CommandLine, f.Official.ID, 999, false, "")
	WantCode(t, err, booking.ENOTFOUND)

	// Cancel: a second schedule's bookings are cancelled with a notice.
	sch := &booking.Schedule{OfficialID: f.Official.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260106T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU",
		DurationMinutes: 60, SlotMinutes: 30, Capacity: 1, Location: "Зала 2", BookingOpensDays: 30}
	if err := f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, sch); err != nil {
		t.Fatal(err)
	}
	gone := f.Book(t, sofia(2026, 1, 13, 10, 0))
	_, err = f.Svc.EndSchedule(f.Ctx, booking.CommandLine, f.Official.ID, sch.ID, true, "")
	WantCode(t, err, booking.EINVALID) // a reason is required to tell the citizens
	cancelled, err := f.Svc.EndSchedule(f.Ctx, booking.CommandLine, f.Official.ID, sch.ID, true, "Промяна в графика")
	if err != nil || len(cancelled) != 1 || cancelled[0].ID != gone.ID {
		t.Fatalf("cancelled: %v %v", cancelled, err)
	}
	got, _ := f.Svc.Booking(f.Ctx, gone.Token)
	msgs := f.intents(t, gone.ID)
	if got.Status != booking.StatusCancelled || got.Sequence != 1 || msgs[len(msgs)-1].Kind != booking.MessageSessionCanceled {
		t.Errorf("cancelled booking: %s seq %d %+v", got.Status, got.Sequence, msgs)
	}
}

func testHandOverDayToADeputy(t *testing.T, f *Fixture) {
	deputy, err := f.Svc.CreateOfficial(f.Ctx, booking.CommandLine, booking.OfficialInput{Slug: "zam-kmet", Name: "Анна Заместникова", Title: "Заместник-кмет",
		Unit: "sredets", Email: "zam@sredets.example.bg"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := f.Book(t, monday), f.Book(t, monday.Add(15*time.Minute))
	other := f.Book(t, sofia(2026, 1, 19, 14, 0))
	admin := &booking.User{Role: booking.RoleAdmin}
	_, err = f.Svc.HandOverDay(f.Ctx, admin, f.Official.ID, "kmet-sredets", "2026-01-12", "Командировка")
	WantCode(t, err, booking.EINVALID) // not to oneself
	// An assistant may hand the day only to an official they manage.
	assistant := &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.Official.ID}}
	_, err = f.Svc.HandOverDay(f.Ctx, assistant, f.Official.ID, "zam-kmet", "2026-01-12", "Командировка")
	WantCode(t, err, booking.EINVALID)
	if e := fieldsOf(err)["deputy"]; e.In("en") == "" {
		t.Errorf("no reason given for the deputy: %v", err)
	}
	moved, err := f.Svc.HandOverDay(f.Ctx, admin, f.Official.ID, "zam-kmet", "2026-01-12", "Командировка")
	if err != nil || len(moved) != 2 {
		t.Fatalf("moved %d: %v", len(moved), err)
	}
	for _, x := range []*booking.Booking{a, b} {
		got, _ := f.Svc.Booking(f.Ctx, x.Token)
		msgs := f.intents(t, x.ID)
		last := msgs[len(msgs)-1]
		if got.OfficialID != deputy.ID || got.Sequence != 1 || got.Status != booking.StatusConfirmed || !got.Start.Equal(x.Start) ||
			got.UID != x.UID || last.Kind != booking.MessageHandOver || last.Sequence != 1 || last.Note != "Командировка" {
			t.Errorf("booking %s after the hand-over: %+v, last message %+v", x.Reference, got, last)
		}
	}
	if got, _ := f.Svc.Booking(f.Ctx, other.Token); got.OfficialID != f.Official.ID {
		t.Error("a booking on another day moved")
	}
	// The handed-over booking keeps its room, and its calendar event its
	// organizer, place and UID.
	got, _ := f.Svc.Booking(f.Ctx, a.Token)
	if sch, err := f.Svc.BookingSchedule(f.Ctx, got); err != nil || sch.ID != f.Schedule.ID {
		t.Errorf("room after the hand-over: %+v, %v", sch, err)
	}
	f.Svc.Organizer = calendar.Person{Name: "Приемна", Email: "priemna@sredets.example.bg"}
	before, _ := f.Svc.BookingEvents(f.Ctx, []booking.Booking{*a}, false, nil)
	after, err := f.Svc.BookingEvents(f.Ctx, []booking.Booking{*got}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after[0].Organizer == nil || after[0].Organizer.Email != before[0].Organizer.Email || after[0].Location != before[0].Location ||
		after[0].Location == "" || after[0].UID != before[0].UID || !strings.Contains(after[0].Summary, "Анна Заместникова") {
		t.Errorf("event before %+v, after %+v", before[0], after[0])
	}
	// The day is closed for the official.
	_, _, err = f.Svc.Book(f.Ctx, f.Request(monday.Add(30*time.Minute)))
	WantCode(t, err, booking.ENOTBOOKABLE)
}
