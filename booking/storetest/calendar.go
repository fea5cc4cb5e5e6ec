package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

func testCloseDayCancelsBookingsAndRemovesSession(t *testing.T, h Harness) {
	f := newFixture(t, h, 2)
	ctx := context.Background()
	a := f.book(t, monday)
	b := f.book(t, monday.Add(time.Hour))
	keep := f.book(t, sofia(2026, 1, 19, 14, 0))
	c, cancelled, err := f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "2026-01-12", "Кметът е в командировка")
	if err != nil {
		t.Fatal(err)
	}
	if c.Date.String() != "2026-01-12" || len(cancelled) != 2 {
		t.Fatalf("closure %+v cancelled %d", c, len(cancelled))
	}
	for _, x := range []*booking.Booking{a, b} {
		got, _ := f.svc.Booking(ctx, x.Token)
		msgs := f.intents(t, x.ID)
		if got.Status != booking.StatusCancelled || got.Sequence != 1 || len(msgs) != 2 ||
			msgs[1].Kind != booking.MessageSessionCanceled || msgs[1].Note != "Кметът е в командировка" {
			t.Errorf("booking %s: %s seq %d msgs %+v", x.Reference, got.Status, got.Sequence, msgs)
		}
	}
	if got, _ := f.svc.Booking(ctx, keep.Token); got.Status != booking.StatusConfirmed {
		t.Errorf("a booking on another day was touched: %s", got.Status)
	}
	slots, _ := f.svc.Slots(ctx, f.official.Slug, calendar.DateOf(monday), calendar.DateOf(monday))
	if len(slots) != 0 {
		t.Errorf("closed day still has %d slots", len(slots))
	}
	_, _, err = f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "2026-01-12", "Again")
	wantCode(t, err, booking.ECONFLICT)
	_, _, err = f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "2026-01-05", "In the past")
	wantCode(t, err, booking.EINVALID)
	_, _, err = f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "12.01.2026", "Bad date")
	wantCode(t, err, booking.EINVALID)
}

func testCreateScheduleRejectsInvalidRules(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	for _, rule := range []string{
		"DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=10WE",
		"RRULE:FREQ=WEEKLY",
		"DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MINUTELY",
	} {
		sch := *f.schedule
		sch.ID, sch.Rule = 0, rule
		err := f.svc.CreateSchedule(context.Background(), booking.CommandLine, &sch)
		wantCode(t, err, booking.EINVALID)
		if msg := err.(*booking.Error).Fields["rule"]; msg.In("en") == "" || msg.In("bg") == "" {
			t.Errorf("rule %q: no reason given: %v", rule, err)
		}
	}
	sch := *f.schedule
	sch.ID, sch.Capacity, sch.SlotMinutes, sch.Location = 0, 0, 300, ""
	err := f.svc.CreateSchedule(context.Background(), booking.CommandLine, &sch)
	wantCode(t, err, booking.EINVALID)
	if fields := err.(*booking.Error).Fields; len(fields) != 3 {
		t.Errorf("fields %v, want capacity, slot_minutes and location", fields)
	}
	if n := f.count(t, "schedules"); n != 1 {
		t.Errorf("%d schedules stored", n)
	}
}

func testSlotsAcrossTheSpringClockChange(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	f.clock.Set(sofia(2027, 3, 1, 9, 0))
	sch := &booking.Schedule{OfficialID: f.official.ID,
		Rule:            "DTSTART;TZID=Europe/Sofia:20270301T100000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA,SU",
		DurationMinutes: 60, SlotMinutes: 30, Capacity: 1, Location: "Зала 1", BookingOpensDays: 60}
	if err := f.svc.CreateSchedule(ctx, booking.CommandLine, sch); err != nil {
		t.Fatal(err)
	}
	slots, err := f.svc.Slots(ctx, f.official.Slug, calendar.Date{Year: 2027, Month: 3, Day: 27}, calendar.Date{Year: 2027, Month: 3, Day: 28})
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

func testSlotsRange(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	_, err := f.svc.Slots(ctx, f.official.Slug, calendar.Date{Year: 2026, Month: 2}, calendar.Date{Year: 2026, Month: 1})
	wantCode(t, err, booking.EINVALID)
	_, err = f.svc.Slots(ctx, f.official.Slug, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2027, Month: 6, Day: 1})
	wantCode(t, err, booking.EINVALID)
	_, err = f.svc.Slots(ctx, "nobody", calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 1, Day: 1})
	wantCode(t, err, booking.ENOTFOUND)
	// The window: booking opens 30 days ahead, so of Mondays from 12 Jan
	// only those up to 5 February are offered.
	slots, err := f.svc.Slots(ctx, f.official.Slug, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 3, Day: 31})
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

func testEndScheduleKeepsOrCancelsBookings(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	kept := f.book(t, monday)
	// Keep: the schedule offers no more slots, the booking stands.
	affected, err := f.svc.ScheduleBookings(ctx, f.official.ID, f.schedule.ID)
	if err != nil || len(affected) != 1 {
		t.Fatalf("affected: %v %v", affected, err)
	}
	if _, err := f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, f.schedule.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	if slots, _ := f.svc.Slots(ctx, f.official.Slug, calendar.DateOf(monday), calendar.DateOf(monday).AddDays(14)); len(slots) != 0 {
		t.Errorf("an ended schedule still offers %d slots", len(slots))
	}
	if got, _ := f.svc.Booking(ctx, kept.Token); got.Status != booking.StatusConfirmed {
		t.Errorf("kept booking: %s", got.Status)
	}
	_, err = f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, f.schedule.ID, false, "")
	wantCode(t, err, booking.ECONFLICT)
	_, err = f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, 999, false, "")
	wantCode(t, err, booking.ENOTFOUND)

	// Cancel: a second schedule's bookings are cancelled with a notice.
	sch := &booking.Schedule{OfficialID: f.official.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260106T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU",
		DurationMinutes: 60, SlotMinutes: 30, Capacity: 1, Location: "Зала 2", BookingOpensDays: 30}
	if err := f.svc.CreateSchedule(ctx, booking.CommandLine, sch); err != nil {
		t.Fatal(err)
	}
	gone := f.book(t, sofia(2026, 1, 13, 10, 0))
	_, err = f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, sch.ID, true, "")
	wantCode(t, err, booking.EINVALID) // a reason is required to tell the citizens
	cancelled, err := f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, sch.ID, true, "Промяна в графика")
	if err != nil || len(cancelled) != 1 || cancelled[0].ID != gone.ID {
		t.Fatalf("cancelled: %v %v", cancelled, err)
	}
	got, _ := f.svc.Booking(ctx, gone.Token)
	msgs := f.intents(t, gone.ID)
	if got.Status != booking.StatusCancelled || got.Sequence != 1 || msgs[len(msgs)-1].Kind != booking.MessageSessionCanceled {
		t.Errorf("cancelled booking: %s seq %d %+v", got.Status, got.Sequence, msgs)
	}
}

func testHandOverDayToADeputy(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	deputy, err := f.svc.CreateOfficial(ctx, booking.CommandLine, booking.OfficialInput{Slug: "zam-kmet", Name: "Анна Заместникова", Title: "Заместник-кмет",
		Unit: "sredets", Email: "zam@sredets.example.bg"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := f.book(t, monday), f.book(t, monday.Add(15*time.Minute))
	other := f.book(t, sofia(2026, 1, 19, 14, 0))
	admin := &booking.User{Role: booking.RoleAdmin}
	_, err = f.svc.HandOverDay(ctx, admin, f.official.ID, "kmet-sredets", "2026-01-12", "Командировка")
	wantCode(t, err, booking.EINVALID) // not to oneself
	// An assistant may hand the day only to an official they manage.
	assistant := &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.official.ID}}
	_, err = f.svc.HandOverDay(ctx, assistant, f.official.ID, "zam-kmet", "2026-01-12", "Командировка")
	wantCode(t, err, booking.EINVALID)
	if e := fieldsOf(err)["deputy"]; e.In("en") == "" {
		t.Errorf("no reason given for the deputy: %v", err)
	}
	moved, err := f.svc.HandOverDay(ctx, admin, f.official.ID, "zam-kmet", "2026-01-12", "Командировка")
	if err != nil || len(moved) != 2 {
		t.Fatalf("moved %d: %v", len(moved), err)
	}
	for _, x := range []*booking.Booking{a, b} {
		got, _ := f.svc.Booking(ctx, x.Token)
		msgs := f.intents(t, x.ID)
		last := msgs[len(msgs)-1]
		if got.OfficialID != deputy.ID || got.Sequence != 1 || got.Status != booking.StatusConfirmed || !got.Start.Equal(x.Start) ||
			got.UID != x.UID || last.Kind != booking.MessageHandOver || last.Sequence != 1 || last.Note != "Командировка" {
			t.Errorf("booking %s after the hand-over: %+v, last message %+v", x.Reference, got, last)
		}
	}
	if got, _ := f.svc.Booking(ctx, other.Token); got.OfficialID != f.official.ID {
		t.Error("a booking on another day moved")
	}
	// The handed-over booking keeps its room, and its calendar event its
	// organizer, place and UID.
	got, _ := f.svc.Booking(ctx, a.Token)
	if sch, err := f.svc.BookingSchedule(ctx, got); err != nil || sch.ID != f.schedule.ID {
		t.Errorf("room after the hand-over: %+v, %v", sch, err)
	}
	f.svc.Organizer = calendar.Person{Name: "Приемна", Email: "priemna@sredets.example.bg"}
	before, _ := f.svc.BookingEvents(ctx, []booking.Booking{*a}, false, nil)
	after, err := f.svc.BookingEvents(ctx, []booking.Booking{*got}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after[0].Organizer == nil || after[0].Organizer.Email != before[0].Organizer.Email || after[0].Location != before[0].Location ||
		after[0].Location == "" || after[0].UID != before[0].UID || !strings.Contains(after[0].Summary, "Анна Заместникова") {
		t.Errorf("event before %+v, after %+v", before[0], after[0])
	}
	// The day is closed for the official.
	_, _, err = f.svc.Book(ctx, f.request(monday.Add(30*time.Minute)))
	wantCode(t, err, booking.ENOTBOOKABLE)
}
