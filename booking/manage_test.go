package booking_test

import (
	"slices"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// Cancelling frees the seat at once and tells the citizen; a booking is
// cancelled once.
func TestCancel(t *testing.T) {
	d := newDomain(t, 1)
	b := d.book(t, monday, "a@example.bg")
	got, err := d.svc.Cancel(d.ctx, b.Token)
	if err != nil || got.Status != booking.StatusCancelled || got.Sequence != b.Sequence+1 {
		t.Fatalf("cancel: %+v %v", got, err)
	}
	if n := d.free(t, monday); n != 1 {
		t.Errorf("the cancelled seat is not free: %d", n)
	}
	if kinds := d.kinds(t, b); kinds[len(kinds)-1] != booking.MessageCancellation {
		t.Errorf("letters %v: the last confirms the cancellation", kinds)
	}
	d.book(t, monday, "b@example.bg") // someone else takes the seat
	for token, code := range map[string]string{
		b.Token:            booking.ECONFLICT, // cancelled already
		booking.NewToken(): booking.ENOTFOUND,
		"not-a-token":      booking.ENOTFOUND,
	} {
		_, err = d.svc.Cancel(d.ctx, token)
		wantCode(t, err, code)
	}
}

// Moving keeps the booking — reference, token, calendar UID — with its
// sequence raised; the old seat is freed, the new one taken. A move into a
// full slot changes nothing.
func TestReschedule(t *testing.T) {
	d := newDomain(t, 1)
	b := d.book(t, monday, "a@example.bg")
	later := monday.Add(45 * time.Minute)
	moved, err := d.svc.Reschedule(d.ctx, b.Token, later.Format(time.RFC3339))
	if err != nil {
		t.Fatal(err)
	}
	if moved.Reference != b.Reference || moved.Token != b.Token || moved.UID != b.UID || moved.Sequence != b.Sequence+1 ||
		!moved.Start.Equal(later) || !moved.End.Equal(later.Add(15*time.Minute)) {
		t.Fatalf("moved %+v from %+v", moved, b)
	}
	if d.free(t, monday) != 1 || d.free(t, later) != 0 {
		t.Errorf("seats after the move: 14:00 %d free, 14:45 %d free", d.free(t, monday), d.free(t, later))
	}
	if kinds := d.kinds(t, b); kinds[len(kinds)-1] != booking.MessageChange && !slices.Contains(kinds, booking.MessageChange) {
		t.Errorf("letters %v: no change letter", kinds)
	}
	other := d.book(t, monday, "b@example.bg")
	_, err = d.svc.Reschedule(d.ctx, other.Token, later.Format(time.RFC3339))
	wantCode(t, err, booking.ESLOTFULL)
	if got, _ := d.svc.Booking(d.ctx, other.Token); !got.Start.Equal(monday) || got.Sequence != other.Sequence {
		t.Errorf("a refused move changed the booking: %+v", got)
	}
	_, err = d.svc.Reschedule(d.ctx, moved.Token, later.Format(time.RFC3339))
	wantCode(t, err, booking.ECONFLICT) // already at that time
	_, err = d.svc.Reschedule(d.ctx, moved.Token, "tomorrow")
	wantCode(t, err, booking.EINVALID)
	if _, err := d.svc.Cancel(d.ctx, moved.Token); err != nil {
		t.Fatal(err)
	}
	_, err = d.svc.Reschedule(d.ctx, moved.Token, monday.Add(time.Hour).Format(time.RFC3339))
	wantCode(t, err, booking.ECONFLICT) // a cancelled booking is not moved
}
