package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

var jan12 = calendar.Date{Year: 2026, Month: time.January, Day: 12}

// waitingFixture is the fixture of one seat a slot with the waiting list
// on, and every slot of Monday 12 January booked by others (fillDay): the
// citizens the cases add can only wait.
func waitingFixture(t testing.TB, h Harness) (*Fixture, []*booking.Booking) {
	t.Helper()
	f := NewFixture(t, h, 1)
	f.With(func(st *booking.Stores) { st.Waitlist = f.full(t) })
	return f, f.fillDay(t)
}

// fillDay books every slot of Monday 12 January for other citizens and
// returns the bookings by start.
func (f *Fixture) fillDay(t testing.TB) []*booking.Booking {
	t.Helper()
	var out []*booking.Booking
	for i := 0; i < 12; i++ {
		req := f.Request(sofia(2026, 1, 12, 14, 0).Add(time.Duration(i) * 15 * time.Minute))
		req.Email = fmt.Sprintf("filler%d@example.bg", i)
		b, _, err := f.Svc.Book(f.Ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// firstOfTwoOffered has a@ and b@ join the list and the first of the
// filled bookings cancelled: its seat is offered to a@, and a@'s entry and
// token are returned.
func (f *Fixture) firstOfTwoOffered(t testing.TB, filled []*booking.Booking) (*booking.WaitEntry, string) {
	t.Helper()
	a, token := f.join(t, "a@example.bg")
	f.join(t, "b@example.bg")
	if _, err := f.Svc.Cancel(f.Ctx, filled[0].Token); err != nil {
		t.Fatal(err)
	}
	return a, token
}

func (f *Fixture) join(t testing.TB, email string, days ...time.Weekday) (*booking.WaitEntry, string) {
	t.Helper()
	e, token, err := f.Svc.JoinWaitlist(f.Ctx, f.waitRequest(email, days...))
	if err != nil {
		t.Fatalf("join %s: %v", email, err)
	}
	return e, token
}

func (f *Fixture) waitRequest(email string, days ...time.Weekday) booking.WaitRequest {
	return booking.WaitRequest{Official: f.Official.Slug, Name: "Чакащ " + email, Email: email, Topic: "Разрешение за ремонт на фасада",
		Language: "bg", Weekdays: days, From: jan12.String(), To: jan12.String()}
}

// offerCodes returns the codes of the open offers' letters, by citizen
// email: the held bookings with an open offer, and each one's offer letter.
func (f *Fixture) offerCodes(t testing.TB) map[string]string {
	t.Helper()
	held, err := f.DB.Bookings(f.Ctx, booking.BookingFilter{Statuses: []booking.Status{booking.StatusPending}})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, b := range held {
		if _, err := f.full(t).OfferForBooking(f.Ctx, b.ID); booking.ErrorCode(err) == booking.ENOTFOUND {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		msgs, err := f.DB.Messages(f.Ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Kind == booking.MessageOffer {
				codes[b.Email] = m.Pass
			}
		}
	}
	return codes
}

func (f *Fixture) activeAt(t testing.TB, start time.Time) []booking.Booking {
	t.Helper()
	list, err := f.DB.Bookings(f.Ctx, booking.BookingFilter{OfficialID: f.Official.ID, From: start, To: start.Add(time.Second),
		Statuses: []booking.Status{booking.StatusPending, booking.StatusConfirmed}})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func testLeavingTheWaitlistErasesAndPassesTheOfferOn(t *testing.T, h Harness) {
	f, filled := waitingFixture(t, h)
	a, tokenA := f.firstOfTwoOffered(t, filled)
	if err := f.Svc.LeaveWaitlist(f.Ctx, tokenA); err != nil {
		t.Fatal(err)
	}
	WantCode(t, f.Svc.LeaveWaitlist(f.Ctx, tokenA), booking.ENOTFOUND)
	e, err := f.full(t).WaitEntryByID(f.Ctx, a.ID)
	if err != nil || e.Status != booking.WaitLeft || e.Name != "" || e.Email != "" || e.Topic != "" {
		t.Fatalf("left entry = %+v, %v; want left with its details erased", e, err)
	}
	codes := f.offerCodes(t)
	if len(codes) != 1 || codes["b@example.bg"] == "" {
		t.Fatalf("open offers = %v, want the seat passed to b@", codes)
	}
}

func testWaitlistJoinRules(t *testing.T, h Harness) {
	f, _ := waitingFixture(t, h)
	f.With(func(st *booking.Stores) { st.Policies = f.full(t) }) // the caps
	// filler0 has a coming meeting with the official: the caps apply.
	_, _, err := f.Svc.JoinWaitlist(f.Ctx, f.waitRequest("filler0@example.bg"))
	WantCode(t, err, booking.ECONFLICT)
	bad := f.waitRequest("not an email")
	bad.From, bad.To = "2026-01-20", "2026-01-19"
	_, _, err = f.Svc.JoinWaitlist(f.Ctx, bad)
	WantCode(t, err, booking.EINVALID)
	var be *booking.Error
	if !asBookingError(err, &be) || be.Fields["email"].In("en") == "" || be.Fields["to"].In("en") == "" {
		t.Fatalf("fields = %v, want email and to", err)
	}
	if f.Count(t, "bookings") != 12 {
		t.Fatal("a rejected join changed bookings")
	}
	if n := f.Count(t, "waitlist"); n != 0 {
		t.Fatalf("%d entries after rejected joins", n)
	}
}

func testWaitlistEntriesLapseAndAreErased(t *testing.T, h Harness) {
	f, _ := waitingFixture(t, h)
	a, token := f.join(t, "a@example.bg")
	f.Clock.Set(sofia(2026, 1, 12, 23, 0))
	if n, _ := f.Svc.ExpireWaitlist(f.Ctx); n != 0 {
		t.Fatalf("lapsed %d entries on their last day", n)
	}
	f.Clock.Set(sofia(2026, 1, 13, 0, 30))
	if n, err := f.Svc.ExpireWaitlist(f.Ctx); err != nil || n != 1 {
		t.Fatalf("ExpireWaitlist = %d, %v; want 1", n, err)
	}
	WantCode(t, f.Svc.LeaveWaitlist(f.Ctx, token), booking.ENOTFOUND)
	if n, _ := f.Svc.ApplyWaitlistRetention(f.Ctx, 24*time.Hour); n != 0 {
		t.Fatalf("erased %d entries before the retention period", n)
	}
	f.Clock.Set(sofia(2026, 1, 14, 1, 0))
	if n, err := f.Svc.ApplyWaitlistRetention(f.Ctx, 24*time.Hour); err != nil || n != 1 {
		t.Fatalf("retention = %d, %v; want 1", n, err)
	}
	if e, _ := f.full(t).WaitEntryByID(f.Ctx, a.ID); e.Email != "" || e.Name != "" || e.Status != booking.WaitLapsed {
		t.Fatalf("entry after retention = %+v", e)
	}
}

func testNewScheduleOffersItsSeats(t *testing.T, h Harness) {
	f, _ := waitingFixture(t, h)
	f.join(t, "a@example.bg")
	f.join(t, "b@example.bg")
	// A second Monday schedule adds a 17:00–17:30 reception on the same day.
	if err := f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, &booking.Schedule{OfficialID: f.Official.ID,
		Rule:            "DTSTART;TZID=Europe/Sofia:20260112T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=1",
		DurationMinutes: 15, SlotMinutes: 15, Capacity: 2, Location: "стая 204", BookingOpensDays: 30, BookingClosesHours: 2}); err != nil {
		t.Fatal(err)
	}
	codes := f.offerCodes(t)
	if len(codes) != 2 || codes["a@example.bg"] == "" || codes["b@example.bg"] == "" {
		t.Fatalf("open offers = %v, want the two new seats offered to a@ and b@", codes)
	}
}

func testStaffBookAWaitingCitizen(t *testing.T, h Harness) {
	f, _ := waitingFixture(t, h)
	a, _ := f.join(t, "a@example.bg")
	admin := f.staffUser(t, "admin@example.bg", booking.RoleAdmin)
	list, err := f.Svc.WaitingList(f.Ctx, f.Official, admin)
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if _, err := f.Svc.WaitingList(f.Ctx, f.Official, &booking.User{ID: admin.ID + 1, Role: booking.RoleAssistant}); booking.ErrorCode(err) != booking.EFORBIDDEN {
		t.Fatalf("an assistant of another official saw the list: %v", err)
	}
	b, err := f.Svc.BookWaiting(f.Ctx, a.ID, sofia(2026, 1, 19, 14, 0).Format(time.RFC3339), admin)
	if err != nil {
		t.Fatal(err)
	}
	if b.Email != "a@example.bg" || b.Status != booking.StatusConfirmed {
		t.Fatalf("booked %+v", b)
	}
	if e, _ := f.full(t).WaitEntryByID(f.Ctx, a.ID); e.Status != booking.WaitBooked || e.BookingID != b.ID {
		t.Fatalf("entry = %+v", e)
	}
}

func (f *Fixture) cancelled(t testing.TB, id int64) bool {
	t.Helper()
	b, err := f.DB.BookingByID(f.Ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return b.Status == booking.StatusCancelled
}

func asBookingError(err error, target **booking.Error) bool {
	e, ok := err.(*booking.Error)
	*target = e
	return ok
}

func testWaitlistStatistics(t *testing.T, h Harness) {
	f, filled := waitingFixture(t, h)
	f.join(t, "a@example.bg")
	f.join(t, "b@example.bg")
	tuesdays := booking.WaitRequest{Official: f.Official.Slug, Name: "Чакащ", Email: "c@example.bg", Topic: "Разрешение за ремонт на фасада",
		Language: "bg", Weekdays: []time.Weekday{time.Tuesday}} // until the end of the booking window
	if _, _, err := f.Svc.JoinWaitlist(f.Ctx, tuesdays); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.Cancel(f.Ctx, filled[0].Token); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.Svc.DeclineOffer(f.Ctx, f.offerCodes(t)["a@example.bg"]))
	_, err := f.Svc.TakeOffer(f.Ctx, f.offerCodes(t)["b@example.bg"])
	must(err)
	f.Clock.Set(sofia(2026, 1, 13, 9, 0))
	if n, _ := f.Svc.ExpireWaitlist(f.Ctx); n != 1 { // a@'s last day was the 12th
		t.Fatalf("lapsed %d", n)
	}
	f.Clock.Set(sofia(2026, 2, 2, 9, 0))
	got, err := f.Svc.WaitlistStats(f.Ctx, f.Official.ID, calendar.Date{Year: 2025, Month: 12, Day: 1}, calendar.Date{Year: 2026, Month: 2, Day: 2})
	must(err)
	want := []booking.WaitMonth{{Month: "2025-12"}, {Month: "2026-01", Joined: 3, Offers: 2, Taken: 1, Waiting: 1}, {Month: "2026-02"}}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("statistics = %+v, want %+v", got, want)
	}
	if all, _ := f.Svc.WaitlistStats(f.Ctx, 0, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 1, Day: 1}); len(all) != 1 || all[0] != want[1] {
		t.Fatalf("everyone's = %+v", all)
	}
}

// Erasure on request: the citizen leaves every list, a seat held for them
// goes to the next, their details go; an assistant may not do it.
func testEraseWaitingCitizen(t *testing.T, h Harness) {
	f, filled := waitingFixture(t, h)
	a, _ := f.firstOfTwoOffered(t, filled)
	admin := f.staffUser(t, "admin@example.bg", booking.RoleAdmin)
	asst := f.staffUser(t, "asst@example.bg", booking.RoleAssistant, f.Official.ID)
	if _, err := f.Svc.EraseWaitingCitizen(f.Ctx, asst, "a@example.bg"); booking.ErrorCode(err) != booking.EFORBIDDEN {
		t.Fatalf("an assistant erased: %v", err)
	}
	n, err := f.Svc.EraseWaitingCitizen(f.Ctx, admin, " A@example.bg ")
	if err != nil || n != 1 {
		t.Fatalf("erase = %d, %v", n, err)
	}
	e, _ := f.full(t).WaitEntryByID(f.Ctx, a.ID)
	if e.Status != booking.WaitLeft || e.Email != "" || e.Name != "" || e.Topic != "" {
		t.Fatalf("entry after erasure = %+v", e)
	}
	if codes := f.offerCodes(t); len(codes) != 1 || codes["b@example.bg"] == "" {
		t.Fatalf("open offers = %v, want the seat passed to b@", codes)
	}
	log, err := f.full(t).AuditLog(f.Ctx, 10)
	if err != nil || len(log) == 0 || log[0].Action != "waitlist.erase" || log[0].Object != "waiting entries: 1" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
}
