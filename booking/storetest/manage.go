package storetest

import (
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

func testCancelFreesTheSlot(t *testing.T, f *Fixture) {
	b := f.Book(t, monday)
	_, _, err := f.Svc.Book(f.Ctx, f.Request(monday))
	WantCode(t, err, booking.ESLOTFULL)

	c, err := f.Svc.Cancel(f.Ctx, b.Token)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != booking.StatusCancelled || c.Sequence != 1 {
		t.Errorf("after cancel: status %s sequence %d", c.Status, c.Sequence)
	}
	_, err = f.Svc.Cancel(f.Ctx, b.Token)
	WantCode(t, err, booking.ECONFLICT)
	_, err = f.Svc.Cancel(f.Ctx, booking.NewToken())
	WantCode(t, err, booking.ENOTFOUND)
	_, err = f.Svc.Cancel(f.Ctx, "../../etc")
	WantCode(t, err, booking.ENOTFOUND)

	f.Book(t, monday) // the slot is free again
	msgs := f.intents(t, b.ID)
	if len(msgs) != 2 || msgs[1].Kind != booking.MessageCancellation || msgs[1].Sequence != 1 {
		t.Errorf("outbox: %+v", msgs)
	}
}

func testRescheduleKeepsIdentity(t *testing.T, f *Fixture) {
	b := f.Book(t, monday)
	other := f.Book(t, monday.Add(15*time.Minute))

	// Moving into a full slot fails and leaves the booking as it was.
	_, err := f.Svc.Reschedule(f.Ctx, b.Token, other.Start.Format(time.RFC3339))
	WantCode(t, err, booking.ESLOTFULL)
	if got, _ := f.Svc.Booking(f.Ctx, b.Token); !got.Start.Equal(monday) || got.Sequence != 0 {
		t.Fatalf("failed move changed the booking: %+v", got)
	}
	_, err = f.Svc.Reschedule(f.Ctx, b.Token, monday.Add(5*time.Minute).Format(time.RFC3339))
	WantCode(t, err, booking.ENOTBOOKABLE)
	_, err = f.Svc.Reschedule(f.Ctx, b.Token, "soon")
	WantCode(t, err, booking.EINVALID)

	next := sofia(2026, 1, 26, 15, 0) // two weeks on, a Monday
	moved, err := f.Svc.Reschedule(f.Ctx, b.Token, next.Format(time.RFC3339))
	if err != nil {
		t.Fatal(err)
	}
	if moved.Reference != b.Reference || moved.Token != b.Token || moved.UID != b.UID || moved.ID != b.ID {
		t.Errorf("identity changed: %+v", moved)
	}
	if moved.Sequence != 1 || !moved.Start.Equal(next) {
		t.Errorf("sequence %d start %s", moved.Sequence, moved.Start)
	}
	f.Book(t, monday) // the old slot is free again
	msgs := f.intents(t, b.ID)
	if len(msgs) != 2 || msgs[1].Kind != booking.MessageChange || msgs[1].Sequence != 1 || !msgs[1].SlotStart.Equal(next) {
		t.Errorf("outbox: %+v", msgs)
	}
}
