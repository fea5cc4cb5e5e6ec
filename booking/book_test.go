package booking_test

import (
	"slices"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// A Monday offers twelve 15-minute slots from 14:00 with the schedule's
// seats; a booking takes one seat of its slot and no other.
func TestSlotsOfADay(t *testing.T) {
	d := newDomain(t, 2)
	day := calendar.DateOf(monday)
	slots, err := d.svc.Slots(d.ctx, d.official.Slug, day, day.AddDays(6))
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) != 12 || !slots[0].Start.Equal(monday) || !slots[11].Start.Equal(monday.Add(165*time.Minute)) {
		t.Fatalf("%d slots, %v … : want 12 from 14:00 to 16:45", len(slots), slots)
	}
	for _, s := range slots {
		if s.Capacity != 2 || s.Available != 2 || s.End.Sub(s.Start) != 15*time.Minute || !s.StepFree {
			t.Fatalf("slot %+v", s)
		}
	}
	d.book(t, monday.Add(15*time.Minute), "a@example.bg")
	if n := d.free(t, monday.Add(15*time.Minute)); n != 1 {
		t.Errorf("booked slot has %d free seats, want 1", n)
	}
	if n := d.free(t, monday); n != 2 {
		t.Errorf("the slot before it has %d free seats, want 2", n)
	}
	_, err = d.svc.Slots(d.ctx, d.official.Slug, day, day.AddDays(-1))
	wantCode(t, err, booking.EINVALID)
	_, err = d.svc.Slots(d.ctx, "nobody", day, day)
	wantCode(t, err, booking.ENOTFOUND)
}

// A booking stands at once: confirmed, with its invitation and reminders;
// when the seats are taken the next citizen is told the slot is full.
func TestBookTakesASeat(t *testing.T) {
	d := newDomain(t, 2)
	first := d.book(t, monday, "a@example.bg")
	if first.Status != booking.StatusConfirmed || !first.Start.Equal(monday) || !first.End.Equal(monday.Add(15*time.Minute)) ||
		first.Reference == "" || !booking.ValidToken(first.Token) || first.Sequence != 0 {
		t.Fatalf("booking %+v", first)
	}
	if kinds := d.kinds(t, first); len(kinds) == 0 || kinds[0] != booking.MessageConfirmation ||
		slices.ContainsFunc(kinds[1:], func(k booking.MessageKind) bool { return k != booking.MessageReminder }) {
		t.Errorf("letters %v: the invitation, then reminders", kinds)
	}
	d.book(t, monday, "b@example.bg")
	_, _, err := d.svc.Book(d.ctx, d.request(monday, "c@example.bg"))
	wantCode(t, err, booking.ESLOTFULL)
	if got, err := d.svc.Booking(d.ctx, first.Token); err != nil || got.Reference != first.Reference {
		t.Errorf("by its token: %+v %v", got, err)
	}
}

// The same idempotency key with the same request returns the booking made
// the first time; with another request it is refused, and nothing is booked.
func TestIdempotencyKey(t *testing.T) {
	d := newDomain(t, 3)
	req := d.request(monday, "a@example.bg")
	req.IdempotencyKey = "retry-7f3a"
	b, replayed, err := d.svc.Book(d.ctx, req)
	if err != nil || replayed {
		t.Fatal(replayed, err)
	}
	again, replayed, err := d.svc.Book(d.ctx, req)
	if err != nil || !replayed || again.ID != b.ID {
		t.Fatalf("replay: %+v %v %v", again, replayed, err)
	}
	other := req
	other.Start = monday.Add(15 * time.Minute).Format(time.RFC3339)
	_, _, err = d.svc.Book(d.ctx, other)
	wantCode(t, err, booking.EMISMATCH)
	if n := d.free(t, monday.Add(15*time.Minute)); n != 3 {
		t.Errorf("the mismatched request booked: %d free", n)
	}
}

// Booking opens at 09:00 Sofia time 30 days before the reception day and
// closes 2 hours before the slot; a slot that began is gone.
func TestBookingWindow(t *testing.T) {
	d := newDomain(t, 1)
	feb9 := sofia(2026, 2, 9, 14, 0) // opens on 10 January, 09:00
	_, _, err := d.svc.Book(d.ctx, d.request(feb9, "a@example.bg"))
	wantCode(t, err, booking.ENOTBOOKABLE)
	if msg := booking.ErrorMessage(err); msg.In("bg") == "" || msg.In("en") == "" {
		t.Errorf("the refusal says nothing: %v", err)
	}
	d.clock.Set(sofia(2026, 1, 10, 8, 59))
	_, _, err = d.svc.Book(d.ctx, d.request(feb9, "a@example.bg"))
	wantCode(t, err, booking.ENOTBOOKABLE)
	d.clock.Set(sofia(2026, 1, 10, 9, 0))
	d.book(t, feb9, "a@example.bg")

	d.clock.Set(sofia(2026, 1, 12, 12, 1)) // 14:00 closed at 12:00; 14:15 closes at 12:15
	_, _, err = d.svc.Book(d.ctx, d.request(monday, "b@example.bg"))
	wantCode(t, err, booking.ENOTBOOKABLE)
	d.book(t, monday.Add(15*time.Minute), "b@example.bg")

	d.clock.Set(sofia(2026, 1, 12, 14, 31))
	_, _, err = d.svc.Book(d.ctx, d.request(monday.Add(30*time.Minute), "c@example.bg"))
	wantCode(t, err, booking.ENOTBOOKABLE)
	// Staff booking a citizen who came in may still, until the slot ends.
	req := d.request(monday.Add(30*time.Minute), "c@example.bg")
	req.ByStaff = booking.CommandLine
	if _, _, err := d.svc.Book(d.ctx, req); err != nil {
		t.Errorf("staff booking during the slot: %v", err)
	}
	// A time that is no slot of the schedule is not bookable either.
	_, _, err = d.svc.Book(d.ctx, d.request(sofia(2026, 1, 19, 14, 5), "d@example.bg"))
	if code := booking.ErrorCode(err); code != booking.EINVALID && code != booking.ENOTBOOKABLE {
		t.Errorf("14:05: %v", err)
	}
}

// The horizon is the last day open for booking; nobody may look further
// than HorizonDays ahead.
func TestHorizon(t *testing.T) {
	d := newDomain(t, 1)
	if h, err := d.svc.Horizon(d.ctx, d.official.Slug); err != nil || h != (calendar.Date{Year: 2026, Month: time.February, Day: 6}) {
		t.Errorf("at 09:00 on 7 January: horizon %v %v, want 6 February", h, err)
	}
	d.clock.Set(sofia(2026, 1, 7, 8, 59))
	if h, _ := d.svc.Horizon(d.ctx, d.official.Slug); h != (calendar.Date{Year: 2026, Month: time.February, Day: 5}) {
		t.Errorf("before 09:00: horizon %v, want 5 February", h)
	}
	today := calendar.DateOf(d.clock.Now())
	_, err := d.svc.Slots(d.ctx, d.official.Slug, today, today.AddDays(booking.HorizonDays+1))
	wantCode(t, err, booking.EINVALID)
	if _, err := d.svc.Slots(d.ctx, d.official.Slug, today.AddDays(booking.HorizonDays-7), today.AddDays(booking.HorizonDays)); err != nil {
		t.Errorf("up to the horizon: %v", err)
	}
}

// A closed day offers no slots and takes no bookings; its bookings are
// cancelled with a letter giving the reason.
func TestClosedDay(t *testing.T) {
	d := newDomain(t, 1)
	b := d.book(t, monday, "a@example.bg")
	_, cancelled, err := d.svc.CloseDay(d.ctx, booking.CommandLine, d.official.ID, "2026-01-12", "Командировка")
	if err != nil || len(cancelled) != 1 || cancelled[0].ID != b.ID || cancelled[0].Status != booking.StatusCancelled {
		t.Fatalf("close day: %+v %v", cancelled, err)
	}
	if kinds := d.kinds(t, b); kinds[len(kinds)-1] != booking.MessageSessionCanceled {
		t.Errorf("letters %v: the last tells of the cancelled day", kinds)
	}
	day := calendar.DateOf(monday)
	if slots, _ := d.svc.Slots(d.ctx, d.official.Slug, day, day); len(slots) != 0 {
		t.Errorf("a closed day offers %d slots", len(slots))
	}
	_, _, err = d.svc.Book(d.ctx, d.request(monday.Add(15*time.Minute), "b@example.bg"))
	if code := booking.ErrorCode(err); code != booking.ENOTBOOKABLE && code != booking.EINVALID {
		t.Errorf("booking a closed day: %v", err)
	}
	_, _, err = d.svc.CloseDay(d.ctx, booking.CommandLine, d.official.ID, "2026-01-12", "Командировка")
	wantCode(t, err, booking.ECONFLICT)
	_, _, err = d.svc.CloseDay(d.ctx, booking.CommandLine, d.official.ID, "2026-01-05", "Минало")
	wantCode(t, err, booking.EINVALID)
	_, _, err = d.svc.CloseDay(d.ctx, &booking.User{Role: booking.RoleAssistant}, d.official.ID, "2026-01-19", "Болест")
	wantCode(t, err, booking.EFORBIDDEN)
}
