package storetest

import (
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// holdFixture is the fixture with its official taking bookings as
// 20-minute holds.
func holdFixture(t *testing.T, h Harness) *Fixture {
	f := NewFixture(t, h, 1)
	in := booking.OfficialInput{Name: f.Official.Name, Title: f.Official.Title, Unit: "sredets", Email: f.Official.Email, HoldMinutes: 20}
	o, err := f.Svc.UpdateOfficial(f.Ctx, booking.CommandLine, f.Official.Slug, in, true)
	if err != nil {
		t.Fatal(err)
	}
	if o.HoldMinutes != 20 {
		t.Fatalf("hold minutes %d", o.HoldMinutes)
	}
	return f
}

func (f *Fixture) available(t *testing.T, start time.Time) int {
	t.Helper()
	slots, err := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(start), calendar.DateOf(start))
	if err != nil {
		t.Fatal(err)
	}
	for _, sl := range slots {
		if sl.Start.Equal(start) {
			return sl.Available
		}
	}
	t.Fatalf("no slot at %s", start)
	return 0
}

func testHoldIsConfirmedThroughTheEmailedCode(t *testing.T, h Harness) {
	f := holdFixture(t, h)
	start := monday.Add(30 * time.Minute)
	b := f.Book(t, start)
	if b.Status != booking.StatusPending || !b.HeldUntil.Equal(f.Clock.Now().Add(20*time.Minute)) {
		t.Fatalf("status %s, held until %v", b.Status, b.HeldUntil)
	}
	// The hold takes the seat; only the hold's letter is queued, no invitation yet.
	if n := f.available(t, start); n != 0 {
		t.Errorf("%d seats free while held", n)
	}
	msgs := f.intents(t, b.ID)
	if len(msgs) != 1 || msgs[0].Kind != booking.MessageHold || !booking.ValidToken(msgs[0].Pass) {
		t.Fatalf("outbox: %+v", msgs)
	}
	all, _ := f.DB.Messages(f.Ctx, b.ID)
	if len(all) != 1 {
		t.Errorf("reminders queued for a hold: %+v", all)
	}
	code := msgs[0].Pass
	// Neither the manage token nor a made-up code confirms it, and it cannot be moved yet.
	for _, wrong := range []string{b.Token, booking.NewToken(), "short"} {
		if _, err := f.Svc.ConfirmHold(f.Ctx, wrong); booking.ErrorCode(err) != booking.ENOTFOUND {
			t.Errorf("confirm with %q: %v", wrong, err)
		}
	}
	if _, err := f.Svc.Reschedule(f.Ctx, b.Token, monday.Add(45*time.Minute).Format(time.RFC3339)); booking.ErrorCode(err) != booking.ECONFLICT {
		t.Errorf("moving a hold: %v", err)
	}

	f.Clock.Set(f.Clock.Now().Add(19 * time.Minute))
	got, err := f.Svc.ConfirmHold(f.Ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != booking.StatusConfirmed || !got.HeldUntil.IsZero() {
		t.Errorf("after confirming: %s, held until %v", got.Status, got.HeldUntil)
	}
	kinds := []booking.MessageKind{}
	all, _ = f.DB.Messages(f.Ctx, b.ID)
	for _, m := range all {
		kinds = append(kinds, m.Kind)
	}
	if len(kinds) < 3 || kinds[0] != booking.MessageHold || kinds[1] != booking.MessageConfirmation || kinds[2] != booking.MessageReminder {
		t.Errorf("outbox after confirming: %v", kinds)
	}
	// The code is spent; the sweep leaves a confirmed booking alone.
	if _, err := f.Svc.ConfirmHold(f.Ctx, code); booking.ErrorCode(err) != booking.ENOTFOUND {
		t.Errorf("second confirmation: %v", err)
	}
	f.Clock.Set(f.Clock.Now().Add(time.Hour))
	if n, err := f.Svc.ReleaseHolds(f.Ctx); err != nil || n != 0 {
		t.Errorf("release: %d %v", n, err)
	}
	if again, _ := f.Svc.Booking(f.Ctx, b.Token); again.Status != booking.StatusConfirmed {
		t.Errorf("status %s", again.Status)
	}
}

func testUnconfirmedHoldsAreReleased(t *testing.T, h Harness) {
	f := holdFixture(t, h)
	f.With(func(st *booking.Stores) { st.Policies = f.full(t) }) // the caps
	first, second := monday.Add(15*time.Minute), monday.Add(30*time.Minute)
	a := f.Book(t, first)
	req := f.Request(second)
	req.Email, req.Phone = "other@example.bg", ""
	b, _, err := f.Svc.Book(f.Ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	codeB := f.intents(t, b.ID)[0].Pass
	// A held seat is taken: a third citizen is told the slot is full.
	req.Email = "third@example.bg"
	if _, _, err := f.Svc.Book(f.Ctx, req); booking.ErrorCode(err) != booking.ESLOTFULL {
		t.Errorf("booking a held seat: %v", err)
	}
	// The per-official cap counts holds: one email cannot hoard holds.
	again := f.Request(monday.Add(45 * time.Minute))
	if _, _, err := f.Svc.Book(f.Ctx, again); booking.ErrorCode(err) != booking.ECONFLICT {
		t.Errorf("second hold for the same email: %v", err)
	}

	f.Clock.Set(f.Clock.Now().Add(19*time.Minute + 59*time.Second))
	if n, err := f.Svc.ReleaseHolds(f.Ctx); err != nil || n != 0 {
		t.Fatalf("released %d before time (%v)", n, err)
	}
	f.Clock.Set(f.Clock.Now().Add(time.Second))
	if n, err := f.Svc.ReleaseHolds(f.Ctx); err != nil || n != 2 {
		t.Fatalf("released %d, want 2 (%v)", n, err)
	}
	for _, start := range []time.Time{first, second} {
		if n := f.available(t, start); n != 1 {
			t.Errorf("slot %s: %d free after the release", start, n)
		}
	}
	if got, _ := f.Svc.Booking(f.Ctx, a.Token); got.Status != booking.StatusCancelled {
		t.Errorf("released hold is %s", got.Status)
	}
	// Too late: the link says so; the slot went to someone else meanwhile.
	if _, err := f.Svc.ConfirmHold(f.Ctx, codeB); booking.ErrorCode(err) != booking.ENOTFOUND {
		t.Errorf("confirming a released hold: %v", err)
	}
	// Holds never confirmed are left out of the statistics.
	stats, err := f.Svc.MonthlyStats(f.Ctx, f.Official.ID, calendar.DateOf(monday), calendar.DateOf(monday))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range stats {
		if m.Bookings != 0 || m.Cancelled != 0 {
			t.Errorf("statistics count released holds: %+v", m)
		}
	}
}

func testLapsedHoldIsReleasedWhenItsLinkIsFollowed(t *testing.T, h Harness) {
	f := holdFixture(t, h)
	start := monday.Add(15 * time.Minute)
	b := f.Book(t, start)
	code := f.intents(t, b.ID)[0].Pass
	f.Clock.Set(b.HeldUntil)
	if _, err := f.Svc.ConfirmHold(f.Ctx, code); booking.ErrorCode(err) != booking.ECONFLICT {
		t.Fatalf("confirming at the deadline: %v", err)
	}
	if n := f.available(t, start); n != 1 {
		t.Errorf("%d seats free after the lapsed hold", n)
	}
}

func testStaffAndUnverifiedBookings(t *testing.T, f *Fixture) {
	req := f.Request(monday.Add(15 * time.Minute))
	req.ConfirmByEmail = true // e.g. the anti-bot proof was missing
	b, _, err := f.Svc.Book(f.Ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if b.Status != booking.StatusPending || !b.HeldUntil.Equal(f.Clock.Now().Add(booking.DefaultHold)) {
		t.Errorf("unverified booking: %s until %v", b.Status, b.HeldUntil)
	}
	// A pending hold can be cancelled by its citizen; nothing is mailed for it.
	if got, err := f.Svc.Cancel(f.Ctx, b.Token); err != nil || got.Status != booking.StatusCancelled {
		t.Fatalf("cancel hold: %v %v", got, err)
	}
	if msgs := f.intents(t, b.ID); len(msgs) != 1 {
		t.Errorf("outbox after cancelling a hold: %+v", msgs)
	}
	// Staff bookings are never held, even for an official with holds.
	g := holdFixture(t, f.h)
	staff := g.Request(monday.Add(30 * time.Minute))
	staff.ByStaff = &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.Official.ID}}
	sb, _, err := g.Svc.Book(f.Ctx, staff)
	if err != nil || sb.Status != booking.StatusConfirmed {
		t.Errorf("staff booking: %v %v", sb, err)
	}
}

func testHoldOfficialValidation(t *testing.T, f *Fixture) {
	for _, minutes := range []int{-1, booking.MaxHoldMinutes + 1} {
		in := booking.OfficialInput{Name: f.Official.Name, Title: f.Official.Title, Unit: "sredets", Email: f.Official.Email, HoldMinutes: minutes}
		_, err := f.Svc.UpdateOfficial(f.Ctx, booking.CommandLine, f.Official.Slug, in, true)
		if booking.ErrorCode(err) != booking.EINVALID {
			t.Errorf("%d minutes: %v", minutes, err)
		}
	}
}
