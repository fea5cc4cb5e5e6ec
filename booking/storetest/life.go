package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// secondProcess opens the fixture's database again with a service of its
// own, as a second `serve` on the same database would, on the same clock.
func (f *Fixture) secondProcess(t *testing.T) *booking.Service {
	t.Helper()
	db := f.h.Reopen(t, f.DB)
	return booking.NewService(booking.Stores{Catalog: db, Closures: db, Bookings: db, Feedback: db, Stats: db}, f.Clock.Now)
}

// A booking is checked against the database, not against the calendar a
// process has cached: a day closed or a schedule ended by another process
// takes no more bookings or moves at once.
func testBookingIsCheckedAgainstTheTruthNotACache(t *testing.T, f *Fixture) {
	other := f.secondProcess(t)
	day := calendar.DateOf(monday)
	next := monday.AddDate(0, 0, 7)
	// The other process has the official's calendar cached.
	if slots, err := other.Slots(f.Ctx, f.Official.Slug, day, day.AddDays(7)); err != nil || len(slots) != 24 {
		t.Fatalf("slots: %d, %v", len(slots), err)
	}
	moving, _, err := other.Book(f.Ctx, f.Request(next))
	if err != nil {
		t.Fatal(err)
	}

	if _, _, err := f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, day.String(), "Командировка"); err != nil {
		t.Fatal(err)
	}
	_, _, err = other.Book(f.Ctx, f.Request(monday.Add(15*time.Minute)))
	WantCode(t, err, booking.ENOTBOOKABLE)
	if msg := booking.ErrorMessage(err); msg.In("bg") == "" || msg.In("en") == "" {
		t.Errorf("refusal without a message: %+v", msg)
	}
	_, err = other.Reschedule(f.Ctx, moving.Token, monday.Format(time.RFC3339))
	WantCode(t, err, booking.ENOTBOOKABLE)

	if _, err := f.Svc.EndSchedule(f.Ctx, booking.CommandLine, f.Official.ID, f.Schedule.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	req := f.Request(next.Add(30 * time.Minute))
	req.Email = "second@example.bg"
	_, _, err = other.Book(f.Ctx, req)
	WantCode(t, err, booking.ENOTBOOKABLE)
	if n := f.Count(t, "bookings"); n != 1 {
		t.Errorf("%d bookings stored, want only the one made before", n)
	}
}

// Closing a day cancels the holds on it too, and tells their citizens; a
// hold's link followed afterwards confirms nothing.
func testClosingADayCancelsItsHolds(t *testing.T, h Harness) {
	f := holdFixture(t, h)
	b := f.Book(t, monday.Add(30*time.Minute))
	code := f.intents(t, b.ID)[0].Pass
	_, cancelled, err := f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "2026-01-12", "Болест")
	if err != nil {
		t.Fatal(err)
	}
	if len(cancelled) != 1 || cancelled[0].ID != b.ID {
		t.Fatalf("cancelled %+v", cancelled)
	}
	got, _ := f.Svc.Booking(f.Ctx, b.Token)
	if got.Status != booking.StatusCancelled {
		t.Errorf("hold is %s after its day was closed", got.Status)
	}
	msgs := f.intents(t, b.ID)
	if last := msgs[len(msgs)-1]; last.Kind != booking.MessageSessionCanceled || last.Note != "Болест" {
		t.Errorf("the citizen is not told: %+v", msgs)
	}
	_, err = f.Svc.ConfirmHold(f.Ctx, code)
	WantCode(t, err, booking.ENOTFOUND)
}

// Ending a schedule with "cancel" cancels its holds as well as its
// confirmed bookings, in the same transaction.
func testEndingAScheduleCancelsItsHolds(t *testing.T, h Harness) {
	f := holdFixture(t, h)
	held := f.Book(t, monday.Add(30*time.Minute))
	cancelled, err := f.Svc.EndSchedule(f.Ctx, booking.CommandLine, f.Official.ID, f.Schedule.ID, true, "Нов график")
	if err != nil {
		t.Fatal(err)
	}
	if len(cancelled) != 1 || cancelled[0].ID != held.ID {
		t.Fatalf("cancelled %+v", cancelled)
	}
	if got, _ := f.Svc.Booking(f.Ctx, held.Token); got.Status != booking.StatusCancelled {
		t.Errorf("hold is %s after its schedule ended", got.Status)
	}
}

// A reception day's slots open together at 09:00 Sofia time, N days
// before the day, across a change of the clocks too: 30 March 2026 (after
// the change to summer time) opens on 28 February at 09:00 (winter time).
func testAReceptionDayOpensTogetherAtNine(t *testing.T, f *Fixture) {
	day := sofia(2026, 3, 30, 14, 0)
	f.Clock.Set(sofia(2026, 2, 28, 8, 59))
	_, _, err := f.Svc.Book(f.Ctx, f.Request(day))
	WantCode(t, err, booking.ENOTBOOKABLE)
	if msg := booking.ErrorMessage(err); !strings.Contains(msg.In("bg"), "28 февруари 2026") || !strings.Contains(msg.In("bg"), "9:00") ||
		!strings.Contains(msg.In("en"), "28 February 2026") {
		t.Errorf("refusal: %+v", msg)
	}
	if slots, _ := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(day), calendar.DateOf(day)); len(slots) != 0 {
		t.Errorf("%d slots offered before the day opens", len(slots))
	}
	if h, _ := f.Svc.Horizon(f.Ctx, f.Official.Slug); h != calendar.DateOf(day).AddDays(-1) {
		t.Errorf("horizon before nine: %s", h)
	}
	f.Clock.Set(sofia(2026, 2, 28, 9, 0))
	slots, err := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(day), calendar.DateOf(day))
	if err != nil || len(slots) != 12 {
		t.Fatalf("at nine: %d slots, %v", len(slots), err)
	}
	last := f.Request(day.Add(165 * time.Minute)) // 16:45, summer time
	if _, _, err := f.Svc.Book(f.Ctx, last); err != nil {
		t.Errorf("the day's last slot at nine: %v", err)
	}
	if h, _ := f.Svc.Horizon(f.Ctx, f.Official.Slug); h != calendar.DateOf(day) {
		t.Errorf("horizon at nine: %s", h)
	}
}

// A rule whose every date is a holiday is accepted, with a warning that it
// yields no reception day; an ordinary rule gets none.
func testScheduleOfHolidaysOnlyIsAcceptedWithAWarning(t *testing.T, f *Fixture) {
	// Every 3 March (Liberation Day) and 24 May.
	sch := &booking.Schedule{OfficialID: f.Official.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260303T100000\nRRULE:FREQ=YEARLY;BYMONTH=3,5;BYMONTHDAY=3,24;BYSETPOS=1,-1",
		DurationMinutes: 60, SlotMinutes: 30, Capacity: 1, Location: "Зала 1", ObserveHolidays: true}
	if err := f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, sch); err != nil {
		t.Fatal(err)
	}
	warnings, err := f.Svc.ScheduleWarnings(f.Ctx, sch)
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0].In("en"), "public holidays") || warnings[0].In("bg") == "" {
		t.Errorf("warnings %v, %v", warnings, err)
	}
	if w, err := f.Svc.ScheduleWarnings(f.Ctx, f.Schedule); err != nil || len(w) != 0 {
		t.Errorf("an ordinary schedule warned: %v %v", w, err)
	}
}

// Bookings racing a closure made by another process on the same file:
// whichever commits first, no booking is left standing on the closed day.
func testBookingsRacingAClosureFromAnotherProcess(t *testing.T, f *Fixture) {
	other := f.secondProcess(t)
	day := calendar.DateOf(monday)
	if _, err := other.Slots(f.Ctx, f.Official.Slug, day, day); err != nil { // cached there
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 36)
	for i := range errs {
		wg.Go(func() {
			req := f.Request(monday.Add(time.Duration(i%12) * 15 * time.Minute))
			req.Email, req.Phone = fmt.Sprintf("racer%d@example.bg", i), ""
			_, _, errs[i] = other.Book(f.Ctx, req)
		})
	}
	wg.Go(func() {
		if _, _, err := f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, day.String(), "Командировка"); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
	for _, err := range errs {
		if c := booking.ErrorCode(err); c != "" && c != booking.ENOTBOOKABLE && c != booking.ESLOTFULL {
			t.Errorf("refused with %q: %v", c, err)
		}
	}
	standing, err := f.DB.Bookings(f.Ctx, booking.BookingFilter{OfficialID: f.Official.ID, From: day.Start(), To: day.AddDays(1).Start(),
		Statuses: booking.SeatHolding()})
	if err != nil {
		t.Fatal(err)
	}
	if len(standing) != 0 {
		t.Errorf("%d bookings stand on the closed day", len(standing))
	}
}
