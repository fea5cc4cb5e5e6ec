package booking_test

import (
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// Checking in within the grace period is an arrival, after it a late
// arrival; a meeting then begins and completes the booking.
func TestArrivalAndLateness(t *testing.T) {
	d := newDomain(t, 2)
	onTime := d.book(t, monday, "a@example.bg")
	late := d.book(t, monday, "b@example.bg")
	d.clock.Set(monday.Add(time.Hour))
	got, err := d.svc.RecordArrival(d.ctx, booking.CommandLine, onTime.Reference, monday.Add(booking.DefaultGrace))
	if err != nil || got.Status != booking.StatusArrived || !got.ArrivedAt.Equal(monday.Add(booking.DefaultGrace)) {
		t.Fatalf("on time: %+v %v", got, err)
	}
	got, err = d.svc.RecordArrival(d.ctx, booking.CommandLine, late.Reference, monday.Add(booking.DefaultGrace+time.Minute))
	if err != nil || got.Status != booking.StatusLate || !d.svc.WasLate(got) {
		t.Fatalf("late: %+v %v", got, err)
	}
	_, err = d.svc.RecordArrival(d.ctx, booking.CommandLine, onTime.Reference, time.Time{})
	wantCode(t, err, booking.ECONFLICT) // checked in already
	_, err = d.svc.RecordReceived(d.ctx, booking.CommandLine, onTime.Reference, monday)
	wantCode(t, err, booking.EINVALID) // before the arrival
	done, err := d.svc.RecordReceived(d.ctx, booking.CommandLine, onTime.Reference, time.Time{})
	if err != nil || done.Status != booking.StatusCompleted || !done.ReceivedAt.Equal(monday.Add(time.Hour)) {
		t.Fatalf("received: %+v %v", done, err)
	}
	// Undo steps back once: the meeting had not begun.
	undone, err := d.svc.UndoStatus(d.ctx, booking.CommandLine, onTime.Reference)
	if err != nil || undone.Status == booking.StatusCompleted {
		t.Errorf("undo: %+v %v", undone, err)
	}
}

// An arrival is not recorded in the future or long before the slot, nor
// by staff who do not manage the official.
func TestArrivalRefusals(t *testing.T) {
	d := newDomain(t, 1)
	b := d.book(t, monday, "a@example.bg")
	d.clock.Set(monday)
	_, err := d.svc.RecordArrival(d.ctx, booking.CommandLine, b.Reference, monday.Add(5*time.Minute))
	wantCode(t, err, booking.EINVALID)
	_, err = d.svc.RecordArrival(d.ctx, booking.CommandLine, b.Reference, monday.Add(-13*time.Hour))
	wantCode(t, err, booking.EINVALID)
	_, err = d.svc.RecordArrival(d.ctx, &booking.User{ID: 9, Role: booking.RoleAssistant, OfficialIDs: []int64{d.official.ID + 1}}, b.Reference, time.Time{})
	wantCode(t, err, booking.EFORBIDDEN)
	_, err = d.svc.RecordArrival(d.ctx, booking.CommandLine, "SO-0000-0000", time.Time{})
	wantCode(t, err, booking.ENOTFOUND)
	if got, _ := d.svc.Booking(d.ctx, b.Token); got.Status != booking.StatusConfirmed {
		t.Errorf("refusals changed the booking: %s", got.Status)
	}
}

// A no-show is marked by staff once the slot began, or by the sweep once
// the slot ended more than the grace period ago; never before, and never
// for a citizen who came.
func TestNoShows(t *testing.T) {
	d := newDomain(t, 2)
	marked := d.book(t, monday, "a@example.bg")
	swept := d.book(t, monday, "b@example.bg")
	came := d.book(t, monday.Add(15*time.Minute), "c@example.bg")
	d.clock.Set(monday.Add(-time.Minute))
	_, err := d.svc.MarkNoShow(d.ctx, booking.CommandLine, marked.Reference)
	wantCode(t, err, booking.ECONFLICT) // not begun
	d.clock.Set(monday.Add(5 * time.Minute))
	got, err := d.svc.MarkNoShow(d.ctx, booking.CommandLine, marked.Reference)
	if err != nil || got.Status != booking.StatusNoShow {
		t.Fatalf("mark: %+v %v", got, err)
	}
	if kinds := d.kinds(t, marked); kinds[len(kinds)-1] != booking.MessageNoShow {
		t.Errorf("letters %v: the last is the no-show notice", kinds)
	}
	d.clock.Set(monday.Add(20 * time.Minute))
	if _, err := d.svc.RecordArrival(d.ctx, booking.CommandLine, came.Reference, monday.Add(16*time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The 14:00 slot ends at 14:15: the sweep waits out the grace period.
	d.clock.Set(monday.Add(15*time.Minute + booking.DefaultGrace - time.Second))
	if n, err := d.svc.SweepNoShows(d.ctx); err != nil || n != 0 {
		t.Fatalf("early sweep marked %d (%v)", n, err)
	}
	d.clock.Set(monday.Add(time.Hour))
	if n, err := d.svc.SweepNoShows(d.ctx); err != nil || n != 1 {
		t.Fatalf("sweep marked %d (%v), want the one who neither came nor was marked", n, err)
	}
	for b, want := range map[*booking.Booking]booking.Status{swept: booking.StatusNoShow, came: booking.StatusArrived, marked: booking.StatusNoShow} {
		if got, _ := d.svc.Booking(d.ctx, b.Token); got.Status != want {
			t.Errorf("%s: %s, want %s", b.Email, got.Status, want)
		}
	}
}
